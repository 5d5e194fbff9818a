import { describe, expect, it } from 'vitest';
import { sampleStandardDeviation } from 'simple-statistics';
import { Exponential, Gamma, LogNormal, Weibull, type Distribution } from '../../src/kernel/distributions.js';
import { RandomStreams } from '../../src/kernel/random.js';
import { fitExponential, fitGamma, fitLognormal, fitWeibull, FITTERS, type Fit, type FitName } from '../../src/fit/distributions.js';

const streams = new RandomStreams('fit-distributions-test');

function sample(d: Distribution, name: string, n: number): number[] {
  const rng = streams.stream(name);
  return Array.from({ length: n }, () => d.sample(rng));
}

const param = (f: Fit, name: string) => f.params.find((p) => p.name === name)!;

/** The estimate within 3 of its own standard errors of the truth (a 0.3% chance of a false alarm per parameter, fixed by the seed). */
function expectRecovered(f: Fit, truth: Record<string, number>): void {
  for (const [name, value] of Object.entries(truth)) {
    const p = param(f, name);
    expect(Math.abs(p.value - value), `${f.name} ${name}: ${p.value} ± ${p.se}, true ${value}`).toBeLessThan(3 * p.se);
  }
}

// What each fit is generated from, in the kernel's own samplers (the ones a scenario draws with), and the true parameters.
const CASES: [FitName, Distribution, Record<string, number>][] = [
  ['exponential', new Exponential(6), { mean: 6 }],
  ['gamma', new Gamma(2.5, 4), { shape: 2.5, mean: 10 }],
  ['lognormal', new LogNormal(12, 6), { mean: 12, sd: 6, sigma: Math.sqrt(Math.log(1 + 0.25)), mu: Math.log(12) - Math.log(1.25) / 2 }],
  ['weibull', new Weibull(1.7, 45), { shape: 1.7, scale: 45, mean: new Weibull(1.7, 45).mean }],
];

describe('maximum-likelihood fits recover the parameters of generated data', () => {
  it.each(CASES)('%s: within 3 standard errors at n = 3000', (name, d, truth) => {
    expectRecovered(FITTERS[name](sample(d, `recover-${name}`, 3000)), truth);
  });

  // The standard errors are the asymptotic ones; over 300 samples of 300 the estimates' own spread must match
  // them. The spread of 300 estimates has a relative standard error of 1/sqrt(2 * 299) = 4%: 15% is 3.6 of them.
  it.each(CASES)('%s: the standard errors match the spread of estimates over 300 samples', (name, d, truth) => {
    const fits = Array.from({ length: 300 }, (_, i) => FITTERS[name](sample(d, `se-${name}-${i}`, 300)));
    for (const p of Object.keys(truth)) {
      const spread = sampleStandardDeviation(fits.map((f) => param(f, p).value));
      const se = fits.reduce((s, f) => s + param(f, p).se, 0) / fits.length;
      expect(Math.abs(spread / se - 1), `${name} ${p}: spread ${spread}, SE ${se}`).toBeLessThan(0.15);
    }
  });

  // scipy 1.17 on these 15 values: stats.gamma / lognorm .fit with floc=0, and .logpdf summed; the Weibull shape by
  // optimize.brentq on its score equation (weibull_min.fit stops at 2.20375, its optimizer's tolerance).
  const X = [4.2, 7.9, 3.1, 12.5, 6.6, 5.0, 9.8, 2.7, 15.3, 6.1, 8.4, 4.9, 3.8, 11.2, 7.3];
  it('agree with scipy on a small sample: estimates and log-likelihoods', () => {
    const g = fitGamma(X);
    expect(param(g, 'shape').value).toBeCloseTo(4.3302918446483085, 6);
    expect(param(g, 'mean').value / param(g, 'shape').value).toBeCloseTo(1.675021821519382, 6);
    expect(g.logLik).toBeCloseTo(-38.790753754116984, 8);
    const w = fitWeibull(X);
    expect(param(w, 'shape').value).toBeCloseTo(2.2037695509922, 9);
    expect(param(w, 'scale').value).toBeCloseTo(8.2294188403701, 9);
    expect(w.logLik).toBeCloseTo(-39.20764487176855, 9);
    const l = fitLognormal(X);
    expect(param(l, 'sigma').value).toBeCloseTo(0.4961620329736901, 6);
    expect(param(l, 'mu').value).toBeCloseTo(1.8615744976297455, 8);
    expect(l.logLik).toBeCloseTo(-38.69490456917335, 8);
    const e = fitExponential(X);
    expect(e.mean).toBeCloseTo(7.253333333333334, 12);
    expect(e.logLik).toBeCloseTo(-44.72191699979448, 10);
    // AIC = 2k - 2 log L: the lognormal fits these best, the exponential worst.
    expect(l.aic).toBeCloseTo(4 + 2 * 38.69490456917335, 8);
    expect([e, g, l, w].sort((a, b) => a.aic - b.aic).map((f) => f.name)).toEqual(['lognormal', 'gamma', 'weibull', 'exponential']);
  });

  it('quantile inverts the CDF', () => {
    for (const name of Object.keys(FITTERS) as FitName[]) {
      const f = FITTERS[name](X);
      for (const p of [0.01, 0.3, 0.5, 0.9, 0.999]) expect(f.cdf(f.quantile(p)), name).toBeCloseTo(p, 9);
    }
  });

  it('the Weibull fit is scale-free: data in seconds or hours give the same shape', () => {
    const minutes = sample(new Weibull(0.8, 30), 'weibull-scale', 500);
    const a = fitWeibull(minutes);
    const b = fitWeibull(minutes.map((x) => x * 60));
    expect(param(b, 'shape').value).toBeCloseTo(param(a, 'shape').value, 9);
    expect(param(b, 'scale').value / 60).toBeCloseTo(param(a, 'scale').value, 8);
  });
});
