import { replicationSeed } from '../kernel/random.js';
import { runOne, type RunResult, type Runnable } from './replicate.js';
import { summarize, type SummaryRow } from './summary.js';
import { WeeklyStats } from './weekly.js';

export interface StudyOptions {
  replications: number;
  seed: number | string;
  /** Called after each replication (progress reporting). */
  onReplication?: (done: number, total: number) => void;
}

// One replication lives in replicate.ts (the worker threads load only that); these are its names here too.
export { asUserError, runOne, runOneSliced, type RunResult, type Runnable } from './replicate.js';

/**
 * What a study keeps of its replications: the summary, the weekly aggregates
 * and each replication's summary values (a few hundred bytes each: the paired
 * differences of a comparison need them). Each replication's weekly rows are
 * not kept: they go to a sink as the replications finish (weekly.csv).
 */
export interface StudyResult {
  summary: SummaryRow[];
  events: number;
  /** Replications run. */
  count: number;
  /** The first one's index (from 0): a shard of a study starts further on; replication first + i has seed replicationSeed(seed, first + i). */
  first: number;
  /** Summary metric names, as every replication has them. */
  names: string[];
  /** Replication r's value of metric k is values[r * names.length + k]. */
  values: Float64Array;
  /** Per week and weekly metric (and text series), the statistics across replications. */
  weekly: WeeklyStats;
}

/**
 * Runs independent replications in this thread (replication r uses the seed
 * replicationSeed(seed, r)) and keeps every one of them: the serial reference
 * for tests and small studies. Commands use runPrepared (src/run/parallel.ts),
 * which keeps only the StudyResult.
 */
export function runStudy(spec: Runnable, options: StudyOptions): StudyResult & { replications: RunResult[] } {
  const reps: RunResult[] = [];
  const study = new StudyBuilder();
  for (let r = 0; r < options.replications; r++) {
    const rep = runOne(spec, replicationSeed(options.seed, r));
    reps.push(rep);
    study.add(rep);
    options.onReplication?.(r + 1, options.replications);
  }
  return { ...study.finish(), replications: reps };
}

/**
 * A study assembled from its replications, given one at a time in replication
 * order (shared by the serial and parallel paths, so both agree to the bit).
 */
export class StudyBuilder {
  private names: string[] = [];
  private values = new Float64Array(0);
  private count = 0;
  private events = 0;
  private readonly weekly = new WeeklyStats();

  /** `first`: the index of the first replication given (a shard's range starts there). */
  constructor(private readonly first = 0) {}

  add(rep: RunResult): void {
    if (this.count === 0) this.names = rep.names;
    const k = this.names.length;
    if (rep.values.length !== k) throw new Error(`replication ${this.count + 1}: ${rep.values.length} summary values, expected ${k}`);
    if ((this.count + 1) * k > this.values.length) {
      // Doubling: a study of n replications copies its values about once more in all.
      const grown = new Float64Array(Math.max(64 * k, 2 * this.values.length));
      grown.set(this.values);
      this.values = grown;
    }
    this.values.set(rep.values, this.count * k);
    this.count++;
    this.events += rep.events;
    this.weekly.addReplication(rep.weeklyNames, rep.weeks, rep.weeklyLabels);
  }

  finish(): StudyResult {
    if (this.count === 0) throw new Error('a study needs at least one replication');
    return studyOf({ names: this.names, values: this.values.slice(0, this.count * this.names.length), first: this.first, events: this.events, weekly: this.weekly });
  }
}

/**
 * A study from its replications' values and weekly aggregates, however they
 * were gathered (run here, or read back from the shards of a merge): the
 * summary is computed from the values in replication order, so the same
 * values give the same summary to the bit.
 */
export function studyOf(parts: { names: string[]; values: Float64Array; first: number; events: number; weekly: WeeklyStats }): StudyResult {
  const { names, values } = parts;
  const k = names.length;
  const count = k === 0 ? 0 : values.length / k;
  if (count === 0) throw new Error('a study needs at least one replication');
  const column = new Float64Array(count);
  const summary = names.map((name, j) => {
    for (let r = 0; r < count; r++) column[r] = values[r * k + j];
    return summarize(name, column);
  });
  return { summary, events: parts.events, count, first: parts.first, names, values, weekly: parts.weekly };
}

/** One metric's values over a study's replications, in replication order (undefined when the study lacks it). */
export function metricValues(study: StudyResult, metric: string): Float64Array | undefined {
  const j = study.names.indexOf(metric);
  if (j < 0) return undefined;
  const k = study.names.length;
  return Float64Array.from({ length: study.count }, (_, r) => study.values[r * k + j]);
}
