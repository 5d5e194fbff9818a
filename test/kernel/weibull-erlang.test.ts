import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import { mean, sampleVariance } from 'simple-statistics';
import { Erlang, Weibull, type Distribution } from '../../src/kernel/distributions.js';
import { RandomStreams } from '../../src/kernel/random.js';
import { buildDistribution } from '../../src/scenario/compile.js';
import { distribution } from '../../src/scenario/distribution-schema.js';

const N = 200_000;
const streams = new RandomStreams('weibull-erlang-test');
const G = (x: number) => Math.exp(gammaln(x));

function draw(d: Distribution, name: string): number[] {
  const rng = streams.stream(name);
  return Array.from({ length: N }, () => d.sample(rng));
}

/** The share of draws below x against the CDF, within 4.5 binomial standard errors. */
function expectShareBelow(xs: number[], x: number, p: number): void {
  const share = xs.filter((v) => v < x).length / xs.length;
  expect(Math.abs(share - p)).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / xs.length));
}

describe('Weibull and Erlang draws follow their distributions (200k seeded draws)', () => {
  it.each([[0.7, 2], [1.5, 1], [3, 0.5]])('Weibull(shape %d, scale %d): mean, variance and CDF', (k, scale) => {
    const d = new Weibull(k, scale);
    const mu = scale * G(1 + 1 / k);
    const variance = scale * scale * (G(1 + 2 / k) - G(1 + 1 / k) ** 2);
    expect(d.mean).toBeCloseTo(mu, 12);
    const xs = draw(d, `weibull-${k}`);
    expect(Math.abs(mean(xs) - mu)).toBeLessThan(4.5 * Math.sqrt(variance / N));
    // F(scale) = 1 - 1/e whatever the shape; F(scale/2) = 1 - exp(-(1/2)^k).
    expectShareBelow(xs, scale, 1 - Math.exp(-1));
    expectShareBelow(xs, scale / 2, 1 - Math.exp(-(0.5 ** k)));
  });

  it.each([[1, 2], [3, 0.5], [7, 1]])('Erlang(k %d, scale %d): mean, variance and CDF', (k, scale) => {
    const d = new Erlang(k, scale);
    expect(d.mean).toBe(k * scale);
    const xs = draw(d, `erlang-${k}`);
    expect(Math.abs(mean(xs) - k * scale)).toBeLessThan(4.5 * Math.sqrt((k * scale * scale) / N));
    // The relative standard error of a sample variance of a gamma is sqrt((2 + 6/k) / n).
    expect(Math.abs(sampleVariance(xs) / (k * scale * scale) - 1)).toBeLessThan(5 * Math.sqrt((2 + 6 / k) / N));
    // P(X < x) = 1 - sum_{i<k} e^-y y^i / i!, y = x / scale (Poisson count of phases done by x).
    const x = k * scale;
    let term = Math.exp(-x / scale);
    let tail = 0;
    for (let i = 0; i < k; i++) { tail += term; term *= x / scale / (i + 1); }
    expectShareBelow(xs, x, 1 - tail);
  });
});

describe('Weibull and Erlang in scenario files', () => {
  const parse = (v: unknown) => distribution('duration').safeParse(v);

  it('take a mean or a scale, with units, and build the kernel distribution', () => {
    const w = parse({ weibull: { shape: 2, mean: '30 min' } });
    expect(w.success).toBe(true);
    expect(buildDistribution(w.data!).mean).toBeCloseTo(0.5, 12);
    expect(parse({ weibull: { shape: 2, scale: '1 h' } }).data).toEqual({ kind: 'weibull', shape: 2, scale: 1 });
    expect(parse({ erlang: { k: 4, mean: '2 h' } }).data).toEqual({ kind: 'erlang', k: 4, scale: 0.5 });
    expect(parse({ erlang: { k: 4, scale: '15 min' } }).data).toEqual({ kind: 'erlang', k: 4, scale: 0.25 });
  });

  it.each([
    [{ erlang: { k: 2.5, mean: '1 h' } }, /whole number of phases/],
    [{ erlang: { k: 3 } }, /either mean or scale/],
    [{ weibull: { shape: 0, scale: '1 h' } }, /greater than 0/],
    [{ weibull: { shape: 2, mean: '1 h', scale: '1 h' } }, /either mean or scale/],
    [{ weibull: { shape: 2, scale: 3 } }, /expected a duration/],
  ])('refuse %j', (v, message) => {
    const r = parse(v);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toMatch(message);
  });
});
