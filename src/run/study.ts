import { replicationSeed } from '../kernel/random.js';
import type { NetworkSpec } from '../network/spec.js';
import { runReplication, type ReplicationResult } from './replication.js';
import { summarize, type SummaryRow } from './summary.js';

export interface StudyOptions {
  replications: number;
  seed: number | string;
  /** Called after each replication (progress reporting). */
  onReplication?: (done: number, total: number) => void;
}

export interface StudyResult {
  replications: ReplicationResult[];
  summary: SummaryRow[];
  events: number;
}

/** Runs independent replications (replication r uses the seed replicationSeed(seed, r)) and summarizes them. */
export function runStudy(spec: NetworkSpec, options: StudyOptions): StudyResult {
  const reps: ReplicationResult[] = [];
  for (let r = 0; r < options.replications; r++) {
    reps.push(runReplication(spec, replicationSeed(options.seed, r)));
    options.onReplication?.(r + 1, options.replications);
  }
  const names = reps[0].names;
  const summary = names.map((name, k) => summarize(name, reps.map((rep) => rep.values[k])));
  return { replications: reps, summary, events: reps.reduce((a, r) => a + r.events, 0) };
}
