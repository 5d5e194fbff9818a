import { resolve } from 'node:path';
import { runStudy } from '../../src/run/study.js';
import { loadScenario } from '../../src/models/index.js';
import type { SummaryRow } from '../../src/run/summary.js';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Runs a scenario file (path relative to the repository) as the CLI would, without writing files. */
export function study(file: string, set: string[] = []): ReturnType<typeof runStudy> & { row(metric: string): SummaryRow } {
  const loaded = loadScenario(resolve(ROOT, file), set);
  const result = runStudy(loaded, { replications: loaded.scenario.run.replications, seed: loaded.scenario.run.seed });
  return {
    ...result,
    row(metric: string): SummaryRow {
      const r = result.summary.find((x) => x.metric === metric);
      if (r === undefined) throw new Error(`no metric ${metric}`);
      return r;
    },
  };
}

/** Standard error of the mean across replications. */
export function standardError(r: SummaryRow): number {
  return r.stdev / Math.sqrt(r.replications);
}
