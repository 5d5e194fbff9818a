import type { OutputDir } from '../io/output-dir.js';
import { jsonFile, recordHead } from '../io/records.js';
import { replicationsCsv } from '../io/replications-file.js';
import { summaryCsv, warningsCsv } from '../io/run-files.js';
import { WeeklyFiles } from '../io/weekly-files.js';
import { runScenario, type RunOutcome } from '../run/studies.js';
import { asLoaded, inOutput, inputsOf, finishStudy, jobsOptions, writingWeekly, type ScenarioInput, type StudyOptions, type Written } from './options.js';

/** A run's results, and where they were written. */
export type RunStudy = RunOutcome & Written;

/**
 * Runs a scenario's replications (run.replications; `range` of them for a
 * shard) on all cores: the summary with 95% intervals, the weekly aggregates,
 * each replication's values, the headline and the warnings. With `out`, writes
 * the folder `salesim run` writes.
 */
export async function run(scenario: ScenarioInput, options: StudyOptions = {}): Promise<RunStudy> {
  const started = performance.now();
  const loaded = asLoaded(scenario);
  return inOutput(options, inputsOf(options, [loaded]), async (out) => {
    // The weekly rows go to their files as the replications finish, in replication order; only the aggregates stay.
    const weekly = out === undefined ? [] : [new WeeklyFiles(out)];
    const outcome = await writingWeekly(weekly, (sink) => runScenario(loaded, jobsOptions(options, sink)));
    return finishStudy(
      out, outcome, started, options,
      () => ({ command: 'run', args: {}, scenarios: [loaded], jobs: [{ folder: '', study: outcome.study }] }),
      (dir, set, wall) => writeRun(dir, outcome, { file: loaded.file, set }, wall, options),
    );
  });
}

/**
 * What `run` writes once the replications are done (their weekly files already
 * in `out`), by a run or by `merge` from the shards of one; commits the folder.
 */
export async function writeRun(
  out: OutputDir, outcome: RunOutcome, given: { file: string; set: string[] }, wall: number, options: { report?: boolean; signal?: AbortSignal },
): Promise<void> {
  const { loaded, study, warnings, name } = outcome;
  const files = {
    'summary.csv': summaryCsv(study),
    'warnings.csv': warningsCsv(warnings),
    'run.json': jsonFile({
      ...recordHead(loaded.scenario.run, given.set, { name, file: given.file }),
      events: study.events,
      wall_s: Number(wall.toFixed(3)),
      resolved: loaded.resolved,
    }),
  };
  const report: Record<string, string | Uint8Array> = {};
  if (options.report ?? true) {
    // Loaded on demand: vega and the PNG renderer take most of a second to load.
    const { modelOutput } = await import('../report/outputs.js');
    const { buildReport } = await import('../report/report.js');
    // The weekly statistics from memory: the same numbers `salesim report` gets by reading weekly.csv back.
    const model = modelOutput(out.dir, files, study.weekly);
    Object.assign(report, await buildReport({ models: [model], differences: [] }));
  }
  // Ctrl-C while the report was being drawn: stop here, before anything is written.
  options.signal?.throwIfAborted();
  out.writeAll({ ...files, 'replications.csv': replicationsCsv(study), ...report });
  out.commit();
}
