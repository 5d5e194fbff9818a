import { move, transferableSymbol, valueSymbol } from 'piscina';
import { loadScenario } from '../models/index.js';
import { runOne, type Runnable } from './replicate.js';

/**
 * A worker thread of the replication pool (src/run/parallel.ts). It runs from
 * dist/ (compiled JS: worker threads cannot load .ts under Node 20).
 */

/** One replication of one job; the seed is already replicationSeed(run.seed, r). */
export interface ReplicationTask {
  /** Identifies the job's scenario: the compiled spec is cached under it. */
  key: string;
  /** The file it was read from (its name when the scenario has none). */
  file: string;
  /** The scenario after `extends` and `--set` (LoadedScenario.resolved): a file or an object, loaded the same. */
  scenario: Record<string, unknown>;
  seed: string;
}

/**
 * A replication's results as they cross the thread boundary: the weekly rows in
 * one flat array, so that the numbers move as two transferred buffers instead
 * of being copied (or cloned as one object per week).
 */
export interface PackedReplication {
  names: string[];
  values: Float64Array;
  weeklyNames: string[];
  /** Week w's values are weeks[w * weeklyNames.length ... (w + 1) * weeklyNames.length). */
  weeks: Float64Array;
  weekCount: number;
  weeklyLabels?: { name: string; values: string[] }[];
  endTime: number;
  events: number;
}

// A spec holds compiled distributions and closures: it cannot be sent, so each
// thread loads a job once (the main thread has already validated it) and keeps it.
const specs = new Map<string, Runnable>();

export default function runTask(task: ReplicationTask): unknown {
  let spec = specs.get(task.key);
  if (spec === undefined) {
    spec = loadScenario({ scenario: task.scenario, file: task.file });
    specs.set(task.key, spec);
  }
  const rep = runOne(spec, task.seed);
  const n = rep.weeklyNames.length;
  const weeks = new Float64Array(rep.weeks.length * n);
  rep.weeks.forEach((w, i) => weeks.set(w, i * n));
  const packed: PackedReplication = {
    names: rep.names,
    values: rep.values,
    weeklyNames: rep.weeklyNames,
    weeks,
    weekCount: rep.weeks.length,
    endTime: rep.endTime,
    events: rep.events,
  };
  if (rep.weeklyLabels !== undefined) packed.weeklyLabels = rep.weeklyLabels;
  // values may be a view on a larger buffer in principle; copy it then, so only its own bytes move.
  if (packed.values.byteOffset !== 0 || packed.values.byteLength !== packed.values.buffer.byteLength) packed.values = packed.values.slice();
  return move({ [transferableSymbol]: [packed.values.buffer, packed.weeks.buffer], [valueSymbol]: packed });
}
