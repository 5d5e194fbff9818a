import { replicationSeed } from '../kernel/random.js';
import { isRunaway } from '../kernel/runaway.js';
import { complete } from '../kernel/simulation.js';
import type { NetworkSpec } from '../network/spec.js';
import { salesReplicationSlices } from '../sales/replication.js';
import type { SalesSpec } from '../sales/spec.js';
import { UserError } from '../scenario/load.js';
import { replicationSlices, type ReplicationResult } from './replication.js';
import { summarize, type SummaryRow } from './summary.js';

export interface StudyOptions {
  replications: number;
  seed: number | string;
  /** Called after each replication (progress reporting). */
  onReplication?: (done: number, total: number) => void;
}

/** A replication's results; sales runs add text series per week (the constraint). */
export type RunResult = ReplicationResult & { weeklyLabels?: { name: string; values: string[] }[] };

export interface StudyResult {
  replications: RunResult[];
  summary: SummaryRow[];
  events: number;
}

/** Runs independent replications (replication r uses the seed replicationSeed(seed, r)) and summarizes them. */
export function runStudy(spec: NetworkSpec | SalesSpec, options: StudyOptions): StudyResult {
  const reps: RunResult[] = [];
  for (let r = 0; r < options.replications; r++) {
    reps.push(runOne(spec, replicationSeed(options.seed, r)));
    options.onReplication?.(r + 1, options.replications);
  }
  return assembleStudy(reps);
}

/** One replication of either kind of scenario, with its replication seed. A runaway run throws a UserError. */
export function runOne(spec: NetworkSpec | SalesSpec, seed: string): RunResult {
  return complete(runOneSliced(spec, seed, Infinity));
}

/** runOne pausing (yield) every `slice` events, so that a caller can let the event loop run; the same result. */
export function* runOneSliced(spec: NetworkSpec | SalesSpec, seed: string, slice: number): Generator<void, RunResult> {
  try {
    return yield* 'company' in spec ? salesReplicationSlices(spec, seed, slice) : replicationSlices(spec, seed, slice);
  } catch (e) {
    throw asUserError(e);
  }
}

/**
 * A runaway run (kernel/runaway.ts) is the scenario's fault, not the program's:
 * a UserError with the same one-line message. From a worker thread the error
 * arrives without its class, hence the test on the message (isRunaway).
 */
export function asUserError(e: unknown): unknown {
  return isRunaway(e) && !(e instanceof UserError) ? new UserError(e.message) : e;
}

/** Summarizes replications given in replication order (shared by the serial and parallel paths, so both agree). */
export function assembleStudy(reps: RunResult[]): StudyResult {
  const names = reps[0].names;
  const summary = names.map((name, k) => summarize(name, reps.map((rep) => rep.values[k])));
  return { replications: reps, summary, events: reps.reduce((a, r) => a + r.events, 0) };
}
