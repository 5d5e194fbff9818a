import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quantileSorted } from 'simple-statistics';
import { QuantileSketch, Tally, TimeWeighted } from '../../src/kernel/statistics.js';
import { Exponential, LogNormal } from '../../src/kernel/distributions.js';
import { RandomStreams } from '../../src/kernel/random.js';

/** Uniform on [lo, hi] (fc.double picks uniformly among representable doubles, which crowds near 0). */
const uniform = (lo: number, hi: number) => fc.integer({ min: 0, max: 1_000_000_000 }).map((k) => lo + ((hi - lo) * k) / 1e9);

const PROBS = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

describe('TimeWeighted', () => {
  it('starts at value 0 with no area', () => {
    const tw = new TimeWeighted();
    expect(tw.value).toBe(0);
    expect(tw.areaUntil(0)).toBe(0);
    expect(tw.areaUntil(10)).toBe(0);
  });

  it('integrates a hand-computed piecewise-constant path', () => {
    const tw = new TimeWeighted();
    // 0 on [0,1), 2 on [1,3), 5 on [3,4), 4 on [4,10), 0 on [10,12), 3 from 12.
    // Readings are taken as the run goes (areaUntil is for times at or after the last update).
    tw.set(1, 2);
    tw.set(3, 5);
    const at3 = tw.areaUntil(3);
    expect(at3).toBe(4);
    tw.add(4, -1);
    expect(tw.value).toBe(4);
    expect(tw.areaUntil(7)).toBe(4 + 5 + 12);
    tw.add(10, -4);
    const at10 = tw.areaUntil(10);
    expect(at10).toBe(4 + 5 + 24);
    tw.set(12, 3);
    expect(tw.areaUntil(12)).toBe(0 + 4 + 5 + 24 + 0);
    expect(tw.areaUntil(14)).toBe(33 + 6);
    // Time average over [0, 14]:
    expect(tw.areaUntil(14) / 14).toBeCloseTo(39 / 14, 12);
    // A window by differencing two readings: [3, 10] covers 5*1 + 4*6 = 29, mean 29/7.
    expect((at10 - at3) / 7).toBeCloseTo(29 / 7, 12);
  });

  it('areaUntil between updates extends the current value linearly', () => {
    const tw = new TimeWeighted();
    tw.set(0, 2.5);
    expect(tw.areaUntil(1)).toBe(2.5);
    expect(tw.areaUntil(4)).toBe(10);
    tw.set(4, 2.5); // setting the same value changes nothing
    expect(tw.areaUntil(6)).toBe(15);
  });

  it('property: area equals the sum of value x duration for random step paths', () => {
    const steps = fc.array(
      fc.record({
        dt: fc.oneof(uniform(0, 10), fc.constant(0)),
        add: fc.boolean(),
        v: fc.integer({ min: -5, max: 20 }),
      }),
      { maxLength: 100 },
    );
    fc.assert(
      fc.property(steps, uniform(0, 10), (path, tail) => {
        const tw = new TimeWeighted();
        let now = 0;
        let value = 0;
        let area = 0;
        for (const s of path) {
          area += value * s.dt;
          now += s.dt;
          if (s.add) { tw.add(now, s.v); value += s.v; } else { tw.set(now, s.v); value = s.v; }
          expect(tw.value).toBe(value);
        }
        area += value * tail;
        expect(tw.areaUntil(now + tail)).toBeCloseTo(area, 6);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Tally', () => {
  it('counts, sums, averages and counts strictly positive observations', () => {
    const t = new Tally();
    expect(t.count).toBe(0);
    expect(t.mean).toBeNaN();
    expect(t.quantile(0.5)).toBeNaN();
    for (const x of [0, 3, 0, 1.5, 7.5, 0]) t.add(x);
    expect(t.count).toBe(6);
    expect(t.sum).toBe(12);
    expect(t.mean).toBe(2);
    expect(t.positive).toBe(3);
    expect(t.quantile(0.5)).toBe(0);
    expect(t.quantile(1)).toBeCloseTo(7.5, 1);
  });

  it('without quantiles still counts but returns NaN quantiles', () => {
    const t = new Tally(false);
    for (const x of [1, 2, 3]) t.add(x);
    expect(t.count).toBe(3);
    expect(t.mean).toBe(2);
    expect(t.positive).toBe(3);
    expect(t.quantile(0.5)).toBeNaN();
    t.resetQuantiles();
    expect(t.count).toBe(3);
  });

  it('resetQuantiles keeps count, sum and positive but forgets the quantile data', () => {
    const t = new Tally();
    for (let i = 0; i < 1000; i++) t.add(1000);
    t.resetQuantiles();
    expect(t.count).toBe(1000);
    expect(t.sum).toBe(1e6);
    expect(t.positive).toBe(1000);
    for (let i = 0; i < 10; i++) t.add(1);
    expect(t.count).toBe(1010);
    expect(t.sum).toBe(1e6 + 10);
    expect(t.mean).toBeCloseTo((1e6 + 10) / 1010, 9);
    // Quantiles see only the ten observations after the reset.
    expect(t.quantile(1)).toBeCloseTo(1, 2);
    expect(Math.abs(t.quantile(0.5) - 1)).toBeLessThan(0.005);
  });
});

describe('QuantileSketch', () => {
  it('is NaN when empty and counts what it is given', () => {
    const q = new QuantileSketch();
    expect(q.quantile(0.5)).toBeNaN();
    q.add(1);
    q.add(2);
    expect(q.count).toBe(2);
    q.reset();
    expect(q.count).toBe(0);
    expect(q.quantile(0.5)).toBeNaN();
  });

  it('quantiles of lognormal data are within 1% of simple-statistics quantileSorted and within 0.5% of the order statistic', () => {
    const rng = new RandomStreams('sketch').stream('lognormal');
    for (const [m, s] of [[1, 2], [0.05, 0.02], [200, 100]] as const) {
      const d = new LogNormal(m, s);
      const n = 100_000;
      const xs = new Array<number>(n);
      const q = new QuantileSketch();
      for (let i = 0; i < n; i++) { xs[i] = d.sample(rng); q.add(xs[i]); }
      xs.sort((a, b) => a - b);
      for (const p of PROBS) {
        const got = q.quantile(p);
        const interpolated = quantileSorted(xs, p);
        expect(Math.abs(got / interpolated - 1), `p=${p} vs quantileSorted`).toBeLessThan(0.01);
        // The sketch's convention: the ceil(p n)-th smallest value (at least the first).
        const exact = xs[Math.max(1, Math.ceil(p * n)) - 1];
        expect(Math.abs(got / exact - 1), `p=${p} vs order statistic`).toBeLessThanOrEqual(0.005);
      }
    }
  });

  it('property: every quantile is within 0.5% of the exact order statistic for values in [1e-6, 1e7]', () => {
    fc.assert(
      fc.property(
        // Log-uniform values (fc.double alone would crowd near 0 in the exponent).
        fc.array(fc.integer({ min: -6_000_000, max: 7_000_000 }).map((e) => 10 ** (e / 1e6)), { minLength: 1, maxLength: 300 }),
        fc.oneof(fc.constantFrom(0, 0.5, 1), fc.integer({ min: 0, max: 1_000_000 }).map((k) => k / 1e6)),
        (values, p) => {
          const q = new QuantileSketch();
          for (const v of values) q.add(v);
          const sorted = [...values].sort((a, b) => a - b);
          const exact = sorted[Math.max(1, Math.ceil(p * values.length)) - 1];
          expect(Math.abs(q.quantile(p) / exact - 1)).toBeLessThanOrEqual(0.005);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a point mass at zero gives exactly 0 below its probability', () => {
    const rng = new RandomStreams('sketch').stream('zeros');
    const exp = new Exponential(2);
    const q = new QuantileSketch();
    const n = 100_000;
    const zeros = 60_000;
    const xs: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = i < zeros ? 0 : exp.sample(rng);
      xs.push(x);
      q.add(x);
    }
    xs.sort((a, b) => a - b);
    for (const p of [0, 0.1, 0.5, 0.6]) expect(q.quantile(p)).toBe(0);
    for (const p of [0.61, 0.75, 0.9, 0.99]) {
      const got = q.quantile(p);
      expect(got).toBeGreaterThan(0);
      expect(Math.abs(got / quantileSorted(xs, p) - 1)).toBeLessThan(0.01);
    }
  });

  it('all zeros (and negatives, which count as zeros) give 0 at every p', () => {
    const q = new QuantileSketch();
    for (let i = 0; i < 100; i++) q.add(i % 2 === 0 ? 0 : -1);
    for (const p of PROBS) expect(q.quantile(p)).toBe(0);
  });

  it('reset() forgets zeros as well as bins', () => {
    const q = new QuantileSketch();
    for (let i = 0; i < 100; i++) q.add(0);
    q.reset();
    q.add(5);
    expect(Math.abs(q.quantile(0) / 5 - 1)).toBeLessThanOrEqual(0.005);
  });
});
