import type { Argv } from 'yargs';
import type { OutputDir } from '../io/output-dir.js';
import { shardJobFiles, studyHash, type ShardCommand, type ShardRecord } from '../io/shards.js';
import { rangeText, type ReplicationRange } from '../run/range.js';
import type { StudyResult } from '../run/study.js';
import type { LoadedScenario } from '../scenario/load.js';
import { jsonFile, printJson, VERSION } from './args.js';

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

export interface ShardWrite {
  command: ShardCommand;
  /** The overrides as the user typed them (run.json's `set`). */
  set: string[];
  args: Record<string, unknown>;
  scenarios: LoadedScenario[];
  /** Each job's folder in the shard ('' for the top) and its study. */
  jobs: { folder: string; study: StudyResult }[];
  range: ReplicationRange;
  wall: number;
}

/** Writes a shard's files and record, commits the folder, and says how to merge it. */
export function writeShard(out: OutputDir, s: ShardWrite, flags: { quiet: boolean; json?: boolean }): void {
  const scenarios = s.scenarios.map((l) => ({ file: l.file, resolved: l.resolved }));
  const { seed, replications } = s.scenarios[0].scenario.run;
  const record: ShardRecord = {
    salesim: VERSION,
    command: s.command,
    hash: studyHash(s.command, s.args, scenarios, s.set),
    seed,
    replications,
    range: rangeText(s.range),
    set: s.set,
    args: s.args,
    scenarios,
    jobs: s.jobs.map((j) => ({ folder: j.folder, events: j.study.events })),
    wall_s: Number(s.wall.toFixed(3)),
  };
  for (const j of s.jobs) out.writeAll(shardJobFiles(j.folder, j.study));
  out.write('run.json', jsonFile(record));
  out.commit();
  if (flags.json) {
    const { scenarios: _s, ...head } = record;
    printJson({ ...head, out: out.dir });
    return;
  }
  if (!flags.quiet) {
    process.stdout.write(`${s.command}: shard of replications ${record.range} of ${replications} (seed ${seed}), ${s.wall.toFixed(2)} s\n`);
  }
  process.stdout.write(`wrote shard ${out.dir} (replications.csv, weekly files, run.json); when every shard is done: salesim merge OUT ${out.dir} ...\n`);
}
