import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventEmitter } from 'node:events';
import { AHEAD_PER_THREAD, ReplicationPool, runJobs, withJobRunner, type Job, type ReplicationSink } from '../../src/run/parallel.js';
import { runStudy, type RunResult, type StudyResult } from '../../src/run/study.js';
import type { WeeklyStats } from '../../src/run/weekly.js';
import { UserError } from '../../src/scenario/load.js';
import { loadScenario } from '../../src/models/index.js';
import { ROOT } from '../support/study.js';

const JOBS: Job[] = [
  { file: resolve(ROOT, 'scenarios/outside-in.yaml'), set: ['run.horizon=8 wk', 'run.warmup=2 wk', 'run.replications=3', 'run.seed=4'] },
  { file: resolve(ROOT, 'test/fixtures/everything.yaml'), set: ['run.replications=4'] },
  { file: resolve(ROOT, 'scenarios/theory/mmc.yaml'), set: ['run.horizon=3 wk', 'run.replications=2'] },
];

function serial(job: Job) {
  const loaded = loadScenario(job.file, job.set);
  const { scenario } = loaded;
  return runStudy(loaded, { replications: scenario.run.replications, seed: scenario.run.seed });
}

/** Every weekly statistic, for exact comparison. */
function weeklyOf(w: WeeklyStats) {
  return {
    metrics: w.metrics().map((m) => [m, w.moments(m)]),
    labels: w.series().map((s) => [s, w.labels(s).map((l) => [...l.counts])]),
    lastWeek: w.lastWeek,
  };
}

/** Everything a study's output files are made of, as plain arrays (exact equality). */
function plain(s: StudyResult) {
  return { summary: s.summary, events: s.events, count: s.count, names: s.names, values: Array.from(s.values), weekly: weeklyOf(s.weekly) };
}

function plainRep(r: RunResult) {
  return { names: r.names, values: Array.from(r.values), weeklyNames: r.weeklyNames, weeks: r.weeks.map((w) => Array.from(w)), labels: r.weeklyLabels, endTime: r.endTime, events: r.events };
}

/** A sink that keeps what it is given, in the order given, as [job, replication, result]. */
function collector(): { sink: ReplicationSink; got: [number, number, ReturnType<typeof plainRep>][] } {
  const got: [number, number, ReturnType<typeof plainRep>][] = [];
  // Every third replication makes the runner wait (as a full file buffer does): order must hold all the same.
  const sink: ReplicationSink = (job, r, rep) => {
    got.push([job, r, plainRep(rep)]);
    return r % 3 === 0 ? new Promise((next) => setTimeout(next, 5)) : undefined;
  };
  return { sink, got };
}

describe('runJobs: replications on worker threads', () => {
  it('with the default threads, the first replication runs here (timing the study): short studies stay here, long ones go to the pool, the same results either way', async () => {
    const short: Job = { file: resolve(ROOT, 'scenarios/theory/mmc.yaml'), set: ['run.horizon=3 wk', 'run.replications=3'] };
    const long: Job = { file: resolve(ROOT, 'scenarios/inside-out.yaml'), set: ['run.horizon=26 wk', 'run.replications=12'] };
    for (const job of [short, long]) {
      const progress: number[] = [];
      const seen = collector();
      const [got] = await runJobs([job], { onProgress: (done) => progress.push(done), sink: seen.sink });
      const reference = serial(job);
      expect(plain(got)).toEqual(plain(reference));
      expect(seen.got).toEqual(reference.replications.map((rep, r) => [0, r, plainRep(rep)]));
      expect(progress).toEqual(Array.from({ length: reference.count + 1 }, (_, k) => k));
    }
  });

  it('gives exactly the serial results (runStudy), job by job and replication by replication, to the sink in order', async () => {
    const progress: number[] = [];
    const threads = collector();
    const parallel = await runJobs(JOBS, { workers: 2, onProgress: (done, total) => progress.push(done / total), sink: threads.sink });
    expect(parallel).toHaveLength(JOBS.length);
    const serials = JOBS.map(serial);
    JOBS.forEach((_, j) => expect(plain(parallel[j])).toEqual(plain(serials[j])));
    // The sink saw every replication once, in replication order, job after job: those of the serial reference.
    expect(threads.got).toEqual(serials.flatMap((s, j) => s.replications.map((rep, r) => [j, r, plainRep(rep)])));
    expect(progress).toHaveLength(1 + 3 + 4 + 2);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(1);
    const inThread = collector();
    const one = await runJobs(JOBS, { workers: 1, sink: inThread.sink });
    JOBS.forEach((_, j) => expect(plain(one[j])).toEqual(plain(parallel[j])));
    expect(inThread.got).toEqual(threads.got);
  });

  it('holds a bounded window of replications ahead of the sink, however many there are', async () => {
    // A sink that holds on to replication 0: the threads get only the window after it, then wait.
    const job: Job = { file: JOBS[2].file, set: ['run.horizon=1 wk', 'run.warmup=0', 'run.replications=500'] };
    const cap = AHEAD_PER_THREAD * 2 + 1;
    let finished = 0;
    let full = () => {};
    const filled = new Promise<void>((next) => { full = next; });
    let release = () => {};
    const run = runJobs([job], {
      workers: 2,
      onProgress: (done) => { finished = done; if (done === cap) full(); },
      sink: (_j, r) => (r === 0 ? new Promise<void>((next) => { release = next; }) : undefined),
    });
    // (A run that failed would never fill the window: its rejection ends the wait instead.)
    await Promise.race([filled, run]);
    // Were more replications handed out, the threads would finish them meanwhile.
    await new Promise((next) => setTimeout(next, 300));
    expect(finished).toBe(cap);
    release();
    const [study] = await run;
    expect(study.count).toBe(500);
  });

  it('reports a user error before any thread starts', async () => {
    const bad: Job[] = [JOBS[0], { file: JOBS[2].file, set: ['roles.server.headcount=0'] }];
    await expect(runJobs(bad, { workers: 2 })).rejects.toBeInstanceOf(UserError);
  });

  it('stops when aborted and rejects with the reason', async () => {
    const controller = new AbortController();
    const long: Job = { file: JOBS[0].file, set: ['run.horizon=8 wk', 'run.warmup=2 wk', 'run.replications=50'] };
    const reason = new Error('stop');
    const run = runJobs([long], { workers: 2, signal: controller.signal, onProgress: (done) => done > 0 && controller.abort(reason) });
    await expect(run).rejects.toBe(reason);
    const serialRun = runJobs([long], { workers: 1, signal: controller.signal });
    await expect(serialRun).rejects.toBe(reason);
  });

  it('withJobRunner: rounds of work on one pool give the serial results too, and an abort stops the round', async () => {
    const reason = new Error('stop');
    const controller = new AbortController();
    const rounds = await withJobRunner(2, async (run) => {
      const first = await run([JOBS[2]]);
      const second = await run([JOBS[0], JOBS[2]]);
      const stopped = run([{ file: JOBS[0].file, set: ['run.horizon=8 wk', 'run.warmup=2 wk', 'run.replications=50'] }],
        { signal: controller.signal, onProgress: (done) => done > 0 && controller.abort(reason) });
      await expect(stopped).rejects.toBe(reason);
      return [...first, ...second];
    });
    [JOBS[2], JOBS[0], JOBS[2]].forEach((job, j) => expect(plain(rounds[j])).toEqual(plain(serial(job))));
  });
});

describe('the pool when piscina reports what belongs to no task', () => {
  // piscina emits 'error' for a result that arrives after its task was let go (a stopped run's replication
  // finishing as the pool closes, seen under load in CI) or a thread failing while idle.
  const emit = (pool: ReplicationPool, e: Error) => (pool as unknown as { pool: EventEmitter }).pool.emit('error', e);
  const prepared = () => [{ job: JOBS[2], loaded: loadScenario(JOBS[2].file, JOBS[2].set) }];

  it('is ignored while the pool closes, and stops a run in progress otherwise', async () => {
    const pool = new ReplicationPool(2);
    const fault = new Error('thread failed');
    const run = pool.run(prepared(), { onProgress: (done) => done === 1 && emit(pool, fault) });
    await expect(run).rejects.toBe(fault);
    // Between runs: kept for the next one, which stops at once.
    emit(pool, fault);
    await expect(pool.run(prepared(), {})).rejects.toBe(fault);
    const [study] = await pool.run(prepared(), {});
    expect(plain(study)).toEqual(plain(serial(JOBS[2])));
    const closed = pool.close();
    expect(() => emit(pool, new Error('Unexpected message from Worker'))).not.toThrow();
    await closed;
  });
});
