import { OutputDir } from '../io/output-dir.js';
import type { ShardRecord } from '../io/shards.js';
import { writeShard, type ShardWrite } from './shard.js';
import type { WeeklyFiles } from '../io/weekly-files.js';
import type { ReplicationSink, JobsOptions } from '../run/parallel.js';
import { loadScenario as load, type LoadedScenario, type ScenarioSource } from '../models/index.js';
import { UserError } from '../scenario/load.js';

/**
 * What every study function takes: how to run (threads, progress, abort), and
 * where to write. Without `out` a study only returns its results; with it, it
 * also writes the folder the command line writes (checked before anything
 * runs, and only ever a new folder or one salesim wrote), and with `range` it
 * writes a shard of the study instead, for `merge`.
 */
export interface StudyOptions extends Omit<JobsOptions, 'sink'> {
  /** The output folder to write, as --out. */
  out?: string;
  /** With `out`: draw report.html and charts/ (default true). */
  report?: boolean;
  /** The --set overrides as the user typed them, for run.json (default none). */
  set?: string[];
  /** Whether the user named `out` (--out) or it is the default, for messages (default true). */
  outGiven?: boolean;
  /** Files the output folder may not hold (default: the scenario files read). */
  inputs?: string[];
  /** Also given each replication's weekly rows, in replication order (see JobsOptions.sink). */
  sink?: ReplicationSink;
}

/** What a study that wrote a folder adds to its results. */
export interface Written {
  /** The folder written, when `out` was given. */
  out?: string;
  /** The record of the shard written, when `range` was given. */
  shard?: ShardRecord;
  /** Seconds from the call to the end of the replications. */
  wall_s: number;
}

/** Overrides in the command line's terms: --set, and the shorthands --reps, --seed, --weeks. */
export interface LoadOptions { set?: string[]; replications?: number; seed?: number | string; weeks?: number }

/**
 * Loads a scenario from a file or an object, with `extends` and overrides, and
 * validates it; a mistake throws a UserError whose message is the one line the
 * command line prints (file:line:col, field path, what was expected).
 */
export function loadScenario(source: ScenarioSource, options: LoadOptions = {}): LoadedScenario {
  const set: string[] = [];
  if (options.weeks !== undefined) set.push(`run.horizon=${options.weeks} wk`);
  if (options.replications !== undefined) set.push(`run.replications=${options.replications}`);
  if (options.seed !== undefined) set.push(`run.seed=${JSON.stringify(String(options.seed))}`);
  return load(source, [...set, ...(options.set ?? [])]);
}

/** A scenario as the study functions take it: loaded already, or a source to load. */
export type ScenarioInput = LoadedScenario | ScenarioSource;

export function asLoaded(s: ScenarioInput): LoadedScenario {
  return typeof s === 'object' && 'spec' in s && 'resolved' in s ? s : load(s as ScenarioSource);
}

/** The files an output may not hold: those the scenarios were read from. */
export function inputsOf(options: StudyOptions, scenarios: LoadedScenario[]): string[] {
  return options.inputs ?? scenarios.filter((s) => s.fromFile).map((s) => s.file);
}

/**
 * `body` with the output folder opened (when `out` is given): abandoned, with
 * nothing left behind, if the body throws (a mistake, Ctrl-C).
 */
export async function inOutput<T>(options: StudyOptions, inputs: string[], body: (out: OutputDir | undefined) => Promise<T>): Promise<T> {
  if (options.range !== undefined && options.out === undefined) throw new UserError('a shard of a study (--replications, --shard) needs an output folder (out)');
  if (options.out === undefined) return body(undefined);
  const out = OutputDir.open(options.out, { given: options.outGiven ?? true, inputs });
  try {
    return await body(out);
  } catch (e) {
    out.abandon();
    throw e;
  }
}

/** Both sinks, the output's first (it holds back the next replication while its files drain). */
export function bothSinks(a: ReplicationSink | undefined, b: ReplicationSink | undefined): ReplicationSink | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return async (job, r, rep) => {
    await a(job, r, rep);
    await b(job, r, rep);
  };
}

/** The options the replication runner takes. */
export function jobsOptions(options: StudyOptions, sink: ReplicationSink | undefined): JobsOptions {
  const { workers, onProgress, signal, range } = options;
  return { workers, onProgress, signal, range, sink: bothSinks(sink, options.sink) };
}

/**
 * `body` with a sink that writes each job's weekly rows to its files (files[j]
 * for job j; no sink when there are none) as the replications finish; the
 * files are closed after it, and torn down if it fails.
 */
export async function writingWeekly<T>(files: WeeklyFiles[], body: (sink: ReplicationSink | undefined) => Promise<T>): Promise<T> {
  const sink: ReplicationSink | undefined = files.length === 0 ? undefined : (j, r, rep) => files[j].write(r, rep);
  try {
    const result = await body(sink);
    await Promise.all(files.map((f) => f.close()));
    return result;
  } catch (e) {
    for (const f of files) f.destroy();
    throw e;
  }
}

/**
 * What every study does once its replications are done: without `out`, return
 * the results; with a range, write the shard (its jobs and arguments as
 * `shard` gives them); else write the command's folder (`write`).
 */
export async function finishStudy<T>(
  out: OutputDir | undefined, outcome: T, started: number, options: StudyOptions,
  shard: () => Omit<ShardWrite, 'set' | 'range' | 'wall'>,
  write: (out: OutputDir, set: string[], wall: number) => Promise<void>,
): Promise<T & Written> {
  const wall = (performance.now() - started) / 1000;
  const wall_s = Number(wall.toFixed(3));
  if (out === undefined) return { ...outcome, wall_s };
  const set = options.set ?? [];
  if (options.range !== undefined) {
    return { ...outcome, out: out.dir, shard: writeShard(out, { ...shard(), set, range: options.range, wall }), wall_s };
  }
  await write(out, set, wall);
  return { ...outcome, out: out.dir, wall_s };
}
