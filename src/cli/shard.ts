import type { Argv } from 'yargs';
import type { ShardRecord } from '../io/shards.js';
import { rangeText, type ReplicationRange } from '../run/range.js';
import { printJson } from './args.js';

/**
 * --replications A-B and --shard i/n on run, compare and stress: the command
 * runs that range of the study's replications into a shard folder, which
 * `salesim merge` later puts together with the others (docs/cluster.md).
 */
export interface ShardFlags { replications?: string; shard?: string }

export function shardArgs<T>(y: Argv<T>) {
  return y
    .option('replications', { type: 'string', describe: 'run only replications A-B of the study (from 1) into a shard folder, for `salesim merge`' })
    .option('shard', { type: 'string', describe: 'run shard i of n (i from 0: $JOB_COMPLETION_INDEX, $SLURM_ARRAY_TASK_ID) into a shard folder, for `salesim merge`' });
}

/** A shard's default folder: the command's own, with the range. */
export function shardFolder(name: string, range: ReplicationRange): string {
  return `${name}-r${rangeText(range)}`;
}

/** What a shard prints: where it went and how to merge it (--json: its record, less the scenarios). */
export function printShard(record: ShardRecord, dir: string, wall: number, flags: { quiet: boolean; json?: boolean }): void {
  if (flags.json) {
    const { scenarios: _s, ...head } = record;
    printJson({ ...head, out: dir });
    return;
  }
  if (!flags.quiet) {
    process.stdout.write(`${record.command}: shard of replications ${record.range} of ${record.replications} (seed ${record.seed}), ${wall.toFixed(2)} s\n`);
  }
  process.stdout.write(`wrote shard ${dir} (replications.csv, weekly files, run.json); when every shard is done: salesim merge OUT ${dir} ...\n`);
}
