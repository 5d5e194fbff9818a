import { reload, type LoadedScenario } from '../models/index.js';
import { UserError } from '../scenario/load.js';
import { growthPaths, growthSets, wholeNumberPaths } from './grow.js';
import { compareStudies, significantChanges, type CompareRow } from './compare.js';
import { headlineRows } from './headlines.js';
import { runPrepared, type JobsOptions } from './parallel.js';
import { breakingPoints, firstToBreak, multipliers, type BreakingPoint, type BreakRule, type StressStep } from './stress.js';
import type { StudyResult } from './study.js';
import { cashFlow, chargedCosts, type CashFlow } from './cash.js';
import { HOURS_PER_WEEK } from '../kernel/time.js';
import type { SummaryRow } from './summary.js';
import { stressSupportWarnings, studyWarnings, type Warning } from './warnings.js';

/**
 * The studies salesim runs, as functions: the command line and a program
 * embedding salesim (src/index.ts) call these same ones. Each is split in two:
 * running the replications, and what is made of them (warnings, differences,
 * breaking points). The second part is what `salesim merge` applies to the
 * replications of a sharded study, so that merged shards give exactly what one
 * run gives.
 */

/** How a study runs: threads, progress, an abort signal, a sink for each replication's weekly rows, a range of replications. */
export type RunOptions = JobsOptions;

/** A scenario's replications and what they say. */
export interface RunOutcome {
  /** The scenario's name (a comparison's model: its folder name). */
  name: string;
  loaded: LoadedScenario;
  study: StudyResult;
  /** The headline metrics, in the order the terminal, --json and the report give them. */
  headline: SummaryRow[];
  warnings: Warning[];
}

/** Runs a scenario's replications (run.replications, or options.range of them) on all cores. */
export async function runScenario(loaded: LoadedScenario, options: RunOptions = {}): Promise<RunOutcome> {
  const [study] = await runPrepared([{ job: { file: loaded.file, set: [] }, loaded }], options);
  return runOutcome(loaded, study);
}

/** What a run's replications say: the headline and the warnings. */
export function runOutcome(loaded: LoadedScenario, study: StudyResult, name = loaded.name): RunOutcome {
  return { name, loaded, study, headline: headlineRows(study.summary, loaded.model.isHeadline), warnings: studyWarnings(name, loaded, study) };
}

/** Models made ready for a paired comparison: the same seed and replications (the first model's), each with its own folder name. */
export interface ComparePlan {
  names: string[];
  models: LoadedScenario[];
  seed: number | string;
  replications: number;
}

/**
 * Models to compare on common random numbers: every model gets the first
 * one's seed and replications, and must be measured over the same window.
 * `names` are folder names: repeats get -2, -3...
 */
export function comparePlan(models: LoadedScenario[], names: string[] = models.map((m) => m.name)): ComparePlan {
  if (models.length < 2) throw new UserError('compare: expected at least two scenario files (the first is the baseline)');
  return alignedPlan(models, names);
}

/** comparePlan for one model or more (a sensitivity study of one scenario is a plan of one). */
export function alignedPlan(models: LoadedScenario[], names: string[] = models.map((m) => m.name)): ComparePlan {
  const { seed, replications } = models[0].scenario.run;
  const common = [`run.seed=${JSON.stringify(seed)}`, `run.replications=${replications}`];
  const aligned = models.map((m) => reload(m, common));
  checkSameWindow(aligned);
  return { names: uniqueNames(names), models: aligned, seed, replications };
}

export interface CompareOutcome {
  plan: ComparePlan;
  /** Each model's own run, its name its folder's. */
  models: RunOutcome[];
  /** Every metric of every model against the first (compare.csv). */
  rows: CompareRow[];
  /** The rows whose paired 95% interval excludes 0, biggest relative change first. */
  significant: CompareRow[];
  /** Each model's cash flow against the first (where the kind has money): one-off costs, payback, ROI, NPV. */
  cash: CashFlow[];
}

/** Runs every model of the plan on the same replication seeds and compares each with the first. */
export async function compareScenarios(plan: ComparePlan, options: RunOptions = {}): Promise<CompareOutcome> {
  const studies = await runPrepared(plan.models.map((loaded) => ({ job: { file: loaded.file, set: [] }, loaded })), options);
  return compareOutcome(plan, studies);
}

export function compareOutcome(plan: ComparePlan, studies: StudyResult[]): CompareOutcome {
  const rows = compareStudies(studies.map((study, i) => ({ name: plan.names[i], study })));
  return {
    plan,
    models: studies.map((s, i) => runOutcome(plan.models[i], s, plan.names[i])),
    rows,
    significant: significantChanges(rows),
    cash: plan.models.slice(1).flatMap((_, k) => cashOfChange(plan, studies, k + 1) ?? []),
  };
}

/** Model i against the first: the change's one-off costs from both scenarios' phases and the switch between their rosters. */
function cashOfChange(plan: ComparePlan, studies: StudyResult[], i: number): CashFlow | undefined {
  const [a, b] = [plan.models[0], plan.models[i]];
  if (a.model !== b.model) return undefined;
  const { run } = a.spec;
  if (!Number.isFinite(run.horizon)) return undefined;
  const from = Math.round(run.warmup / HOURS_PER_WEEK) + 1;
  const to = Math.floor(run.horizon / HOURS_PER_WEEK);
  if (to < from) return undefined;
  const model = b.model;
  const costs = chargedCosts(model.oneOffCosts(a.spec), model.oneOffCosts(b.spec), model.switchingCosts(a.spec, b.spec, from - 1), from);
  return cashFlow({ model: plan.names[i], baseline: plan.names[0] }, studies[0], studies[i], costs, { from, to }, model.discountRate(b.spec));
}

/** A stress test made ready: the scenario at every multiplier of what grows. */
export interface StressPlan {
  base: LoadedScenario;
  /** What it was made from (a merge makes it again from this). */
  spec: Required<StressSpec>;
  /** What grows: a preset or a field path, as given. */
  grow: string;
  /** What the preset means (or 'a field of the scenario'). */
  meaning: string;
  /** The fields that grow. */
  paths: string[];
  multipliers: number[];
  /** The scenario at each multiplier, and the overrides that made it from the base. */
  steps: { multiplier: number; set: string[]; loaded: LoadedScenario }[];
}

export interface StressSpec { grow?: string; from?: number; to?: number; steps?: number }

/** Every step of a stress test: the same seed and replications at each, so the steps differ by their demand, not their luck. */
export function stressPlan(base: LoadedScenario, spec: StressSpec = {}): StressPlan {
  const { grow = 'demand', from = 1, to = 4, steps = 13 } = spec;
  if (to < from) throw new UserError(`--to ${to}: expected a multiplier >= --from ${from}`);
  if (steps > 1 && to === from) throw new UserError(`--steps ${steps}: expected --to greater than --from (or --steps 1)`);
  const paths = growthPaths(base, grow);
  const whole = wholeNumberPaths(base, paths);
  const ms = multipliers(from, to, steps);
  const presets = base.model.growthPresets;
  return {
    base, spec: { grow, from, to, steps }, grow, meaning: presets[grow] ?? 'a field of the scenario', paths, multipliers: ms,
    steps: ms.map((multiplier) => {
      const set = growthSets(base, paths, multiplier, whole);
      return { multiplier, set, loaded: reload(base, set) };
    }),
  };
}

export interface StressOutcome {
  plan: StressPlan;
  /** Each step's summary. */
  steps: StressStep[];
  /** Each step's study; the first is the base step (the scenario as given, at the first multiplier). */
  studies: StudyResult[];
  rules: BreakRule[];
  breakingPoints: BreakingPoint[];
  /** The company's own service rule (a sales organization's on-time work), when its kind has one. */
  companyService?: BreakingPoint;
  /** The roles that break first (several if they tie), the designated constraint left out; empty if none breaks. */
  firstToBreak: BreakingPoint[];
  /** The roles the scenario designates as its constraint (ModelKind.designatedConstraints): reported apart. */
  designated: string[];
  warnings: Warning[];
  events: number;
}

/** Runs every step's replications (all on the worker threads together) and finds each role's breaking point. */
export async function stressScenario(plan: StressPlan, options: RunOptions = {}): Promise<StressOutcome> {
  const studies = await runPrepared(plan.steps.map((s) => ({ job: { file: s.loaded.file, set: [] }, loaded: s.loaded })), options);
  return stressOutcome(plan, studies);
}

export function stressOutcome(plan: StressPlan, studies: StudyResult[]): StressOutcome {
  const steps: StressStep[] = plan.multipliers.map((multiplier, k) => ({ multiplier, summary: studies[k].summary }));
  const names = steps[0].summary.map((r) => r.metric);
  const { base } = plan;
  const rules = base.model.breakRules(base.spec, names);
  const points = breakingPoints(steps, rules);
  const designated = base.model.designatedConstraints(base.spec);
  const first = firstToBreak(points, designated);
  // The base step is the scenario as the user gave it (at --from): its warnings qualify every step. Higher steps
  // are meant to break; their unstable queues are what the breaking points already report.
  const warnings = [...studyWarnings(base.name, plan.steps[0].loaded, studies[0]), ...stressSupportWarnings(base.name, base, first)];
  const outcome: StressOutcome = {
    plan, steps, studies, rules, breakingPoints: points, firstToBreak: first, designated, warnings,
    events: studies.reduce((n, s) => n + s.events, 0),
  };
  if (base.model.companyRules.length > 0) outcome.companyService = breakingPoints(steps, [...base.model.companyRules])[0];
  return outcome;
}

/** A paired comparison needs the same measured window in every model. */
function checkSameWindow(models: LoadedScenario[]): void {
  const base = models[0];
  for (const loaded of models.slice(1)) {
    for (const field of ['horizon', 'warmup'] as const) {
      const x = base.spec.run[field];
      const y = loaded.spec.run[field];
      if (x !== y) {
        throw new UserError(`compare: ${loaded.file}: run.${field} is ${hours(y)} but ${base.file} has ${hours(x)}: `
          + `the models must be measured over the same window (align them with --weeks or --set run.${field}=...)`);
      }
    }
  }
}

function hours(h: number): string {
  if (!Number.isFinite(h)) return 'none';
  return h % 168 === 0 ? `${h / 168} wk` : `${Number(h.toPrecision(10))} h`;
}

/** Names as given, with -2, -3... added to repeats (a model compared with itself), so each gets its own folder. */
function uniqueNames(names: string[]): string[] {
  const count = new Map<string, number>();
  return names.map((n) => {
    const k = (count.get(n) ?? 0) + 1;
    count.set(n, k);
    return k === 1 ? n : `${n}-${k}`;
  });
}
