import { describe, expect, it } from 'vitest';
import { Exponential } from '../../src/kernel/distributions.js';
import { RandomStreams } from '../../src/kernel/random.js';
import { fitGamma } from '../../src/fit/distributions.js';
import { EXACT_UP_TO, kolmogorovTail, ksStatistic, ksTest } from '../../src/fit/ks.js';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const normalCdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
function erf(x: number): number {
  // Abramowitz-Stegun 7.1.26 is too coarse here; a series converges fast for |x| < 3.
  let term = x, s = x;
  for (let n = 1; n < 200; n++) { term *= (-x * x) / n; s += term / (2 * n + 1); }
  return (2 / Math.sqrt(Math.PI)) * s;
}

// Reference values: scipy 1.17, stats.kstest(..., method='exact').
describe('Kolmogorov-Smirnov', () => {
  it('statistic and exact p-value of 25 values against the standard normal', () => {
    const x = [0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47];
    const r = ksTest(sorted(x), normalCdf);
    expect(r.statistic).toBeCloseTo(0.17409188119887736, 10);
    expect(r.pValue).toBeCloseTo(0.38974117186791835, 6);
  });

  it('statistic and exact p-value of 10 values against the unit exponential', () => {
    const e = [0.12, 0.5, 1.9, 0.3, 2.8, 0.05, 0.9, 1.1, 3.5, 0.7];
    const r = ksTest(sorted(e), (x) => 1 - Math.exp(-x));
    expect(r.statistic).toBeCloseTo(0.15043138077736495, 10);
    expect(r.pValue).toBeCloseTo(0.9529110681344193, 6);
  });

  it('against a fitted gamma (the test the fit command runs)', () => {
    const x = [4.2, 7.9, 3.1, 12.5, 6.6, 5.0, 9.8, 2.7, 15.3, 6.1, 8.4, 4.9, 3.8, 11.2, 7.3];
    const r = ksTest(sorted(x), fitGamma(x).cdf);
    expect(r.statistic).toBeCloseTo(0.1134707117180418, 6);
    expect(r.pValue).toBeCloseTo(0.9783421062151767, 5);
  });

  it("Kolmogorov's limit: P(K > 1.36) = 0.0495 and P(K > 1) = 0.27 (scipy kstwobign)", () => {
    expect(kolmogorovTail(1.36)).toBeCloseTo(0.049485876755377876, 10);
    expect(kolmogorovTail(1)).toBeCloseTo(0.26999967167735456, 10);
  });

  it(`above ${EXACT_UP_TO} values, the corrected limit is within 0.003 of the exact p-value`, () => {
    // Exact values: scipy stats.kstwo.sf(d, n).
    for (const [n, d, exact] of [[3000, 0.02, 0.17889813623188966], [3000, 0.03, 0.008848227794930863], [2500, 0.015, 0.6216068173664503]]) {
      const r = Math.sqrt(n);
      expect(Math.abs(kolmogorovTail((r + 0.12 + 0.11 / r) * d) - exact)).toBeLessThan(0.003);
    }
    const rng = new RandomStreams('ks-large').stream('x');
    const d = new Exponential(2);
    const xs = sorted(Array.from({ length: 3000 }, () => d.sample(rng)));
    const cdf = (x: number) => 1 - Math.exp(-x / 2);
    const r = ksTest(xs, cdf);
    expect(r.statistic).toBe(ksStatistic(xs, cdf));
    expect(r.pValue).toBeGreaterThan(0.01); // drawn from the distribution tested
  });
});
