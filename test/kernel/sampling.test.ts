import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { probit } from 'simple-statistics';
import { Discrete, type Distribution } from '../../src/kernel/distributions.js';
import { RandomStreams, type Rng } from '../../src/kernel/random.js';

// Exact sampling (issue 11): discrete and empirical distributions against their
// declared weights. Every
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

/** Chi-square critical value with df degrees of freedom at the given upper tail (Wilson-Hilferty). */
function chiSquareCritical(df: number, tail: number): number {
  const c = 2 / (9 * df);
  return df * (1 - c + probit(1 - tail) * Math.sqrt(c)) ** 3;
}

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
