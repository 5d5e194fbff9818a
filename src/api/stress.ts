import type { OutputDir } from '../io/output-dir.js';
import { jsonFile, recordHead } from '../io/records.js';
import { warningsCsv } from '../io/run-files.js';
import { headroomCsv, stressCsv } from '../io/study-files.js';
import { WeeklyFiles } from '../io/weekly-files.js';
import { stressPlan, stressScenario, type StressOutcome, type StressPlan, type StressSpec } from '../run/studies.js';
import { asLoaded, inOutput, inputsOf, finishStudy, jobsOptions, writingWeekly, type ScenarioInput, type StudyOptions, type Written } from './options.js';

/** A stress test's results, and where they were written. */
export type StressStudy = StressOutcome & Written;

/** A stress step's folder in a shard. */
export function stepFolder(k: number): string {
  return `step-${k + 1}`;
}

/**
 * Grows what `spec.grow` names (a preset such as demand, or a field path) from
 * `from` to `to` in `steps` steps, every step on the same replication seeds,
 * and finds the multiplier at which each role breaks. Takes the scenario (and
 * the spec), or a plan made by stressPlan. With `out`, writes the folder
 * `salesim stress` writes.
 */
export async function stress(scenario: StressPlan | ScenarioInput, options: StudyOptions & StressSpec = {}): Promise<StressStudy> {
  const started = performance.now();
  const plan = isPlan(scenario) ? scenario : stressPlan(asLoaded(scenario), options);
  return inOutput(options, inputsOf(options, [plan.base]), async (out) => {
    // A shard keeps each step's weekly rows (the merge judges the base step's warnings on them); a whole stress test needs only the aggregates.
    const weekly = out === undefined || options.range === undefined ? [] : plan.steps.map((_, k) => new WeeklyFiles(out, stepFolder(k)));
    const outcome = await writingWeekly(weekly, (sink) => stressScenario(plan, jobsOptions(options, sink)));
    return finishStudy(
      out, outcome, started, options,
      () => ({ command: 'stress', args: { ...plan.spec }, scenarios: [plan.base], jobs: outcome.studies.map((study, k) => ({ folder: stepFolder(k), study })) }),
      (dir, set, wall) => writeStress(dir, outcome, { file: plan.base.file, set }, wall, options),
    );
  });
}

function isPlan(s: StressPlan | ScenarioInput): s is StressPlan {
  return typeof s === 'object' && 'multipliers' in s && 'steps' in s;
}

/** The record a stress test writes in run.json (and prints with --json). */
export function stressRecord(outcome: StressOutcome, given: { file: string; set: string[] }, wall: number) {
  const { plan } = outcome;
  const loaded = plan.base;
  return {
    ...recordHead(loaded.scenario.run, given.set, { name: loaded.name, file: given.file }),
    grow: { what: plan.grow, meaning: plan.meaning, paths: plan.paths },
    steps: plan.steps.map((s) => ({ multiplier: s.multiplier, set: s.set })),
    rules: outcome.rules,
    breaking_points: outcome.breakingPoints,
    company_service: outcome.companyService,
    first_to_break: outcome.firstToBreak.map((p) => p.role),
    // Written only when the scenario names one: a run.json without a designated constraint stays as it was.
    ...(outcome.designated.length === 0 ? {} : { designated_constraint: outcome.designated }),
    events: outcome.events,
    wall_s: Number(wall.toFixed(3)),
    resolved: loaded.resolved,
  };
}

/** What `stress` writes once every step's replications are done, by a stress test or by `merge`; commits the folder. */
export async function writeStress(
  out: OutputDir, outcome: StressOutcome, given: { file: string; set: string[] }, wall: number, options: { report?: boolean; signal?: AbortSignal },
): Promise<void> {
  const files = { 'stress.csv': stressCsv(outcome.steps), 'headroom.csv': headroomCsv(outcome), 'warnings.csv': warningsCsv(outcome.warnings), 'run.json': jsonFile(stressRecord(outcome, given, wall)) };
  const report: Record<string, string | Uint8Array> = {};
  if (options.report ?? true) {
    // Loaded on demand: vega and the PNG renderer take most of a second to load.
    const { baseStep, stressOutput } = await import('../report/stress.js');
    const { buildReport } = await import('../report/report.js');
    const s = stressOutput(out.dir, files);
    Object.assign(report, await buildReport({ models: [baseStep(s)], differences: [], stress: s }));
  }
  // Ctrl-C while the report was being drawn: stop here, before anything is written.
  options.signal?.throwIfAborted();
  out.writeAll({ ...files, ...report });
  out.commit();
}
