import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { missingRanges, rangeText, type ReplicationRange } from '../run/range.js';
import { studyOf, type StudyResult } from '../run/study.js';
import { WeeklyStats } from '../run/weekly.js';
import { UserError } from '../scenario/load.js';
import { VERSION } from '../version.js';
import type { OutputDir } from './output-dir.js';
import { readReplications, replicationsCsv } from './replications-file.js';
import { concatenateCsv, readWeekly } from './weekly-files.js';

/**
 * Shards: a study's replications split into ranges, each run anywhere (a job
 * of a cluster's own engine) into a folder of its own, then merged into what
 * the unsharded command writes. A shard folder holds, for each job of the
 * study (the run's scenario, each compared model, each stress step: a
 * subfolder, or the top for `run`), its replications' values
 * (replications.csv) and weekly rows, and at the top the record that says
 * which study it belongs to (run.json): salesim's version, the command and its
 * arguments, the scenarios as loaded (after `extends` and `--set`), a hash of
 * all of these, the seed and the range.
 */

export type ShardCommand = 'run' | 'compare' | 'stress';

export interface ShardRecord {
  salesim: string;
  command: ShardCommand;
  /** sha256 of the command, its arguments and the scenarios: shards of one study have the same. */
  hash: string;
  seed: number | string;
  /** Replications of the whole study. */
  replications: number;
  /** This shard's: `A-B`, from 1, both included. */
  range: string;
  /** The --set overrides as typed (with --reps, --seed, --weeks as sets), for the merged run.json. */
  set: string[];
  /** What the command needs besides its scenarios to finish the study (the models' names, what grows...). */
  args: Record<string, unknown>;
  /** The scenarios the command loaded, as run.json's `resolved`, and their files. */
  scenarios: { file: string; resolved: Record<string, unknown> }[];
  /** The study's jobs: the folder of each (`` for the top) and the events its replications took. */
  jobs: { folder: string; events: number }[];
  wall_s: number;
}

/** The hash that ties the shards of one study together. */
export function studyHash(command: ShardCommand, args: Record<string, unknown>, scenarios: ShardRecord['scenarios'], set: string[]): string {
  return createHash('sha256').update(JSON.stringify({ command, args, set, scenarios })).digest('hex');
}

/** A job's files in a shard: its replications' values (its weekly rows were streamed into the same folder as they finished). */
export function shardJobFiles(folder: string, study: StudyResult): Record<string, string> {
  const at = (f: string) => (folder === '' ? f : `${folder}/${f}`);
  const files: Record<string, string> = { [at('replications.csv')]: replicationsCsv(study) };
  // A job's folder is recognisably salesim's, like a comparison's model folder.
  if (folder !== '') files[at('run.json')] = `${JSON.stringify({ salesim: VERSION, shard_job: folder, events: study.events }, null, 2)}\n`;
  return files;
}

/** The shards of one study, checked, in replication order. */
export interface Shards {
  record: ShardRecord;
  /** Each shard's folder, range and record, sorted by range. */
  parts: { dir: string; range: ReplicationRange; record: ShardRecord }[];
  wall_s: number;
}

/** Reads every shard's record and checks that they belong to one study, do not overlap and cover it whole. */
export function readShards(dirs: string[], version: string): Shards {
  if (dirs.length === 0) throw new UserError('merge: expected one or more shard folders (written with --replications A-B or --shard i/n)');
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    const key = resolve(dir);
    if (seen.has(key)) throw new UserError(`${dir}: given twice (as ${seen.get(key)} too)`);
    seen.set(key, dir);
  }
  const read = dirs.map((dir) => ({ dir, record: readRecord(dir) }));
  const first = read[0];
  for (const { dir, record } of read) {
    if (record.salesim !== version) throw new UserError(`${dir}: written by salesim ${record.salesim}; this is ${version} (merge shards with the version that ran them)`);
    for (const [what, mine, theirs] of [['command', record.command, first.record.command], ['seed', record.seed, first.record.seed], ['replications', record.replications, first.record.replications], ['hash', record.hash, first.record.hash]] as const) {
      if (mine !== theirs) {
        const why = what === 'hash' ? 'another scenario, other overrides or other arguments' : `${what} ${JSON.stringify(mine)}, not ${JSON.stringify(theirs)}`;
        throw new UserError(`${dir}: not a shard of the same study as ${first.dir} (${why})`);
      }
    }
  }
  const parts = read.map(({ dir, record }) => ({ dir, record, range: parseRecordRange(dir, record) })).sort((a, b) => a.range.from - b.range.from);
  for (let i = 1; i < parts.length; i++) {
    const [a, b] = [parts[i - 1], parts[i]];
    if (b.range.from < a.range.to) {
      const overlap = { from: b.range.from, to: Math.min(a.range.to, b.range.to) };
      throw new UserError(`${b.dir}: replications ${rangeText(overlap)} are in ${a.dir} too; expected shards that do not overlap`);
    }
  }
  const missing = missingRanges(parts.map((p) => p.range), first.record.replications);
  if (missing.length > 0) {
    throw new UserError(`merge: missing replications ${missing.map(rangeText).join(', ')} of 1-${first.record.replications}: no shard given holds them`);
  }
  return { record: first.record, parts, wall_s: read.reduce((s, r) => s + r.record.wall_s, 0) };
}

/**
 * Job `j`'s study from the shards: its replications' values in order, and its
 * weekly rows, concatenated into `out` (when `copy`: the command writes them)
 * and read back into the weekly statistics as `salesim report` reads them.
 */
export async function mergeJob(shards: Shards, j: number, out: OutputDir, copy: boolean): Promise<StudyResult> {
  const folder = shards.record.jobs[j].folder;
  const at = (dir: string, f: string) => join(dir, folder, f);
  let names: string[] | undefined;
  const chunks: Float64Array[] = [];
  let events = 0;
  for (const p of shards.parts) {
    const part = await readReplications(at(p.dir, 'replications.csv'), p.range.from, p.range.to, names);
    names = part.names;
    chunks.push(part.values);
    events += p.record.jobs[j]?.events ?? 0;
  }
  const values = new Float64Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) { values.set(c, offset); offset += c.length; }
  const weekly = new WeeklyStats();
  if (copy) {
    const target = (f: string) => out.path(folder === '' ? f : `${folder}/${f}`);
    for (const f of ['weekly.csv', 'weekly-labels.csv']) await concatenateCsv(target(f), shards.parts.map((p) => at(p.dir, f)));
    await readWeekly(out.path(folder === '' ? '.' : folder), weekly);
  } else {
    for (const p of shards.parts) await readWeekly(join(p.dir, folder), weekly);
  }
  return studyOf({ names: names ?? [], values, first: 0, events, weekly });
}

function readRecord(dir: string): ShardRecord {
  const file = join(dir, 'run.json');
  let record: unknown;
  try {
    record = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: ${code === 'ENOENT' ? 'not found' : 'not JSON'} (expected a shard folder written by salesim with --replications A-B or --shard i/n)`);
  }
  const r = record as Partial<ShardRecord>;
  if (typeof r.salesim !== 'string' || typeof r.range !== 'string' || typeof r.hash !== 'string' || !Array.isArray(r.jobs) || !Array.isArray(r.scenarios)) {
    throw new UserError(`${dir}: not a shard folder (its run.json has no range; expected the output of salesim run, compare or stress with --replications A-B or --shard i/n)`);
  }
  return r as ShardRecord;
}

function parseRecordRange(dir: string, record: ShardRecord): ReplicationRange {
  const m = /^(\d+)-(\d+)$/.exec(record.range);
  const from = m === null ? NaN : Number(m[1]) - 1;
  const to = m === null ? NaN : Number(m[2]);
  if (!(from >= 0 && to > from && to <= record.replications)) throw new UserError(`${dir}/run.json: range '${record.range}': expected A-B within 1-${record.replications}`);
  return { from, to };
}
