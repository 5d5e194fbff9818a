import { replicationSeed } from '../kernel/random.js';
import type { NetworkSpec } from '../network/spec.js';
import { runSalesReplication } from '../sales/replication.js';
import type { SalesSpec } from '../sales/spec.js';
import { runReplication, type ReplicationResult } from './replication.js';
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

/** One replication of either kind of scenario, with its replication seed. */
export function runOne(spec: NetworkSpec | SalesSpec, seed: string): RunResult {
  return 'company' in spec ? runSalesReplication(spec, seed) : runReplication(spec, seed);
}

/** Summarizes replications given in replication order (shared by the serial and parallel paths, so both agree). */
export function assembleStudy(reps: RunResult[]): StudyResult {
  const names = reps[0].names;
  const summary = names.map((name, k) => summarize(name, reps.map((rep) => rep.values[k])));
  return { replications: reps, summary, events: reps.reduce((a, r) => a + r.events, 0) };
}
