import { Weibull } from '../kernel/distributions.js';
import { FIT_NAMES, FITTERS, type Fit, type Form } from './distributions.js';
import { ksTest, type KsResult } from './ks.js';

/**
 * One group's durations fitted by every family: the fits ranked by AIC, each
 * with its Kolmogorov-Smirnov test, and the distribution to write in a
 * scenario: the best by AIC, unless the KS test rejects even that one, when
 * the observed values themselves (empirical) say more than a family that
 * does not fit.
 */
export interface Tested { fit: Fit; ks: KsResult }

export interface GroupFit {
  group: string;
  /** Values fitted (greater than 0). */
  n: number;
  /** Values of 0, left out: no family here has mass at 0. */
  zeros: number;
  /** Sorted, in the data's unit. */
  values: number[];
  /** Ranked by AIC, best first; empty when there are too few distinct values. */
  tested: Tested[];
  chosen: Form;
  /** Why `chosen` is what it is, for the YAML comment and the terminal. */
  reason: string;
}

/** Fewer distinct values than this give no family's shape: the group is written as its observed values. */
export const MIN_DISTINCT = 3;
/** A best fit that the KS test rejects below this p-value is replaced by the empirical distribution. */
export const REJECT_BELOW = 0.01;
/** An empirical distribution of more values is written as this many evenly spaced order statistics. */
export const EMPIRICAL_POINTS = 100;

export function fitGroup(group: string, raw: readonly number[]): GroupFit {
  const values = raw.filter((x) => x > 0).sort((a, b) => a - b);
  const zeros = raw.length - values.length;
  const distinct = new Set(values).size;
  if (distinct < MIN_DISTINCT) {
    // Only zeros: the task takes no time (a constant 0), which every scenario field takes.
    return { group, n: values.length, zeros, values, tested: [], chosen: empirical(values.length === 0 ? [0] : values), reason: `${distinct} distinct value${distinct === 1 ? '' : 's'}: too few to fit a family` };
  }
  const tested = FIT_NAMES.map((name) => {
    const fit = FITTERS[name](values);
    return { fit, ks: ksTest(values, fit.cdf) };
  }).sort((a, b) => a.fit.aic - b.fit.aic || FIT_NAMES.indexOf(a.fit.name) - FIT_NAMES.indexOf(b.fit.name));
  const best = tested[0];
  if (best.ks.pValue < REJECT_BELOW) {
    return { group, n: values.length, zeros, values, tested, chosen: empirical(values), reason: `best by AIC is ${best.fit.name}, but KS rejects it (p ${formatP(best.ks.pValue)}): the observed values instead` };
  }
  return { group, n: values.length, zeros, values, tested, chosen: best.fit.form, reason: `best by AIC: ${best.fit.name} (KS D ${best.ks.statistic.toFixed(3)}, p ${formatP(best.ks.pValue)})${erlangNote(best.fit)}` };
}

/** Beyond this many phases an Erlang says only "nearly constant": the gamma says it as well. */
const ERLANG_NOTE_UP_TO = 10;

/**
 * A gamma whose shape is within two standard errors of a whole number k is as
 * well described by an Erlang-k, k phases of work in a row: a form a process
 * owner recognises (and queueing theory has results for).
 */
export function erlangK(f: Fit): number | null {
  if (f.name !== 'gamma') return null;
  const shape = f.params.find((p) => p.name === 'shape')!;
  const k = Math.round(shape.value);
  return k >= 1 && k <= ERLANG_NOTE_UP_TO && Math.abs(shape.value - k) <= 2 * shape.se ? k : null;
}

function erlangNote(f: Fit): string {
  const k = erlangK(f);
  return k === null ? '' : `; its shape is within 2 standard errors of ${k}: an Erlang-${k} (${k} phases) fits as well`;
}

/**
 * The observed values, or for many of them EMPIRICAL_POINTS order statistics
 * at evenly spaced probabilities (i + 0.5) / points: observed values still,
 * and the quantiles to within 1/points.
 */
export function empirical(sorted: readonly number[]): Form {
  if (sorted.length <= EMPIRICAL_POINTS) return { name: 'empirical', values: [...sorted] };
  const values = Array.from({ length: EMPIRICAL_POINTS }, (_, i) => sorted[Math.floor(((i + 0.5) * sorted.length) / EMPIRICAL_POINTS)]);
  return { name: 'empirical', values };
}

/** A p-value for people: three decimals, or '< 0.001'. */
export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** The mean of a written distribution (for speeds and checks). */
export function formMean(f: Form): number {
  switch (f.name) {
    case 'exponential': case 'gamma': case 'lognormal': return f.mean;
    case 'weibull': return new Weibull(f.shape, f.scale).mean;
    case 'empirical': return f.values.reduce((a, b) => a + b, 0) / f.values.length;
  }
}

/** Every duration of a written distribution times `c` (a unit change, a speed taken out). */
export function scaleForm(f: Form, c: number): Form {
  switch (f.name) {
    case 'exponential': return { name: f.name, mean: f.mean * c };
    case 'gamma': return { name: f.name, shape: f.shape, mean: f.mean * c };
    case 'lognormal': return { name: f.name, mean: f.mean * c, sd: f.sd * c };
    case 'weibull': return { name: f.name, shape: f.shape, scale: f.scale * c };
    case 'empirical': return { name: f.name, values: f.values.map((v) => v * c) };
  }
}
