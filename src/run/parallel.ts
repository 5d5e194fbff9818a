import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { replicationSeed } from '../kernel/random.js';
import { loadScenario, type LoadedScenario } from '../models/index.js';
import type { PackedReplication, ReplicationTask } from './parallel-worker.js';
import type { ReplicationRange } from './range.js';
import { asUserError, runOneSliced, StudyBuilder, type RunResult, type StudyResult } from './study.js';

/**
 * Replications on all cores: this thread and a worker thread per other core.
 * Every (job, replication) pair is one task, so a study of 13 steps x 10
 * replications keeps every core busy, not only the 10 of one step. Replication r of a job runs with
 * replicationSeed(run.seed, r), exactly as runStudy (the serial reference)
 * does, and results are put back in replication order: the output is
 * byte-identical to a serial run. Only a bounded window of replications is
 * started ahead of the next one due, so a study of any length
 * holds a few results at a time, not all of them.
 */

/** Replications per worker (a thread, or this one) started ahead of the next one due: enough to keep all busy while one is slow. */
export const AHEAD_PER_THREAD = 8;

/** A scenario as the command line sees it: a file and its --set overrides (run.replications, run.seed included). */
export interface Job { file: string; set: string[] }

export interface JobsOptions {
  /** Replications run at once: this thread and workers - 1 worker threads; default os.availableParallelism(). 1 runs serially in this thread. */
  workers?: number;
  /** Called with 0 at the start, then after each replication, counting over all jobs. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting it stops the work (threads terminated); runJobs then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Given every finished replication, in replication order, job after job (the
   * replication's weekly rows are kept nowhere else: write them out here). A
   * returned promise holds back the next one until it settles (backpressure);
   * a rejection stops the work like an abort.
   */
  sink?: ReplicationSink;
  /**
   * The replications to run of every job (a shard of the study); default all
   * of run.replications. Replication r still runs on replicationSeed(seed, r).
   */
  range?: ReplicationRange;
}

/** The replications of a job that a run covers: the range asked for, or all of them. */
function rangeOf(p: PreparedJob, range: ReplicationRange | undefined): ReplicationRange {
  return range ?? { from: 0, to: p.loaded.scenario.run.replications };
}

/** How many replications a run covers over all its jobs. */
function totalOf(prepared: PreparedJob[], range: ReplicationRange | undefined): number {
  return prepared.reduce((n, p) => { const r = rangeOf(p, range); return n + r.to - r.from; }, 0);
}

/** Receives replication `replication` (from 0) of job `job` (the index in the list given). */
export type ReplicationSink = (job: number, replication: number, result: RunResult) => void | Promise<void>;

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
  const total = totalOf(prepared, options.range);
  const workers = Math.min(options.workers ?? availableParallelism(), total);
  options.onProgress?.(0, total);
  if (workers <= 1) return runSerial(prepared, options);
  // The threads start now and load the code while this thread runs the first replication, which also
  // times the work: a study with less left than a thread's start-up costs stays in this thread.
  const pool = new ReplicationPool(workers);
  try {
    // Workers asked for by number: no probe, the threads start taking replications at once.
    if (options.workers !== undefined) return await pool.run(prepared, options).catch(rethrow);
    const first = prepared[0];
    const started = performance.now();
    const head = await runSliced(first.loaded, replicationSeed(first.loaded.scenario.run.seed, rangeOf(first, options.range).from), options.signal);
    const left = ((performance.now() - started) / 1000) * (total - 1);
    if (left < SERIAL_BELOW_S) return await runSerial(prepared, options, head);
    return await pool.run(prepared, options, head).catch(rethrow);
  } finally {
    await pool.close();
  }
}

/**
 * Below this many seconds of work left after the first replication, a study
 * runs on in one thread: starting worker threads (each loads the code and
 * compiles the scenario: 0.5-1 s here) would cost more than they save. Only when
 * the number of threads is the default; `workers` given is obeyed.
 */
export const SERIAL_BELOW_S = 1.5;

/**
 * runJobs for work that comes in several rounds, each depending on the last (a
 * search asking for a few candidates at a time): the threads start once and
 * serve every round, instead of starting again for each (which costs more than
 * a short study). Serial when `workers` is 1.
 */
export async function withJobRunner<T>(
  workers: number | undefined,
  body: (run: (jobs: (Job | LoadedScenario)[], options?: Omit<JobsOptions, 'workers'>) => Promise<StudyResult[]>) => Promise<T>,
): Promise<T> {
  const count = workers ?? availableParallelism();
  const prepare = (jobs: (Job | LoadedScenario)[]): PreparedJob[] => jobs.map((j) => ('spec' in j
    ? { job: { file: j.file, set: [] }, loaded: j }
    : { job: j, loaded: loadScenario(j.file, j.set) }));
  if (count <= 1) return body((jobs, options = {}) => runPrepared(prepare(jobs), { ...options, workers: 1 }));
  const pool = new ReplicationPool(count);
  try {
    return await body(async (jobs, options = {}) => {
      const prepared = prepare(jobs);
      options.signal?.throwIfAborted();
      options.onProgress?.(0, totalOf(prepared, options.range));
      return pool.run(prepared, options).catch(rethrow);
    });
  } finally {
    await pool.close();
  }
}

/**
 * piscina loads a worker's file with require() first, and Node 20.19+ then
 * loads our ES modules through require(esm), which under load has crashed the
 * process (`FATAL ERROR: v8::Module::IsGraphAsync must be used on an
 * instantiated module`, in loadESMFromCJS). With require(esm) off in the
 * threads, require() refuses the file and piscina imports it, the ordinary
 * path. The flag is passed only where this Node knows it.
 */
const WORKER_EXEC_ARGV = [
  ...process.execArgv,
  ...(process.allowedNodeEnvironmentFlags.has('--no-experimental-require-module') ? ['--no-experimental-require-module'] : []),
];

/**
 * Tasks posted to a thread at once: the one it runs and two more, so that it
 * never waits for this thread, which answers only between slices of its own
 * replication (a finished result may wait a slice, and the next post another).
 * Measured with `npm run bench -- --only pool --repeat 5` on 2 cores, quiet:
 * medians 0.89-0.96 of two separate processes with 2 (rounds down to 0.83),
 * 0.92-0.96 with 3 (0.80-0.99), 0.95 with 4; 3 holds fewer results in flight.
 */
const TASKS_PER_THREAD = 3;

/** A promise settled from outside; its rejection counts as handled (a run that stops early leaves some unread). */
interface Slot { promise: Promise<RunResult>; resolve: (rep: RunResult) => void; reject: (e: unknown) => void }

function slot(): Slot {
  let resolve!: Slot['resolve'];
  let reject!: Slot['reject'];
  const promise = new Promise<RunResult>((res, rej) => { resolve = res; reject = rej; });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * `workers` replications at a time: this thread and workers - 1 worker threads.
 * This thread runs replications too, between handing out tasks and taking in
 * results, rather than idling while the threads work: it has loaded the code
 * and the scenario already (to validate them) and is warm from the first
 * replication, where a thread more would load and warm up from cold on a core
 * this thread's work leaves it (measured on 2 cores: 0.95 of two separate
 * processes' throughput instead of 0.87 with two threads).
 */
export class ReplicationPool {
  private readonly pool: Piscina<ReplicationTask, PackedReplication>;
  private readonly threads: number;
  private closing = false;
  /** A fault of the pool itself (not of one task), kept for the run it stops: the current one, or the next. */
  private fault: unknown = null;
  private onFault: ((e: unknown) => void) | null = null;

  constructor(private readonly workers: number) {
    this.threads = workers - 1;
    this.pool = new Piscina<ReplicationTask, PackedReplication>({
      filename: workerFile(),
      minThreads: this.threads,
      maxThreads: this.threads,
      concurrentTasksPerWorker: TASKS_PER_THREAD,
      // The window bounds what is queued (AHEAD_PER_THREAD per worker), not piscina's queue.
      maxQueue: Infinity,
      idleTimeout: Infinity,
      execArgv: WORKER_EXEC_ARGV,
    });
    // piscina emits 'error' for what belongs to no task: a thread that fails while idle, or a result that
    // arrives after its task was let go. While closing, that is a replication of a stopped run finishing
    // as its thread is terminated (seen under load): nothing to report. Otherwise it stops the run. Without
    // a listener the emit would throw out of piscina's message handler, an uncaught exception.
    this.pool.on('error', (e: unknown) => {
      if (this.closing) return;
      if (this.onFault !== null) this.onFault(e);
      else this.fault ??= e;
    });
  }

  /** `head`: the first replication, run already in the main thread (runPrepared's probe), or none. */
  async run(prepared: PreparedJob[], { signal, onProgress, sink, range }: JobsOptions, head?: RunResult): Promise<StudyResult[]> {
    if (this.fault !== null) { const e = this.fault; this.fault = null; throw e; }
    // Every (job, replication) pair in order: task i is replication reps[i] of job jobs[i].
    const jobs: number[] = [];
    const reps: number[] = [];
    prepared.forEach((p, j) => {
      const { from, to } = rangeOf(p, range);
      for (let r = from; r < to; r++) { jobs.push(j); reps.push(r); }
    });
    const total = jobs.length;
    // A job is its resolved scenario: the same text is the same compiled spec, whichever file or object it came from.
    const keys = prepared.map(({ loaded }) => JSON.stringify([loaded.file, loaded.resolved]));
    const builders = prepared.map((p) => new StudyBuilder(rangeOf(p, range).from));
    const ahead = AHEAD_PER_THREAD * this.workers;
    const seedOf = (i: number) => replicationSeed(prepared[jobs[i]].loaded.scenario.run.seed, reps[i]);
    // Replication i's result, from whichever thread runs it; kept until it is due.
    const slots = new Map<number, Slot>();
    const slotOf = (i: number) => { let s = slots.get(i); if (s === undefined) slots.set(i, (s = slot())); return s; };
    let started = 0;
    let due = 0;
    let inThreads = 0;
    let done = 0;
    let stopped = false;
    // Replications start in order, none further than `ahead` past the one due: a bounded window.
    const open = () => !stopped && started < total && started <= due + ahead;
    const finished = (i: number, rep: RunResult) => { slotOf(i).resolve(rep); onProgress?.(++done, total); };
    const feedThreads = () => {
      while (inThreads < TASKS_PER_THREAD * this.threads && open()) {
        const i = started++;
        const { loaded } = prepared[jobs[i]];
        inThreads++;
        this.pool.run({ key: keys[jobs[i]], file: loaded.file, scenario: loaded.resolved, seed: seedOf(i) }).then(
          (p) => { inThreads--; finished(i, unpack(p)); feedThreads(); },
          (e) => { inThreads--; slotOf(i).reject(e); },
        );
      }
    };
    // This thread's share: the next replication no thread has been given, while the window is open.
    let moved = (): void => {};
    const here = async () => {
      while (!stopped && started < total) {
        if (!open()) { await new Promise<void>((next) => { moved = next; }); continue; }
        const i = started++;
        const rep = await runSliced(prepared[jobs[i]].loaded, seedOf(i), signal, () => stopped).catch((e: unknown) => {
          slotOf(i).reject(e);
          return null;
        });
        if (rep === null) return;
        finished(i, rep);
        feedThreads();
      }
    };
    // One listener for the whole run (not one per task): closing the pool terminates the threads. It rejects
    // whatever the loop waits for; racing every wait against one never-settling promise instead would leave a
    // reaction on it per replication (memory growing with the study).
    let interrupt: ((reason: unknown) => void) | null = null;
    const onAbort = () => interrupt?.(signal?.reason);
    let faulted: { error: unknown } | null = null;
    this.onFault = (e) => { faulted ??= { error: e }; interrupt?.(e); };
    const until = <T>(p: Promise<T>): Promise<T> => new Promise<T>((res, rej) => {
      signal?.throwIfAborted();
      if (faulted !== null) throw faulted.error;
      interrupt = rej;
      p.then(res, rej);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
    if (head !== undefined) finished(started++, head);
    feedThreads();
    const mine = here();
    try {
      for (; due < total; due++) {
        const rep = await until(slotOf(due).promise);
        slots.delete(due);
        builders[jobs[due]].add(rep);
        const accepted = sink?.(jobs[due], reps[due], rep);
        // A wait for a stream torn down after an abort may still reject later: it is handled (until() attaches to it).
        if (accepted !== undefined) await until(accepted);
        // The window moves on: more for the threads, and for this thread if it was waiting.
        feedThreads();
        moved();
      }
      return builders.map((b) => b.finish());
    } finally {
      stopped = true;
      interrupt = null;
      this.onFault = null;
      signal?.removeEventListener('abort', onAbort);
      moved();
      // This thread's replication stops at its next slice; tasks still out on the threads end when the pool closes.
      await mine;
    }
  }

  close(): Promise<void> {
    this.closing = true;
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
async function runSerial(prepared: PreparedJob[], { signal, onProgress, sink, range }: JobsOptions, head?: RunResult): Promise<StudyResult[]> {
  const total = totalOf(prepared, range);
  let done = 0;
  const out: StudyResult[] = [];
  for (const [j, p] of prepared.entries()) {
    const { loaded } = p;
    const { from, to } = rangeOf(p, range);
    const study = new StudyBuilder(from);
    for (let r = from; r < to; r++) {
      // The first replication may have been run already (runPrepared's probe).
      const rep = j === 0 && r === from && head !== undefined ? head : await runSliced(loaded, replicationSeed(loaded.scenario.run.seed, r), signal);
      study.add(rep);
      await sink?.(j, r, rep);
      onProgress?.(++done, total);
      await new Promise((next) => setImmediate(next));
      signal?.throwIfAborted();
    }
    out.push(study.finish());
  }
  return out;
}

/** One replication in this thread, in slices, looking at the abort signal (and `stopped`: the run has ended) between them. */
async function runSliced(loaded: LoadedScenario, seed: string, signal: AbortSignal | undefined, stopped = () => false): Promise<RunResult> {
  const slices = runOneSliced(loaded, seed, SERIAL_SLICE);
  for (let step = slices.next(); ; step = slices.next()) {
    if (step.done === true) return step.value;
    await new Promise((next) => setImmediate(next));
    signal?.throwIfAborted();
    if (stopped()) throw new Error('replication left off: the run has ended');
  }
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
