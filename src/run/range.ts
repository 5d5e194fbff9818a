import { UserError } from '../scenario/load.js';

/**
 * Which replications a study runs. Replication r (from 0) always runs on
 * replicationSeed(run.seed, r), whoever runs it, so a study of R replications
 * can be split into ranges run anywhere (a shard each) and merged afterwards
 * into what one machine would have produced. Files and flags number
 * replications from 1, as weekly.csv does; `from` and `to` here are 0-based,
 * `to` excluded.
 */
export interface ReplicationRange { from: number; to: number }

/** Every replication of a study of `total`. */
export function wholeRange(total: number): ReplicationRange {
  return { from: 0, to: total };
}

/** As the files and the flags say it: `1-2500`. */
export function rangeText(r: ReplicationRange): string {
  return `${r.from + 1}-${r.to}`;
}

/**
 * `--replications A-B` (from 1, both included) or `--shard i/n` (i from 0 to
 * n-1, as Kubernetes' JOB_COMPLETION_INDEX and a Slurm array `--array=0-9`
 * count): the range within a study of `total` replications, checked.
 */
export function parseRange(spec: { replications?: string; shard?: string }, total: number): ReplicationRange | undefined {
  if (spec.replications !== undefined && spec.shard !== undefined) {
    throw new UserError(`--replications ${spec.replications}, --shard ${spec.shard}: expected one of them, not both`);
  }
  if (spec.replications !== undefined) {
    const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(spec.replications) ?? /^\s*(\d+)\s*$/.exec(spec.replications);
    const a = m === null ? NaN : Number(m[1]);
    const b = m === null ? NaN : Number(m[2] ?? m[1]);
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || a < 1 || b < a) {
      throw new UserError(`--replications ${spec.replications}: expected a range A-B of replications from 1 with A <= B, e.g. --replications 1-2500`);
    }
    if (b > total) throw new UserError(`--replications ${spec.replications}: the study has ${total} replications (run.replications or --reps); expected a range within 1-${total}`);
    return { from: a - 1, to: b };
  }
  if (spec.shard !== undefined) {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec.shard);
    const i = m === null ? NaN : Number(m[1]);
    const n = m === null ? NaN : Number(m[2]);
    if (!Number.isSafeInteger(i) || !Number.isSafeInteger(n) || n < 1 || i >= n) {
      throw new UserError(`--shard ${spec.shard}: expected i/n with 0 <= i < n (shard i of n, counted from 0), e.g. --shard 0/10`);
    }
    if (n > total) throw new UserError(`--shard ${spec.shard}: ${n} shards of ${total} replications would leave some empty; expected at most ${total} shards`);
    return shardRange(i, n, total);
  }
  return undefined;
}

/** Shard i of n: the replications floor(i R / n) to floor((i + 1) R / n) - 1, so the shards differ in size by one at most. */
export function shardRange(i: number, n: number, total: number): ReplicationRange {
  return { from: Math.floor((i * total) / n), to: Math.floor(((i + 1) * total) / n) };
}

/** The ranges of 0..total not covered by any of `ranges` (which must not overlap), in order. */
export function missingRanges(ranges: ReplicationRange[], total: number): ReplicationRange[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const out: ReplicationRange[] = [];
  let at = 0;
  for (const r of sorted) {
    if (r.from > at) out.push({ from: at, to: r.from });
    at = Math.max(at, r.to);
  }
  if (at < total) out.push({ from: at, to: total });
  return out;
}
