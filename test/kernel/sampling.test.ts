import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gammaln, probit } from 'simple-statistics';
import { Discrete, Poisson, logFactorial, standardNormal, type Distribution } from '../../src/kernel/distributions.js';
import { RandomStreams, type Rng } from '../../src/kernel/random.js';

// Exact sampling (issue 11): Poisson against its moments and pmf at means from 0.5 to
// 1e6, discrete and empirical distributions against their declared weights. Every
// tolerance is Z standard errors of the statistic, computed from the distribution's
// own moments; the draws are seeded, so the outcome is the same on every run.

const N = 200_000;
const Z = 4;
/** Upper tail of a chi-square test: with ~20 tests here, a false alarm ~1 time in 500. */
const CHI_SQUARE_TAIL = 1e-4;
const FC_SEED = 20261201;
const streams = new RandomStreams('sampling-test');

function draw(d: Distribution, rng: Rng, n = N): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = d.sample(rng);
  return xs;
}

/** Sample mean, variance (n - 1) and skewness (m3 / m2^1.5) by central sums. */
function moments(xs: Float64Array): { mean: number; variance: number; skewness: number } {
  const n = xs.length;
  let s = 0;
  for (const x of xs) s += x;
  const m = s / n;
  let s2 = 0;
  let s3 = 0;
  for (const x of xs) { const d = x - m; s2 += d * d; s3 += d * d * d; }
  return { mean: m, variance: s2 / (n - 1), skewness: s3 / n / (s2 / n) ** 1.5 };
}

/**
 * Central moments mu2..mu6 of Poisson(lambda), from its cumulants, which all equal
 * lambda: mu4 = k4 + 3 k2^2, mu5 = k5 + 10 k3 k2, mu6 = k6 + 15 k4 k2 + 10 k3^2 + 15 k2^3.
 */
function poissonCentralMoments(l: number): [number, number, number, number, number] {
  return [l, l, l + 3 * l * l, l + 10 * l * l, l + 25 * l * l + 15 * l * l * l];
}

/**
 * Large-sample standard errors of the sample mean, variance and skewness of n draws
 * of a distribution with central moments mu2..mu6. The skewness's comes from its
 * influence function, IF = (d^3 - 3 s^2 d - mu3) / s^3 - (3 g / 2)(d^2 - s^2) / s^2
 * (d = x - mean, g the skewness): Var = E[IF^2] / n, 6 / n for a normal.
 */
function standardErrors(n: number, [m2, m3, m4, m5, m6]: number[]): { mean: number; variance: number; skewness: number } {
  const s = Math.sqrt(m2);
  const g = m3 / s ** 3;
  const a2 = (m6 - 6 * m2 * m4 + 9 * m2 ** 3 - m3 * m3) / m2 ** 3;
  const ab = ((3 * g) / 2) * (m5 - 4 * m2 * m3) / s ** 5;
  const b2 = ((9 * g * g) / 4) * (m4 - m2 * m2) / (m2 * m2);
  return { mean: Math.sqrt(m2 / n), variance: Math.sqrt((m4 - m2 * m2) / n), skewness: Math.sqrt((a2 - 2 * ab + b2) / n) };
}

/** Poisson pmf, independently of the code under test (simple-statistics' log-gamma). */
const poissonPmf = (k: number, l: number) => Math.exp(k * Math.log(l) - l - gammaln(k + 1));

/** Chi-square critical value with df degrees of freedom at the given upper tail (Wilson-Hilferty). */
function chiSquareCritical(df: number, tail: number): number {
  const c = 2 / (9 * df);
  return df * (1 - c + probit(1 - tail) * Math.sqrt(c)) ** 3;
}

/**
 * Pearson's statistic of integer draws against a pmf, over the values whose expected
 * count is at least 5 (a contiguous run for these unimodal pmfs); the values below
 * and above it are pooled into its first and last bins.
 */
function chiSquare(xs: Float64Array, pmf: (k: number) => number, mode: number): { stat: number; df: number } {
  const n = xs.length;
  let lo = mode;
  let hi = mode;
  while (lo > 0 && n * pmf(lo - 1) >= 5) lo--;
  while (n * pmf(hi + 1) >= 5) hi++;
  const expected = new Float64Array(hi - lo + 1);
  for (let k = lo; k <= hi; k++) expected[k - lo] = pmf(k);
  for (let k = lo - 1, p = 1; k >= 0 && p > 1e-300; k--) { p = pmf(k); expected[0] += p; }
  for (let k = hi + 1, p = 1; p > 1e-300; k++) { p = pmf(k); expected[hi - lo] += p; }
  const observed = new Float64Array(hi - lo + 1);
  for (const x of xs) observed[Math.min(Math.max(x, lo), hi) - lo]++;
  let stat = 0;
  for (let i = 0; i < observed.length; i++) stat += (observed[i] - n * expected[i]) ** 2 / (n * expected[i]);
  return { stat, df: observed.length - 1 };
}

/** The rounded normal Poisson used above mean 30 before draws were exact. */
class RoundedNormalPoisson implements Distribution {
  constructor(readonly mean: number) {}
  sample(rng: Rng): number {
    return Math.max(0, Math.round(this.mean + Math.sqrt(this.mean) * standardNormal(rng)));
  }
}

describe('Poisson is exact at every mean (200k seeded draws each)', () => {
  for (const lambda of [0.5, 5, 9.99, 10, 29, 30, 60, 1000, 1e6]) {
    it(`mean ${lambda}: mean, variance and skewness within ${Z} standard errors; integer counts; pmf by chi-square`, () => {
      const xs = draw(new Poisson(lambda), streams.stream(`poisson-${lambda}`));
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
      const got = moments(xs);
      const se = standardErrors(N, poissonCentralMoments(lambda));
      expect(Math.abs(got.mean - lambda)).toBeLessThan(Z * se.mean);
      expect(Math.abs(got.variance - lambda)).toBeLessThan(Z * se.variance);
      expect(Math.abs(got.skewness - 1 / Math.sqrt(lambda))).toBeLessThan(Z * se.skewness);
      const { stat, df } = chiSquare(xs, (k) => poissonPmf(k, lambda), Math.floor(lambda));
      expect(stat).toBeLessThan(chiSquareCritical(df, CHI_SQUARE_TAIL));
    });
  }

  it('the same checks reject the rounded normal used before at mean 60 (skewness 0, not 1/sqrt(60) = 0.129)', () => {
    const lambda = 60;
    const xs = draw(new RoundedNormalPoisson(lambda), streams.stream('rounded-normal-60'));
    const got = moments(xs);
    const se = standardErrors(N, poissonCentralMoments(lambda));
    // Mean and variance cannot tell them apart; the skewness is ~20 standard errors off.
    expect(Math.abs(got.mean - lambda)).toBeLessThan(Z * se.mean);
    expect(Math.abs(got.skewness - 1 / Math.sqrt(lambda))).toBeGreaterThan(Z * se.skewness);
    const { stat, df } = chiSquare(xs, (k) => poissonPmf(k, lambda), lambda);
    expect(stat).toBeGreaterThan(chiSquareCritical(df, CHI_SQUARE_TAIL));
  });

  it('the standard errors are right: 6/n for a normal\'s skewness, 2 sigma^4/n for its variance', () => {
    const se = standardErrors(100, [1, 0, 3, 0, 15]);
    expect(se.skewness).toBeCloseTo(Math.sqrt(6 / 100), 12);
    expect(se.variance).toBeCloseTo(Math.sqrt(2 / 100), 12);
  });

  it('property: at any mean (tiny, huge, at the switch of method), draws are whole and non-negative', () => {
    const lambda = fc.oneof(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.constantFrom(9.999999, 10, 10.000001, 30));
    let run = 0;
    fc.assert(fc.property(lambda, (l) => {
      const xs = draw(new Poisson(l), streams.stream(`poisson-any-${run++}`), 200);
      return xs.every((x) => Number.isInteger(x) && x >= 0);
    }), { seed: FC_SEED, numRuns: 200 });
  });

  it('property: at means spread evenly in log scale from 0.01 to 1e6, draws average to the mean', () => {
    // At least n * mean = 200 events in all, so that the sample mean is near normal.
    const lambda = fc.integer({ min: 0, max: 8000 }).map((i) => 10 ** (i / 1000 - 2));
    let run = 0;
    fc.assert(fc.property(lambda, (l) => {
      const xs = draw(new Poisson(l), streams.stream(`poisson-mean-${run++}`), 20_000);
      return Math.abs(moments(xs).mean - l) <= Z * Math.sqrt(l / xs.length);
    }), { seed: FC_SEED, numRuns: 40 });
  });

  it('logFactorial agrees with summed logarithms and with log-gamma to 1e-13', () => {
    let exact = 0;
    for (let k = 0; k <= 300; k++) {
      if (k > 1) exact += Math.log(k);
      expect(Math.abs(logFactorial(k) - exact)).toBeLessThanOrEqual(1e-13 * Math.max(1, exact));
    }
    for (const k of [1000, 12_345, 1e6, 3e9]) {
      expect(Math.abs(logFactorial(k) / gammaln(k + 1) - 1)).toBeLessThan(1e-13);
    }
  });
});

/** The declared distribution: the first value whose share of the total weight exceeds u. */
function declaredIndex(prefix: number[], total: number, m: number): number {
  // u = m / 2^32 (Alea's grain): u < prefix / total exactly, in whole numbers below 2^53.
  return prefix.findIndex((s) => m * total < s * 2 ** 32);
}

/** The largest double below x (x > 0); -1 for x = 0. */
function below(x: number): number {
  if (x <= 0) return -1;
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  v.setBigUint64(0, v.getBigUint64(0) - 1n);
  return v.getFloat64(0);
}

describe('Discrete and empirical draws follow the declared weights exactly', () => {
  it('property: every uniform, boundaries included, maps to the value the weights say (whole weights)', () => {
    const weights = fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 60 }).filter((w) => w.some((x) => x > 0));
    fc.assert(fc.property(weights, fc.array(fc.nat({ max: 2 ** 32 - 1 }), { maxLength: 50 }), (w, us) => {
      const d = new Discrete(w.map((_, i) => i), w);
      const prefix: number[] = [];
      w.reduce((acc, x) => { prefix.push(acc + x); return acc + x; }, 0);
      const total = prefix[prefix.length - 1];
      // Around each boundary of the cumulative weights, and at the ends of [0, 1).
      const ms = [0, 2 ** 32 - 1, ...us];
      for (const s of prefix) {
        const b = Math.floor((s * 2 ** 32) / total);
        ms.push(...[b - 1, b, b + 1].filter((m) => m >= 0 && m < 2 ** 32));
      }
      for (const m of ms) {
        const u = m / 2 ** 32;
        const got = d.sample(() => u);
        if (got !== declaredIndex(prefix, total, m)) return false;
      }
      return true;
    }), { seed: FC_SEED, numRuns: 300 });
  });

  it('property: any uniform, also just below a slice or weight boundary, gives the value of the plain cumulative walk', () => {
    // The walk the guide table shortcuts: first i with u < cumulative[i], cumulative as
    // Discrete builds it. Uniforms one float below j / n are where the table's start
    // can overshoot (u * n rounds up to j) and the step back is needed.
    const weights = fc.array(fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 40 })
      .filter((w) => w.reduce((a, b) => a + b, 0) > 0);
    const uniforms = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 40 });
    fc.assert(fc.property(weights, uniforms, (w, us) => {
      const d = new Discrete(w.map((_, i) => i), w);
      const total = w.reduce((a, b) => a + b, 0);
      const c: number[] = [];
      w.reduce((acc, x) => { c.push((acc + x) / total); return acc + x; }, 0);
      const last = w.findLastIndex((x) => x > 0);
      for (let i = last; i < c.length; i++) c[i] = 1;
      const probes = [...us, ...c.map(below), ...w.map((_, j) => below(j / w.length)), ...w.map((_, j) => j / w.length)];
      return probes.every((u) => u < 0 || d.sample(() => u) === c.findIndex((x) => u < x));
    }), { seed: FC_SEED, numRuns: 500 });
  });

  const cases: [string, number[]][] = [
    ['four values with a zero weight inside and one at the end', [2, 0, 5, 3, 0]],
    ['an empirical distribution of 10,000 values', new Array<number>(10_000).fill(1)],
    ['10,000 values with weights 1/i', Array.from({ length: 10_000 }, (_, i) => 1 / (i + 1))],
    ['one heavy value among 999 light ones', Array.from({ length: 1000 }, (_, i) => (i === 500 ? 1e6 : 1))],
  ];
  for (const [name, w] of cases) {
    it(`${name}: frequencies match the weights (chi-square) and weight-0 values never come up`, () => {
      const total = w.reduce((a, b) => a + b, 0);
      const xs = draw(new Discrete(w.map((_, i) => i), w), streams.stream(`discrete-${name}`));
      const counts = new Float64Array(w.length);
      for (const x of xs) counts[x]++;
      w.forEach((x, i) => { if (x === 0) expect(counts[i]).toBe(0); });
      // Values expected fewer than 5 times are pooled into one bin.
      let stat = 0;
      let bins = 0;
      let smallObserved = 0;
      let smallExpected = 0;
      w.forEach((x, i) => {
        const e = (N * x) / total;
        if (e >= 5) { stat += (counts[i] - e) ** 2 / e; bins++; }
        else { smallObserved += counts[i]; smallExpected += e; }
      });
      if (smallExpected > 0) { stat += (smallObserved - smallExpected) ** 2 / smallExpected; bins++; }
      expect(stat).toBeLessThan(chiSquareCritical(bins - 1, CHI_SQUARE_TAIL));
    });
  }

  it('empirical with 10,000 values: mean and variance of the draws within the standard errors', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => i * i);
    const d = new Discrete(values);
    const mu = values.reduce((a, b) => a + b, 0) / values.length;
    const central = [2, 3, 4].map((p) => values.reduce((a, v) => a + (v - mu) ** p, 0) / values.length);
    const xs = draw(d, streams.stream('empirical-squares'));
    const got = moments(xs);
    const se = standardErrors(N, [central[0], central[1], central[2], 0, 0]);
    expect(Math.abs(d.mean / mu - 1)).toBeLessThan(1e-12);
    expect(Math.abs(got.mean - mu)).toBeLessThan(Z * se.mean);
    expect(Math.abs(got.variance - central[0])).toBeLessThan(Z * se.variance);
  });
});
