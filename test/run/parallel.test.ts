import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJobs, withJobRunner, type Job } from '../../src/run/parallel.js';
import { runStudy, type StudyResult } from '../../src/run/study.js';
import { loadScenario, UserError } from '../../src/scenario/load.js';
import { ROOT } from '../support/study.js';

const JOBS: Job[] = [
  { file: resolve(ROOT, 'scenarios/outside-in.yaml'), set: ['run.horizon=8 wk', 'run.warmup=2 wk', 'run.replications=3', 'run.seed=4'] },
  { file: resolve(ROOT, 'test/fixtures/everything.yaml'), set: ['run.replications=4'] },
  { file: resolve(ROOT, 'scenarios/theory/mmc.yaml'), set: ['run.horizon=3 wk', 'run.replications=2'] },
];

function serial(job: Job): StudyResult {
  const { spec, scenario } = loadScenario(job.file, job.set);
  return runStudy(spec, { replications: scenario.run.replications, seed: scenario.run.seed });
}

/** Everything a study's output files are made of, as plain arrays (exact equality). */
function plain(s: StudyResult) {
  return {
    summary: s.summary,
    events: s.events,
    reps: s.replications.map((r) => ({
      names: r.names, values: Array.from(r.values), weeklyNames: r.weeklyNames,
      weeks: r.weeks.map((w) => Array.from(w)), labels: r.weeklyLabels, endTime: r.endTime, events: r.events,
    })),
  };
}

describe('runJobs: replications on worker threads', () => {
  it('gives exactly the serial results (runStudy), job by job and replication by replication', async () => {
    const progress: number[] = [];
    const parallel = await runJobs(JOBS, { workers: 2, onProgress: (done, total) => progress.push(done / total) });
    expect(parallel).toHaveLength(JOBS.length);
    JOBS.forEach((job, j) => expect(plain(parallel[j])).toEqual(plain(serial(job))));
    expect(progress).toHaveLength(1 + 3 + 4 + 2);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(1);
    const inThread = await runJobs(JOBS.slice(0, 1), { workers: 1 });
    expect(plain(inThread[0])).toEqual(plain(parallel[0]));
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
