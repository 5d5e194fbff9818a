import { describe, expect, it } from 'vitest';
import { errorFunction, max, mean, min, quantileSorted, sampleVariance } from 'simple-statistics';
import {
  Bernoulli,
  Constant,
  Discrete,
  Exponential,
  Gamma,
  LogNormal,
  Poisson,
  TruncatedNormal,
  Triangular,
  Uniform,
  standardNormal,
  type Distribution,
} from '../../src/kernel/distributions.js';
import { RandomStreams } from '../../src/kernel/random.js';

const N = 200_000;
const streams = new RandomStreams('distributions-test');

function draw(d: Distribution, name: string, n = N): number[] {
  const rng = streams.stream(name);
  const xs = new Array<number>(n);
  for (let i = 0; i < n; i++) xs[i] = d.sample(rng);
  return xs;
}

/** |sample mean - mu| within z standard errors, the standard error from the theoretical sd. */
function expectMeanNear(xs: number[], mu: number, sd: number, z = 4.5): void {
  const se = sd / Math.sqrt(xs.length);
  expect(Math.abs(mean(xs) - mu)).toBeLessThan(z * se);
}

function expectVarianceNear(xs: number[], variance: number, relTol: number): void {
  expect(Math.abs(sampleVariance(xs) / variance - 1)).toBeLessThan(relTol);
}

const normalPdf = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
const normalCdf = (x: number) => 0.5 * (1 + errorFunction(x / Math.SQRT2));

/** Composite Simpson's rule. */
function integrate(f: (x: number) => number, a: number, b: number, n = 20_000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += f(a + i * h) * (i % 2 === 1 ? 4 : 2);
  return (s * h) / 3;
}

describe('distributions: sample moments match theory (200k seeded draws each)', () => {
  it('Constant always returns its value', () => {
    const d = new Constant(2.5);
    expect(d.mean).toBe(2.5);
    expect(new Set(draw(d, 'constant', 1000))).toEqual(new Set([2.5]));
  });

  it('standardNormal has mean 0 and variance 1', () => {
    const rng = streams.stream('std-normal');
    const xs = Array.from({ length: N }, () => standardNormal(rng));
    expectMeanNear(xs, 0, 1);
    expectVarianceNear(xs, 1, 0.02);
    // Symmetry and tails: P(X < -1.96) ~ 2.5%.
    const tail = xs.filter((x) => x < -1.96).length / N;
    expect(Math.abs(tail - 0.025)).toBeLessThan(4.5 * Math.sqrt(0.025 * 0.975 / N));
  });

  it('Exponential: mean, variance, non-negative, memoryless tail', () => {
    const d = new Exponential(3);
    expect(d.mean).toBe(3);
    const xs = draw(d, 'exponential');
    expect(min(xs)).toBeGreaterThanOrEqual(0);
    expectMeanNear(xs, 3, 3);
    expectVarianceNear(xs, 9, 0.03);
    // P(X > mean) = e^-1.
    const p = xs.filter((x) => x > 3).length / N;
    expect(Math.abs(p - Math.exp(-1))).toBeLessThan(4.5 * Math.sqrt(Math.exp(-1) * (1 - Math.exp(-1)) / N));
  });

  it('Uniform: mean, variance, range [low, high)', () => {
    const d = new Uniform(2, 5);
    expect(d.mean).toBe(3.5);
    const xs = draw(d, 'uniform');
    expect(min(xs)).toBeGreaterThanOrEqual(2);
    expect(max(xs)).toBeLessThan(5);
    expectMeanNear(xs, 3.5, 3 / Math.sqrt(12));
    expectVarianceNear(xs, 9 / 12, 0.02);
  });

  it('Triangular: mean, variance, range, mode side probability', () => {
    const [a, c, b] = [1, 2, 6];
    const d = new Triangular(a, c, b);
    expect(d.mean).toBeCloseTo(3, 12);
    const xs = draw(d, 'triangular');
    expect(min(xs)).toBeGreaterThanOrEqual(a);
    expect(max(xs)).toBeLessThanOrEqual(b);
    const variance = (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
    expectMeanNear(xs, 3, Math.sqrt(variance));
    expectVarianceNear(xs, variance, 0.02);
    // P(X < mode) = (c - a) / (b - a) = 0.2.
    const p = xs.filter((x) => x < c).length / N;
    expect(Math.abs(p - 0.2)).toBeLessThan(4.5 * Math.sqrt(0.2 * 0.8 / N));
  });

  it('Triangular with the mode at an end point', () => {
    const left = draw(new Triangular(0, 0, 3), 'triangular-left');
    expectMeanNear(left, 1, Math.sqrt(9 / 18));
    const right = draw(new Triangular(0, 3, 3), 'triangular-right');
    expectMeanNear(right, 2, Math.sqrt(9 / 18));
    expect(min(right)).toBeGreaterThanOrEqual(0);
    expect(max(right)).toBeLessThanOrEqual(3);
  });

  it('TruncatedNormal: its mean is the truncated mean (checked by integration) and samples match it', () => {
    for (const [mu, sd] of [[1, 2], [0, 1], [5, 1], [0.3, 4]] as const) {
      const d = new TruncatedNormal(mu, sd);
      // Truncated density on [0, inf): pdf((x - mu) / sd) / (sd * (1 - cdf(-mu / sd))).
      const z = 1 - normalCdf(-mu / sd);
      const density = (x: number) => normalPdf((x - mu) / sd) / (sd * z);
      const upper = mu + 12 * sd;
      const m1 = integrate((x) => x * density(x), 0, upper);
      const m2 = integrate((x) => x * x * density(x), 0, upper);
      expect(d.mean).toBeCloseTo(m1, 5);
      expect(d.mean).toBeGreaterThan(mu);
      const xs = draw(d, `tnormal-${mu}-${sd}`);
      expect(min(xs)).toBeGreaterThanOrEqual(0);
      const variance = m2 - m1 * m1;
      expectMeanNear(xs, m1, Math.sqrt(variance));
      expectVarianceNear(xs, variance, 0.03);
    }
  });

  it('TruncatedNormal with sd 0 is the constant mu', () => {
    const d = new TruncatedNormal(4, 0);
    expect(d.mean).toBe(4);
    expect(new Set(draw(d, 'tnormal-degenerate', 100))).toEqual(new Set([4]));
  });

  it('LogNormal: parameterised by the mean and sd of the variate itself', () => {
    for (const [m, s] of [[2, 1], [10, 5], [0.5, 0.1]] as const) {
      const d = new LogNormal(m, s);
      expect(d.mean).toBe(m);
      const xs = draw(d, `lognormal-${m}-${s}`);
      expect(min(xs)).toBeGreaterThan(0);
      expectMeanNear(xs, m, s);
      expect(Math.abs(Math.sqrt(sampleVariance(xs)) / s - 1)).toBeLessThan(0.02);
      // The median of a lognormal is mean / sqrt(1 + cv^2).
      const sorted = [...xs].sort((a, b) => a - b);
      const median = m / Math.sqrt(1 + (s / m) ** 2);
      expect(Math.abs(quantileSorted(sorted, 0.5) / median - 1)).toBeLessThan(0.01);
    }
  });

  it('Gamma with shape > 1 and shape < 1: mean, variance, non-negativity', () => {
    for (const [shape, scale] of [[3, 1.5], [1, 2], [0.5, 2], [0.2, 5]] as const) {
      const d = new Gamma(shape, scale);
      expect(d.mean).toBeCloseTo(shape * scale, 12);
      const xs = draw(d, `gamma-${shape}-${scale}`);
      expect(min(xs)).toBeGreaterThanOrEqual(0);
      const variance = shape * scale * scale;
      expectMeanNear(xs, shape * scale, Math.sqrt(variance));
      // Relative standard error of the sample variance is sqrt((2 + 6/shape) / n).
      const relSe = Math.sqrt((2 + 6 / shape) / N);
      expectVarianceNear(xs, variance, 5 * relSe);
    }
  });

  it('Gamma with shape < 1 puts the right mass near zero', () => {
    // Gamma(0.5, 2) is chi-square with 1 degree of freedom: P(X < 0.1) = P(|Z| < sqrt(0.1)).
    const xs = draw(new Gamma(0.5, 2), 'gamma-chisq');
    const p = xs.filter((x) => x < 0.1).length / N;
    const expected = errorFunction(Math.sqrt(0.1) / Math.SQRT2);
    expect(Math.abs(p - expected)).toBeLessThan(4.5 * Math.sqrt(expected * (1 - expected) / N));
  });

  it('Discrete: frequencies follow the weights; zero weights are never drawn', () => {
    const values = [1, 5, 10, 20];
    const weights = [2, 5, 3, 0];
    const d = new Discrete(values, weights);
    expect(d.mean).toBeCloseTo((1 * 2 + 5 * 5 + 10 * 3) / 10, 12);
    const xs = draw(d, 'discrete');
    const counts = new Map<number, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([1, 5, 10]);
    values.forEach((v, i) => {
      const p = weights[i] / 10;
      const freq = (counts.get(v) ?? 0) / N;
      expect(Math.abs(freq - p)).toBeLessThanOrEqual(4.5 * Math.sqrt(p * (1 - p) / N));
    });
  });

  it('Discrete without weights is the empirical distribution (equal weights)', () => {
    const d = new Discrete([3, 3, 7, 11]);
    expect(d.mean).toBe(6);
    const xs = draw(d, 'empirical');
    const freq3 = xs.filter((x) => x === 3).length / N;
    expect(Math.abs(freq3 - 0.5)).toBeLessThan(4.5 * Math.sqrt(0.25 / N));
    const freq11 = xs.filter((x) => x === 11).length / N;
    expect(Math.abs(freq11 - 0.25)).toBeLessThan(4.5 * Math.sqrt(0.25 * 0.75 / N));
    expect(xs.every((x) => x === 3 || x === 7 || x === 11)).toBe(true);
  });

  it('Discrete with a leading zero weight and a single value', () => {
    const xs = draw(new Discrete([1, 2], [0, 1]), 'discrete-leading-zero', 10_000);
    expect(new Set(xs)).toEqual(new Set([2]));
    const one = new Discrete([42]);
    expect(one.mean).toBe(42);
    expect(new Set(draw(one, 'discrete-one', 1000))).toEqual(new Set([42]));
  });

  it('Bernoulli: values in {0, 1} with mean p; p = 0 and p = 1 are certain', () => {
    const d = new Bernoulli(0.3);
    expect(d.mean).toBe(0.3);
    const xs = draw(d, 'bernoulli');
    expect(xs.every((x) => x === 0 || x === 1)).toBe(true);
    expectMeanNear(xs, 0.3, Math.sqrt(0.3 * 0.7));
    expect(new Set(draw(new Bernoulli(0), 'bernoulli-0', 10_000))).toEqual(new Set([0]));
    expect(new Set(draw(new Bernoulli(1), 'bernoulli-1', 10_000))).toEqual(new Set([1]));
  });

  it('Poisson (product method below mean 10, transformed rejection from 10): mean, variance, P(0)', () => {
    for (const lambda of [0.4, 3.5, 25]) {
      const d = new Poisson(lambda);
      expect(d.mean).toBe(lambda);
      const xs = draw(d, `poisson-${lambda}`);
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
      expectMeanNear(xs, lambda, Math.sqrt(lambda));
      expectVarianceNear(xs, lambda, 5 * Math.sqrt((2 + 1 / lambda) / N));
      const p0 = Math.exp(-lambda);
      const f0 = xs.filter((x) => x === 0).length / N;
      expect(Math.abs(f0 - p0)).toBeLessThanOrEqual(4.5 * Math.sqrt(p0 * (1 - p0) / N) + 1e-12);
    }
  });

  it('Poisson with a large mean (transformed rejection): mean and variance, integer and non-negative', () => {
    for (const lambda of [30, 100, 2500]) {
      const xs = draw(new Poisson(lambda), `poisson-large-${lambda}`);
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
      expectMeanNear(xs, lambda, Math.sqrt(lambda));
      expectVarianceNear(xs, lambda, 5 * Math.sqrt((2 + 1 / lambda) / N));
    }
  });

  it('Poisson with mean 0 always gives 0', () => {
    expect(new Set(draw(new Poisson(0), 'poisson-0', 1000))).toEqual(new Set([0]));
  });
});
