import seedrandom from 'seedrandom';
import { reload, type LoadedScenario } from '../models/index.js';
import { fieldAt } from '../scenario/fields.js';
import { UserError } from '../scenario/load.js';
import { magnitude, valueBetween, type DeclaredRange, type RangeValue } from '../scenario/ranges.js';
import { wholeNumberPaths } from './grow.js';
import { runPrepared, type JobsOptions } from './parallel.js';
import { spreadOf, type Spread } from './spread.js';
import type { ComparePlan } from './studies.js';
import type { StudyResult } from './study.js';
import { summarize } from './summary.js';

/**
 * How robust an answer is to the guesses in it. Every uncertain input the
 * scenarios declare (`ranges`) is moved to its low and then its high end with
 * the others at their values (one at a time: a tornado of each metric, and of
 * the difference between models), then all of them together over a Latin
 * hypercube sample (the spread of each metric that the inputs' uncertainty
 * alone gives, and how often one model beats the other). Every run uses the
 * same replication seeds (common random numbers), so a change from the base is
 * the input's doing, not luck; the simulation noise is reported apart (the 95%
 * interval of the base means).
 */

export interface SensitivityInput extends DeclaredRange {
  /** The value each model has (undefined where the model has no such field: the input does not move it). */
  base: (unknown | undefined)[];
  /** A whole-number field (a headcount): values between the ends are rounded. */
  whole: boolean;
}

/** One set of input values: the base, an input at one end, or a sample. */
export interface SensitivityPoint {
  kind: 'base' | 'low' | 'high' | 'sample';
  /** The input moved (low, high), or -1. */
  input: number;
  /** The sample's number (from 0), or -1. */
  sample: number;
  /** Each input's value at this point ('' where it stays as the scenario has it). */
  values: (RangeValue | '')[];
}

export interface SensitivityPlan {
  models: ComparePlan;
  inputs: SensitivityInput[];
  metrics: string[];
  samples: number;
  points: SensitivityPoint[];
}

export interface SensitivitySpec {
  /** Metrics to report (default: each model's key metrics). */
  metrics?: string[];
  /** Latin hypercube samples over all ranges together (default 20; 0: the one-at-a-time runs only). */
  samples?: number;
}

/** The inputs every model declares, checked: each path is a field of some model, each end a valid value there, the value between the ends. */
export function sensitivityPlan(models: ComparePlan, spec: SensitivitySpec = {}): SensitivityPlan {
  const byPath = new Map<string, { range: DeclaredRange; from: LoadedScenario }>();
  for (const m of models.models) {
    for (const r of m.ranges) {
      const seen = byPath.get(r.path);
      if (seen === undefined) byPath.set(r.path, { range: r, from: m });
      else if (JSON.stringify([seen.range.low, seen.range.high]) !== JSON.stringify([r.low, r.high])) {
        throw new UserError(`${m.file}: ranges.${r.path}: [${r.low}, ${r.high}] but ${seen.from.file} declares [${seen.range.low}, ${seen.range.high}]: `
          + 'a comparison moves an input the same way in every model');
      }
    }
  }
  if (byPath.size === 0) {
    throw new UserError(`${models.models[0].file}: declares no ranges: add a \`ranges\` section (README, "How sure is this answer?") naming the uncertain inputs and their low and high values`);
  }
  const inputs = [...byPath.values()].map(({ range }) => checkedInput(range, models.models));
  const samples = spec.samples ?? 20;
  const metrics = spec.metrics ?? models.models[0].model.keyMetrics(models.models[0].spec);
  const none = inputs.map((): '' => '');
  const points: SensitivityPoint[] = [{ kind: 'base', input: -1, sample: -1, values: none }];
  inputs.forEach((input, i) => {
    for (const end of ['low', 'high'] as const) points.push({ kind: end, input: i, sample: -1, values: none.map((v, k) => (k === i ? input[end] : v)) });
  });
  const u = latinHypercube(samples, inputs.length, `${models.seed}`);
  for (let s = 0; s < samples; s++) points.push({ kind: 'sample', input: -1, sample: s, values: inputs.map((input, i) => valueBetween(input, u[s][i], input.whole)) });
  return { models, inputs, metrics, samples, points };
}

function checkedInput(range: DeclaredRange, models: LoadedScenario[]): SensitivityInput {
  const base = models.map((m) => fieldAt(m.resolved, range.path));
  const owner = models.find((_, k) => base[k] !== undefined);
  if (owner === undefined) throw new UserError(`${models[0].file}: ranges.${range.path}: no such field in ${models.map((m) => m.name).join(' or ')}`);
  const where = `${owner.file}: ranges.${range.path}`;
  if (range.levels !== undefined) return checkedLevels(range, models, base, where);
  const lo = magnitude(range.low);
  const hi = magnitude(range.high);
  if (lo === null || hi === null || lo.kind !== hi.kind) {
    throw new UserError(`${where}: [${range.low}, ${range.high}]: expected two numbers, or two durations or rates ('1 h', '40/day')`);
  }
  if (lo.x > hi.x) throw new UserError(`${where}: low ${range.low} is above high ${range.high}`);
  let whole = false;
  models.forEach((m, k) => {
    if (base[k] === undefined) return;
    const b = magnitude(base[k]);
    if (b === null || b.kind !== lo.kind) {
      throw new UserError(`${m.file}: ranges.${range.path}: the field holds ${JSON.stringify(base[k])}, not a ${lo.kind === 'number' ? 'number' : lo.kind}; a distribution varies by one of its parameters (e.g. ranges.<task>.duration.lognormal.mean)`);
    }
    if (b.x < lo.x || b.x > hi.x) throw new UserError(`${m.file}: ranges.${range.path}: the scenario's value ${String(base[k])} lies outside [${range.low}, ${range.high}]`);
    for (const end of ['low', 'high'] as const) takes(m, range.path, range[end], end);
    if (wholeNumberPaths(m, [range.path]).size > 0) whole = true;
  });
  return { ...range, base, whole };
}

/** Alternatives: the scenario's value is one of them, and each is a value the field takes. */
function checkedLevels(range: DeclaredRange, models: LoadedScenario[], base: unknown[], where: string): SensitivityInput {
  const levels = range.levels!;
  models.forEach((m, k) => {
    if (base[k] === undefined) return;
    if (!levels.some((v) => JSON.stringify(v) === JSON.stringify(base[k]))) {
      throw new UserError(`${where}: the scenario's value ${JSON.stringify(base[k])} is not one of the values ${JSON.stringify(levels)}`);
    }
    levels.forEach((v, i) => takes(m, range.path, v, `value ${i + 1}`));
  });
  return { ...range, base, whole: false };
}

/** A user error unless `value` is a value the field at `path` takes (it is loaded with it). */
function takes(m: LoadedScenario, path: string, value: RangeValue, which: string): void {
  try {
    reload(m, [`${path}=${JSON.stringify(value)}`]);
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${m.file}: ranges.${path}: ${which} ${value} is not a value the field takes (${e.message})`);
    throw e;
  }
}

/** `n` points in [0, 1)^d, one in each of n equal strata of every dimension, from a seeded stream (the same seed, the same sample). */
export function latinHypercube(n: number, d: number, seed: string): number[][] {
  const rng = seedrandom.alea(`salesim:${seed}:latin-hypercube`);
  const columns = Array.from({ length: d }, () => {
    const order = Array.from({ length: n }, (_, k) => k);
    for (let k = n - 1; k > 0; k--) {
      const j = Math.floor(rng() * (k + 1));
      [order[k], order[j]] = [order[j], order[k]];
    }
    return order.map((stratum) => (stratum + rng()) / n);
  });
  return Array.from({ length: n }, (_, s) => columns.map((c) => c[s]));
}

/** The scenario of model `m` at a point: each moved input that the model has, as an override. */
export function pointScenario(plan: SensitivityPlan, point: SensitivityPoint, m: number): LoadedScenario {
  const model = plan.models.models[m];
  const sets = plan.inputs.flatMap((input, i) => (point.values[i] === '' || input.base[m] === undefined ? [] : [`${input.path}=${JSON.stringify(point.values[i])}`]));
  return reload(model, sets);
}

/** Every point's study of every model: point p, model m is studies[p][m]. All of them go to the worker threads together. */
export async function runSensitivity(plan: SensitivityPlan, options: JobsOptions = {}): Promise<StudyResult[][]> {
  const M = plan.models.models.length;
  const jobs = plan.points.flatMap((point) => plan.models.models.map((_, m) => {
    const loaded = pointScenario(plan, point, m);
    return { job: { file: loaded.file, set: [] }, loaded };
  }));
  const studies = await runPrepared(jobs, options);
  return plan.points.map((_, p) => studies.slice(p * M, (p + 1) * M));
}

/** One bar of a tornado: a metric of a model (or of the difference of a model from the baseline) with one input at each end. */
export interface TornadoBar {
  metric: string;
  /** A model's name, or `B - A` for the difference of model B from the baseline A. */
  of: string;
  input: string;
  source: string;
  low: RangeValue;
  high: RangeValue;
  base_mean: number;
  low_mean: number;
  high_mean: number;
  /** |high_mean - low_mean|: the bars are sorted by it, biggest first. */
  swing: number;
}

/** A metric (or a difference) over the Latin hypercube sample: its spread, and for a difference how often it is above 0. */
export interface UncertaintyRow {
  metric: string;
  of: string;
  base_mean: number;
  /** Half the 95% interval of the base mean: the simulation noise. */
  noise_ci95_half: number;
  /** P10 / P50 / P90 of the sample means: the inputs' uncertainty (with each sample's own noise). */
  inputs: Spread;
  /** For a difference: the share of samples in which it is above 0 (model B's metric above the baseline's); NaN otherwise. */
  p_above_zero: number;
  samples: number;
}

export interface SensitivityResult {
  plan: SensitivityPlan;
  tornado: TornadoBar[];
  uncertainty: UncertaintyRow[];
  /** Sample s, model m: each metric's mean (the rows of samples.csv). */
  sampleMeans: number[][][];
  events: number;
}

export function analyseSensitivity(plan: SensitivityPlan, studies: StudyResult[][]): SensitivityResult {
  const names = plan.models.names;
  const mean = (s: StudyResult, metric: string) => s.summary.find((r) => r.metric === metric)?.mean ?? NaN;
  const half = (s: StudyResult, metric: string) => {
    const r = s.summary.find((x) => x.metric === metric);
    return r === undefined ? NaN : (r.ci95_high - r.ci95_low) / 2;
  };
  // What is measured: each model's metric, and each other model's difference from the baseline (paired, so its noise is small).
  const views = [
    ...names.map((of, m) => ({ of, value: (ss: StudyResult[], metric: string) => mean(ss[m], metric), noise: (ss: StudyResult[], metric: string) => half(ss[m], metric), diff: false })),
    ...names.slice(1).map((n, k) => ({
      of: `${n} - ${names[0]}`, diff: true,
      value: (ss: StudyResult[], metric: string) => mean(ss[k + 1], metric) - mean(ss[0], metric),
      noise: (ss: StudyResult[], metric: string) => pairedHalf(ss[0], ss[k + 1], metric),
    })),
    // The ratio (a fact such as "twice the meetings" is one), with the paired ratio estimator's noise.
    ...names.slice(1).map((n, k) => ({
      of: `${n} / ${names[0]}`, diff: false,
      value: (ss: StudyResult[], metric: string) => mean(ss[k + 1], metric) / mean(ss[0], metric),
      noise: (ss: StudyResult[], metric: string) => ratioHalf(ss[0], ss[k + 1], metric),
    })),
  ];
  const base = studies[0];
  const tornado: TornadoBar[] = [];
  const uncertainty: UncertaintyRow[] = [];
  const samplePoints = plan.points.map((p, k) => ({ p, k })).filter(({ p }) => p.kind === 'sample');
  for (const metric of plan.metrics) {
    for (const view of views) {
      const bars = plan.inputs.map((input, i) => {
        const at = (end: 'low' | 'high') => studies[plan.points.findIndex((p) => p.kind === end && p.input === i)];
        const low = view.value(at('low'), metric);
        const high = view.value(at('high'), metric);
        return { metric, of: view.of, input: input.path, source: input.source, low: input.low, high: input.high, base_mean: view.value(base, metric), low_mean: low, high_mean: high, swing: Math.abs(high - low) };
      });
      bars.sort((a, b) => (b.swing - a.swing) || (a.input < b.input ? -1 : 1));
      tornado.push(...bars);
      const xs = samplePoints.map(({ k }) => view.value(studies[k], metric));
      const defined = xs.filter((x) => !Number.isNaN(x));
      uncertainty.push({
        metric, of: view.of, base_mean: view.value(base, metric), noise_ci95_half: view.noise(base, metric), inputs: spreadOf(xs),
        p_above_zero: view.diff && defined.length > 0 ? defined.filter((x) => x > 0).length / defined.length : NaN, samples: defined.length,
      });
    }
  }
  const sampleMeans = samplePoints.map(({ k }) => studies[k].map((s) => plan.metrics.map((metric) => mean(s, metric))));
  const events = studies.flat().reduce((n, s) => n + s.events, 0);
  return { plan, tornado, uncertainty, sampleMeans, events };
}

/** Half the 95% interval of the mean paired difference b - a (the noise of a difference on common random numbers). */
function pairedHalf(a: StudyResult, b: StudyResult, metric: string): number {
  const ka = a.names.indexOf(metric);
  const kb = b.names.indexOf(metric);
  if (ka < 0 || kb < 0 || a.count !== b.count) return NaN;
  const d = summarize(metric, Float64Array.from({ length: a.count }, (_, r) => b.values[r * b.names.length + kb] - a.values[r * a.names.length + ka]));
  return (d.ci95_high - d.ci95_low) / 2;
}

/**
 * Half the 95% interval of the ratio of means ȳ / x̄ over paired replications:
 * the ratio estimator's standard error, sd(y - R x) / (sqrt(n) x̄) with R = ȳ / x̄
 * (the delta method), times the Student-t quantile.
 */
function ratioHalf(a: StudyResult, b: StudyResult, metric: string): number {
  const ka = a.names.indexOf(metric);
  const kb = b.names.indexOf(metric);
  if (ka < 0 || kb < 0 || a.count !== b.count) return NaN;
  const x = Array.from({ length: a.count }, (_, r) => a.values[r * a.names.length + ka]);
  const y = Array.from({ length: b.count }, (_, r) => b.values[r * b.names.length + kb]);
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const ratio = y.reduce((s, v) => s + v, 0) / y.length / mx;
  const residual = summarize(metric, Float64Array.from(x, (xr, r) => y[r] - ratio * xr));
  return (residual.ci95_high - residual.ci95_low) / 2 / Math.abs(mx);
}

