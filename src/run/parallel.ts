import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { replicationSeed } from '../kernel/random.js';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import type { PackedReplication, ReplicationTask } from './parallel-worker.js';
import { asUserError, assembleStudy, runOneSliced, type RunResult, type StudyResult } from './study.js';

/**
 * Replications on all cores. Every (job, replication) pair is one task of a pool
 * of worker threads, so a study of 13 steps x 10 replications keeps every core
 * busy, not only the 10 of one step. Replication r of a job runs with
 * replicationSeed(run.seed, r), exactly as runStudy (the serial reference)
 * does, and results are put back in replication order: the output is
 * byte-identical to a serial run.
 */

/** A scenario as the command line sees it: a file and its --set overrides (run.replications, run.seed included). */
export interface Job { file: string; set: string[] }

export interface JobsOptions {
  /** Threads; default os.availableParallelism(). 1 runs serially in this thread. */
  workers?: number;
  /** Called with 0 at the start, then after each replication, counting over all jobs. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting it stops the work (threads terminated); runJobs then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** A job whose scenario has been loaded (and so validated) in this thread. */
export interface PreparedJob { job: Job; loaded: LoadedScenario }

/**
 * Runs every job's replications and returns one StudyResult per job, in order.
 * Every scenario is loaded here first, so a user error (UserError) is thrown
 * before any thread starts.
 */
export async function runJobs(jobs: Job[], options: JobsOptions = {}): Promise<StudyResult[]> {
  return runPrepared(jobs.map((job) => ({ job, loaded: loadScenario(job.file, job.set) })), options);
}

/** runJobs for jobs already loaded (the CLI loads them itself for run.json and its messages). */
export async function runPrepared(prepared: PreparedJob[], options: JobsOptions = {}): Promise<StudyResult[]> {
  options.signal?.throwIfAborted();
  const total = prepared.reduce((n, p) => n + p.loaded.scenario.run.replications, 0);
  const workers = Math.min(options.workers ?? availableParallelism(), total);
  options.onProgress?.(0, total);
  if (workers <= 1) return runSerial(prepared, options);
  const pool = new ReplicationPool(workers);
  try {
    return await pool.run(prepared, options).catch(rethrow);
  } finally {
    await pool.close();
  }
}

/**
 * runJobs for work that comes in several rounds, each depending on the last (a
 * search asking for a few candidates at a time): the threads start once and
 * serve every round, instead of starting again for each (which costs more than
 * a short study). Serial when `workers` is 1.
 */
export async function withJobRunner<T>(
  workers: number | undefined,
  body: (run: (jobs: Job[], options?: Omit<JobsOptions, 'workers'>) => Promise<StudyResult[]>) => Promise<T>,
): Promise<T> {
  const threads = workers ?? availableParallelism();
  if (threads <= 1) return body((jobs, options = {}) => runJobs(jobs, { ...options, workers: 1 }));
  const pool = new ReplicationPool(threads);
  try {
    return await body(async (jobs, options = {}) => {
      const prepared = jobs.map((job) => ({ job, loaded: loadScenario(job.file, job.set) }));
      options.signal?.throwIfAborted();
      options.onProgress?.(0, prepared.reduce((n, p) => n + p.loaded.scenario.run.replications, 0));
      return pool.run(prepared, options).catch(rethrow);
    });
  } finally {
    await pool.close();
  }
}

/** Worker threads; every (job, replication) pair is one task. */
class ReplicationPool {
  private readonly pool: Piscina<ReplicationTask, PackedReplication>;

  constructor(workers: number) {
    this.pool = new Piscina<ReplicationTask, PackedReplication>({
      filename: workerFile(),
      minThreads: workers,
      maxThreads: workers,
      // Every task is queued at once; the default limit would reject some.
      maxQueue: Infinity,
      idleTimeout: Infinity,
    });
  }

  async run(prepared: PreparedJob[], { signal, onProgress }: JobsOptions): Promise<StudyResult[]> {
    const total = prepared.reduce((n, p) => n + p.loaded.scenario.run.replications, 0);
    let done = 0;
    // One listener for the whole run (not one per task): closing the pool terminates the threads.
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal?.reason);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const studies = prepared.map(({ job, loaded }) => {
        const key = JSON.stringify([job.file, job.set]);
        const { replications, seed } = loaded.scenario.run;
        const reps = Array.from({ length: replications }, (_, r) =>
          this.pool.run({ key, file: resolve(job.file), set: job.set, seed: replicationSeed(seed, r) }).then((packed) => {
            onProgress?.(++done, total);
            return unpack(packed);
          }));
        return Promise.all(reps).then(assembleStudy);
      });
      return await Promise.race([Promise.all(studies), aborted]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      aborted.catch(() => {});
    }
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}

/** A runaway in a worker thread arrives as a plain Error: the user sees it as the UserError it is. */
function rethrow(e: unknown): never {
  throw asUserError(e);
}

/**
 * Events per slice of a serial replication: a few milliseconds of simulation
 * (network runs do ~10M events/s, sales ~1.5M/s) between looks at the event
 * loop, so that Ctrl-C is seen at once and a look costs nothing measurable.
 */
const SERIAL_SLICE = 100_000;

/**
 * The same work in this thread. Each replication runs in slices, yielding to the
 * event loop between them (and between replications), so that an abort (Ctrl-C)
 * is seen even in one long replication; slicing does not change the events.
 */
async function runSerial(prepared: PreparedJob[], { signal, onProgress }: JobsOptions): Promise<StudyResult[]> {
  const total = prepared.reduce((n, p) => n + p.loaded.scenario.run.replications, 0);
  let done = 0;
  const out: StudyResult[] = [];
  for (const { loaded } of prepared) {
    const reps: RunResult[] = [];
    for (let r = 0; r < loaded.scenario.run.replications; r++) {
      const slices = runOneSliced(loaded.spec, replicationSeed(loaded.scenario.run.seed, r), SERIAL_SLICE);
      for (let step = slices.next(); ; step = slices.next()) {
        if (step.done === true) { reps.push(step.value); break; }
        await new Promise((next) => setImmediate(next));
        signal?.throwIfAborted();
      }
      onProgress?.(++done, total);
      await new Promise((next) => setImmediate(next));
      signal?.throwIfAborted();
    }
    out.push(assembleStudy(reps));
  }
  return out;
}

function unpack(p: PackedReplication): RunResult {
  const n = p.weeklyNames.length;
  const weeks = Array.from({ length: p.weekCount }, (_, w) => p.weeks.subarray(w * n, (w + 1) * n));
  const rep: RunResult = { names: p.names, values: p.values, weeklyNames: p.weeklyNames, weeks, endTime: p.endTime, events: p.events };
  if (p.weeklyLabels !== undefined) rep.weeklyLabels = p.weeklyLabels;
  return rep;
}

/** The compiled worker: beside this file in dist/, or in dist/ when this module runs from src/ (tsx, vitest). */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const file = here.endsWith('.ts')
    ? resolve(dirname(here), '../../dist/run/parallel-worker.js')
    : join(dirname(here), 'parallel-worker.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (worker threads load the compiled code)`);
  return file;
}
