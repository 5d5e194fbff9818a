import { loadScenario } from '../scenario/load.js';
import { runStudy, type StudyResult } from './study.js';

/**
 * A study to run: a scenario file and its --set overrides (including run.replications and run.seed).
 * Stand-in for src/run/parallel.ts (worker threads) until it lands: same shape, run one after another.
 */
export interface Job { file: string; set: string[] }

export async function runJobs(jobs: Job[], options: { onProgress?: (done: number, total: number) => void } = {}): Promise<StudyResult[]> {
  // Every scenario is loaded (validated) before any runs, so a user error comes before the work.
  const loaded = jobs.map((job) => loadScenario(job.file, job.set));
  const out: StudyResult[] = [];
  for (const { scenario, spec } of loaded) {
    out.push(runStudy(spec, { replications: scenario.run.replications, seed: scenario.run.seed }));
    options.onProgress?.(out.length, jobs.length);
  }
  return out;
}
