import { join } from 'node:path';
import type { OutputDir } from '../io/output-dir.js';
import { jsonFile, recordHead } from '../io/records.js';
import { cashCsv, cashRecord } from '../io/cash-file.js';
import { replicationsCsv } from '../io/replications-file.js';
import { compareCsv, summaryCsv, warningsCsv } from '../io/run-files.js';
import { WeeklyFiles } from '../io/weekly-files.js';
import { comparePlan, compareScenarios, type CompareOutcome, type ComparePlan } from '../run/studies.js';
import { fileValue } from '../run/weekly.js';
import { asLoaded, inOutput, inputsOf, finishStudy, jobsOptions, writingWeekly, type ScenarioInput, type StudyOptions, type Written } from './options.js';

/** A comparison's results, and where they were written. */
export type CompareStudy = CompareOutcome & Written;

/**
 * Runs every model on the same replication seeds (common random numbers: the
 * first model's seed and replications) and compares each metric of each model
 * with the first's, paired replication by replication. Takes the models, or a
 * plan made by comparePlan (which fixes their folder names). With `out`,
 * writes the folder `salesim compare` writes: compare.csv and a folder per model.
 */
export async function compare(models: ComparePlan | ScenarioInput[], options: StudyOptions = {}): Promise<CompareStudy> {
  const started = performance.now();
  const plan = Array.isArray(models) ? comparePlan(models.map(asLoaded)) : models;
  const { names } = plan;
  return inOutput(options, inputsOf(options, plan.models), async (out) => {
    // Each model's weekly rows go to its folder as its replications finish.
    const weekly = out === undefined ? [] : names.map((n) => new WeeklyFiles(out, n));
    const outcome = await writingWeekly(weekly, (sink) => compareScenarios(plan, jobsOptions(options, sink)));
    return finishStudy(
      out, outcome, started, options,
      () => ({ command: 'compare', args: { names }, scenarios: plan.models, jobs: outcome.models.map((m, i) => ({ folder: names[i], study: m.study })) }),
      (dir, set, wall) => writeCompare(dir, outcome, { files: plan.models.map((m) => m.file), set }, wall, options),
    );
  });
}

/**
 * What `compare` writes once every model's replications are done (their weekly
 * files already in `out`), by a comparison or by `merge`; commits the folder.
 */
export async function writeCompare(
  out: OutputDir, outcome: CompareOutcome, given: { files: string[]; set: string[] }, wall: number, options: { report?: boolean; signal?: AbortSignal },
): Promise<void> {
  const { plan, rows } = outcome;
  const { names, seed, replications } = plan;
  const studies = outcome.models.map((m) => m.study);
  const warnings = outcome.models.map((m) => m.warnings);
  const wall_s = Number(wall.toFixed(3));
  // Every model's warnings in one file at the top, and each model's in its own folder.
  const files: Record<string, string | Uint8Array> = { 'compare.csv': compareCsv(rows), 'warnings.csv': warningsCsv(warnings.flat()) };
  if (outcome.cash.length > 0) files['cash.csv'] = cashCsv(outcome.cash);
  // Each model's folder is what `salesim run` would write for it with the common seed (salesim report reads it so).
  const modelFiles = studies.map((s, i) => ({
    'summary.csv': summaryCsv(s),
    'warnings.csv': warningsCsv(warnings[i]),
    'run.json': jsonFile({
      ...recordHead({ seed, replications }, given.set, { name: names[i], file: given.files[i] }),
      events: s.events,
      wall_s,
      resolved: plan.models[i].resolved,
    }),
  }));
  modelFiles.forEach((m, i) => {
    for (const [f, content] of Object.entries(m)) files[`${names[i]}/${f}`] = content;
    files[`${names[i]}/replications.csv`] = replicationsCsv(studies[i]);
  });
  files['run.json'] = jsonFile({
    ...recordHead({ seed, replications }, given.set),
    command: 'compare',
    baseline: names[0],
    models: names.map((name, i) => ({ name, file: given.files[i] })),
    events: studies.reduce((n, s) => n + s.events, 0),
    wall_s,
    ...(outcome.cash.length > 0 ? { cash: outcome.cash.map(cashRecord) } : {}),
  });
  if (options.report ?? true) {
    // Loaded on demand: vega and the PNG renderer take most of a second to load.
    const { modelOutput } = await import('../report/outputs.js');
    const { buildReport } = await import('../report/report.js');
    const { readCash } = await import('../report/cash.js');
    // Read back from the files' contents, as `salesim report DIR` reads them.
    const cash = readCash(JSON.parse(files['run.json'] as string) as Record<string, unknown>, files['cash.csv'] as string | undefined);
    Object.assign(files, await buildReport({
      ...(cash.length > 0 ? { cash } : {}),
      models: modelFiles.map((m, i) => modelOutput(join(out.dir, names[i]), m, studies[i].weekly)),
      // Every row with a difference, as compare.csv has them (its digits, so that `salesim report` on the
      // folder writes the same page): the answer says so when one is not significant.
      differences: rows.filter((r) => r.significant !== null).map((r) => ({
        metric: r.metric, baseline: r.baseline, model: r.model, significant: r.significant === true, discovered: r.significant_fdr === true,
        baselineMean: fileValue(r.baseline_mean), mean: fileValue(r.mean), diff: fileValue(r.diff), low: fileValue(r.diff_ci95_low), high: fileValue(r.diff_ci95_high),
      })),
    }));
  }
  // Ctrl-C while the report was being drawn: stop here, before anything is written.
  options.signal?.throwIfAborted();
  out.writeAll(files);
  out.commit();
}
