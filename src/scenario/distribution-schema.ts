import gammaln from '@stdlib/math-base-special-gammaln';
import { z } from 'zod';
import { shaped } from './shapes.js';
import { DURATION_EXAMPLE, parseDuration } from './units.js';

/**
 * Distributions as written in scenario files, and their validated form (DistSpec).
 *
 *   6 min                                   a constant
 *   { exponential: 1 h }                    mean
 *   { uniform: [2 min, 10 min] }            low, high
 *   { triangular: [2 min, 5 min, 12 min] }  low, mode, high
 *   { normal: { mean: 10 min, sd: 3 min } } truncated at 0
 *   { lognormal: { mean: 10 min, sd: 5 min } }
 *   { gamma: { shape: 2, mean: 1 h } }      or { shape, scale }
 *   { weibull: { shape: 1.5, scale: 1 h } } or { shape, mean }
 *   { erlang: { k: 3, mean: 1 h } }         k exponential phases; or { k, scale } (one phase's mean)
 *   { discrete: { values: [1, 2, 5], weights: [6, 3, 1] } }
 *   { empirical: [3 min, 4 min, 9 min] }    equally likely observed values
 *   { bernoulli: 0.3 }                      1 with probability 0.3, else 0
 *   { poisson: 2.5 }                        counts with mean 2.5
 *
 * Durations need a unit; plain quantities (counts, amounts, scores) are plain numbers.
 */
export type DistSpec =
  | { kind: 'constant'; value: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'triangular'; low: number; mode: number; high: number }
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'lognormal'; mean: number; sd: number }
  | { kind: 'gamma'; shape: number; scale: number }
  | { kind: 'weibull'; shape: number; scale: number }
  | { kind: 'erlang'; k: number; scale: number }
  | { kind: 'discrete'; values: number[]; weights: number[] }
  | { kind: 'bernoulli'; p: number }
  | { kind: 'poisson'; mean: number };

/** The most phases an Erlang may have (a gamma with a large whole shape is written as a gamma). */
export const MAX_ERLANG_K = 1000;

export type Quantity = 'duration' | 'number';

export const DISTRIBUTION_NAMES = [
  'exponential', 'uniform', 'triangular', 'normal', 'lognormal', 'gamma', 'weibull', 'erlang', 'discrete', 'empirical', 'bernoulli', 'poisson',
] as const;

class DistError extends Error {
  constructor(message: string, readonly path: (string | number)[] = []) {
    super(message);
  }
}

function quantity(v: unknown, q: Quantity, path: (string | number)[]): number {
  if (q === 'duration') {
    if (typeof v === 'string') {
      const h = parseDuration(v);
      if (h !== null && Number.isFinite(h)) {
        if (h < 0) throw new DistError(`expected a non-negative duration, got '${v}'`, path);
        return h;
      }
    }
    if (v === 0) return 0;
    throw new DistError(`expected ${DURATION_EXAMPLE}, got ${show(v)}`, path);
  }
  if (typeof v === 'number' && Number.isFinite(v)) {
    if (v < 0) throw new DistError(`expected a non-negative number, got ${v}`, path);
    return v;
  }
  throw new DistError(`expected a finite number, got ${show(v)}`, path);
}

function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === null || v === undefined) return 'nothing';
  return typeof v === 'object' ? (Array.isArray(v) ? 'a list' : 'a mapping') : String(v);
}

function list(v: unknown, n: number, q: Quantity, name: string): number[] {
  if (!Array.isArray(v) || v.length !== n) throw new DistError(`${name} expects a list of ${n} values`, [name]);
  return v.map((x, i) => quantity(x, q, [name, i]));
}

function fields(v: unknown, name: string, allowed: string[]): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new DistError(`${name} expects a mapping with ${allowed.join(', ')}`, [name]);
  }
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) throw new DistError(`unknown key '${k}' (expected ${allowed.join(', ')})`, [name, k]);
  }
  return v as Record<string, unknown>;
}

function parse(v: unknown, q: Quantity): DistSpec {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return { kind: 'constant', value: quantity(v, q, []) };
  }
  const keys = Object.keys(v);
  if (keys.length !== 1 || !(DISTRIBUTION_NAMES as readonly string[]).includes(keys[0])) {
    const what = keys.length === 1 ? `unknown distribution '${keys[0]}'` : 'expected one distribution';
    throw new DistError(
      `${what} (expected a constant or { name: parameters } with name one of ${DISTRIBUTION_NAMES.join(', ')})`,
      keys.length === 1 ? [keys[0]] : [],
    );
  }
  const name = keys[0];
  const arg = (v as Record<string, unknown>)[name];
  switch (name) {
    case 'exponential':
      return { kind: 'exponential', mean: positive(quantity(arg, q, [name]), [name]) };
    case 'uniform': {
      const [low, high] = list(arg, 2, q, name);
      if (high < low) throw new DistError('uniform expects [low, high] with low <= high', [name]);
      return { kind: 'uniform', low, high };
    }
    case 'triangular': {
      const [low, mode, high] = list(arg, 3, q, name);
      if (!(low <= mode && mode <= high)) throw new DistError('triangular expects [low, mode, high] in increasing order', [name]);
      return { kind: 'triangular', low, mode, high };
    }
    case 'normal':
    case 'lognormal': {
      const f = fields(arg, name, ['mean', 'sd']);
      const mean = quantity(f.mean, q, [name, 'mean']);
      const sd = quantity(f.sd, q, [name, 'sd']);
      if (name === 'lognormal') positive(mean, [name, 'mean']);
      return { kind: name, mean, sd };
    }
    case 'gamma': {
      const f = fields(arg, name, ['shape', 'mean', 'scale']);
      const shape = positive(quantity(f.shape, 'number', [name, 'shape']), [name, 'shape']);
      if ((f.mean === undefined) === (f.scale === undefined)) throw new DistError('gamma expects shape and either mean or scale', [name]);
      const scale = f.scale !== undefined
        ? positive(quantity(f.scale, q, [name, 'scale']), [name, 'scale'])
        : positive(quantity(f.mean, q, [name, 'mean']), [name, 'mean']) / shape;
      return { kind: 'gamma', shape, scale };
    }
    case 'weibull': {
      const f = fields(arg, name, ['shape', 'mean', 'scale']);
      const shape = positive(quantity(f.shape, 'number', [name, 'shape']), [name, 'shape']);
      if ((f.mean === undefined) === (f.scale === undefined)) throw new DistError('weibull expects shape and either mean or scale', [name]);
      // The mean is scale * Gamma(1 + 1/shape).
      const scale = f.scale !== undefined
        ? positive(quantity(f.scale, q, [name, 'scale']), [name, 'scale'])
        : positive(quantity(f.mean, q, [name, 'mean']), [name, 'mean']) / Math.exp(gammaln(1 + 1 / shape));
      if (!Number.isFinite(scale) || !(scale > 0)) throw new DistError(`weibull: shape ${shape} is too small for a finite scale`, [name, 'shape']);
      return { kind: 'weibull', shape, scale };
    }
    case 'erlang': {
      const f = fields(arg, name, ['k', 'mean', 'scale']);
      const k = quantity(f.k, 'number', [name, 'k']);
      // Each phase is one draw: a bound keeps a typo from costing a million logarithms per sample.
      if (!Number.isInteger(k) || k < 1 || k > MAX_ERLANG_K) throw new DistError(`erlang expects k, a whole number of phases from 1 to ${MAX_ERLANG_K}, got ${k}`, [name, 'k']);
      if ((f.mean === undefined) === (f.scale === undefined)) throw new DistError('erlang expects k and either mean or scale', [name]);
      const scale = f.scale !== undefined
        ? positive(quantity(f.scale, q, [name, 'scale']), [name, 'scale'])
        : positive(quantity(f.mean, q, [name, 'mean']), [name, 'mean']) / k;
      return { kind: 'erlang', k, scale };
    }
    case 'discrete': {
      const f = fields(arg, name, ['values', 'weights']);
      if (!Array.isArray(f.values) || f.values.length === 0) throw new DistError('discrete expects a non-empty list of values', [name, 'values']);
      const values = f.values.map((x, i) => quantity(x, q, [name, 'values', i]));
      const weights = f.weights === undefined ? values.map(() => 1)
        : Array.isArray(f.weights) && f.weights.length === values.length
          ? f.weights.map((x, i) => quantity(x, 'number', [name, 'weights', i]))
          : (() => { throw new DistError('discrete expects as many weights as values', [name, 'weights']); })();
      if (!(weights.reduce((a, b) => a + b, 0) > 0)) throw new DistError('discrete expects weights that add up to more than 0', [name, 'weights']);
      return { kind: 'discrete', values, weights };
    }
    case 'empirical': {
      if (!Array.isArray(arg) || arg.length === 0) throw new DistError('empirical expects a non-empty list of observed values', [name]);
      const values = arg.map((x, i) => quantity(x, q, [name, i]));
      return { kind: 'discrete', values, weights: values.map(() => 1) };
    }
    case 'bernoulli': {
      const p = quantity(arg, 'number', [name]);
      if (p > 1) throw new DistError(`bernoulli expects a probability between 0 and 1, got ${p}`, [name]);
      return { kind: 'bernoulli', p };
    }
    default:
      return { kind: 'poisson', mean: quantity(arg, 'number', [name]) };
  }
}

function positive(x: number, path: (string | number)[]): number {
  if (!(x > 0)) throw new DistError(`expected a value greater than 0, got ${x}`, path);
  return x;
}

/** A zod schema that validates a distribution of the given quantity and yields its DistSpec. */
export function distribution(q: Quantity) {
  return shaped(z.unknown().transform((v, ctx): DistSpec => {
    try {
      return parse(v, q);
    } catch (e) {
      if (!(e instanceof DistError)) throw e;
      ctx.issues.push({ code: 'custom', message: e.message, input: v, path: e.path });
      return z.NEVER;
    }
  }), { distribution: q });
}

/** A plain duration (not a distribution): '6 min', '2 wk'. */
export const duration = shaped(z.unknown().transform((v, ctx): number => {
  try {
    return quantity(v, 'duration', []);
  } catch (e) {
    if (!(e instanceof DistError)) throw e;
    ctx.issues.push({ code: 'custom', message: e.message, input: v });
    return z.NEVER;
  }
}), { unit: 'duration' });
