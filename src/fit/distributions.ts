import digamma from '@stdlib/math-base-special-digamma';
import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import gammainc from '@stdlib/math-base-special-gammainc';
import gammaincinv from '@stdlib/math-base-special-gammaincinv';
import gammaln from '@stdlib/math-base-special-gammaln';
import trigamma from '@stdlib/math-base-special-trigamma';

/**
 * Maximum-likelihood fits of the duration distributions the scenario language
 * has, each with the standard errors of its parameters from the Fisher
 * information (the asymptotic covariance of the estimate is the inverse of n
 * times the information of one observation), its log-likelihood and AIC.
 *
 * Every fit is in the data's own unit; `form` is the distribution as the
 * scenario language writes it (yaml.ts adds the unit).
 */

export type FitName = 'exponential' | 'gamma' | 'lognormal' | 'weibull';
export const FIT_NAMES: readonly FitName[] = ['exponential', 'gamma', 'lognormal', 'weibull'];

export interface Parameter {
  name: string;
  value: number;
  se: number;
  /** In the data's unit (a duration), or a plain number (a shape, a log-scale parameter). */
  unit: boolean;
}

/** A distribution as a scenario file writes it: durations in the data's unit, plain numbers beside them. */
export type Form =
  | { name: 'exponential'; mean: number }
  | { name: 'gamma'; shape: number; mean: number }
  | { name: 'lognormal'; mean: number; sd: number }
  | { name: 'weibull'; shape: number; scale: number }
  | { name: 'empirical'; values: number[] };

export interface Fit {
  name: FitName;
  params: Parameter[];
  logLik: number;
  /** Akaike's information criterion, 2k - 2 log L: lower is better. */
  aic: number;
  mean: number;
  cdf(x: number): number;
  quantile(p: number): number;
  form: Form;
}

/** 1 - Euler's constant: Gamma'(2), in the Weibull's information. */
const ONE_MINUS_EULER = 1 - 0.5772156649015329;

function sum(xs: readonly number[], f: (x: number) => number): number {
  let s = 0;
  for (const x of xs) s += f(x);
  return s;
}

/** Free parameters of each family (the lognormal lists four, two of them functions of the other two). */
const FREE: Record<FitName, number> = { exponential: 1, gamma: 2, lognormal: 2, weibull: 2 };

function result(name: FitName, params: Parameter[], logLik: number, mean: number, cdf: (x: number) => number, quantile: (p: number) => number, form: Form): Fit {
  return { name, params, logLik, aic: 2 * FREE[name] - 2 * logLik, mean, cdf, quantile, form };
}

export function fitExponential(xs: readonly number[]): Fit {
  const n = xs.length;
  const mu = sum(xs, (x) => x) / n;
  return result('exponential', [{ name: 'mean', value: mu, se: mu / Math.sqrt(n), unit: true }],
    -n * Math.log(mu) - n, mu, (x) => (x <= 0 ? 0 : -Math.expm1(-x / mu)), (p) => -mu * Math.log1p(-p), { name: 'exponential', mean: mu });
}

/**
 * Gamma: the shape solves log a - digamma(a) = log(mean x) - mean(log x)
 * (Newton from Minka's closed-form start, which is within 1.5% already); the
 * scale is then mean / shape. In (shape, mean) the information is diagonal:
 * n (trigamma(a) - 1/a) for the shape and n a / mean^2 for the mean.
 */
export function fitGamma(xs: readonly number[]): Fit {
  const n = xs.length;
  const mu = sum(xs, (x) => x) / n;
  const s = Math.log(mu) - sum(xs, Math.log) / n;
  let a = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  for (let i = 0; i < 50; i++) {
    const step = (Math.log(a) - digamma(a) - s) / (1 / a - trigamma(a));
    // Kept positive: halve the step rather than cross zero.
    const next = a - step > 0 ? a - step : a / 2;
    if (Math.abs(next - a) < 1e-12 * a) { a = next; break; }
    a = next;
  }
  const scale = mu / a;
  const logLik = (a - 1) * sum(xs, Math.log) - (n * mu) / scale - n * a * Math.log(scale) - n * gammaln(a);
  return result('gamma', [
    { name: 'shape', value: a, se: 1 / Math.sqrt(n * (trigamma(a) - 1 / a)), unit: false },
    { name: 'mean', value: mu, se: mu / Math.sqrt(n * a), unit: true },
  ], logLik, mu, (x) => (x <= 0 ? 0 : gammainc(x / scale, a)), (p) => scale * gammaincinv(p, a), { name: 'gamma', shape: a, mean: mu });
}

const normalCdf = (z: number) => 0.5 * erfc(-z / Math.SQRT2);
const normalQuantile = (p: number) => -Math.SQRT2 * erfcinv(2 * p);

/**
 * Lognormal: mu and sigma are the mean and (n-divided) sd of log x. The scenario
 * writes the mean and sd of x itself, exp(mu + sigma^2/2) and that times
 * sqrt(exp(sigma^2) - 1); their standard errors by the delta method, with
 * var(mu) = sigma^2/n and var(sigma) = sigma^2/(2n) independent.
 */
export function fitLognormal(xs: readonly number[]): Fit {
  const n = xs.length;
  const mu = sum(xs, Math.log) / n;
  const sigma = Math.sqrt(sum(xs, (x) => (Math.log(x) - mu) ** 2) / n);
  const s2 = sigma * sigma;
  const mean = Math.exp(mu + s2 / 2);
  const root = Math.sqrt(Math.expm1(s2));
  const sd = mean * root;
  const varMu = s2 / n;
  const varSigma = s2 / (2 * n);
  // d mean / d mu = mean, d mean / d sigma = mean sigma; d sd / d mu = sd, d sd / d sigma = sd sigma (1 + e^s2 / (e^s2 - 1)).
  const seMean = mean * Math.sqrt(varMu + s2 * varSigma);
  const dSdSigma = sd * sigma * (1 + Math.exp(s2) / Math.expm1(s2));
  const seSd = Math.sqrt(sd * sd * varMu + dSdSigma * dSdSigma * varSigma);
  const logLik = -sum(xs, Math.log) - n * Math.log(sigma) - (n / 2) * Math.log(2 * Math.PI) - n / 2;
  return result('lognormal', [
    { name: 'mean', value: mean, se: seMean, unit: true },
    { name: 'sd', value: sd, se: seSd, unit: true },
    { name: 'mu', value: mu, se: Math.sqrt(varMu), unit: false },
    { name: 'sigma', value: sigma, se: Math.sqrt(varSigma), unit: false },
  ], logLik, mean, (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)), (p) => Math.exp(mu + sigma * normalQuantile(p)), { name: 'lognormal', mean, sd });
}

/**
 * Weibull: the shape k solves sum(x^k log x) / sum(x^k) - 1/k = mean(log x)
 * (the profile likelihood's score; its left side rises with k, so Newton in
 * log k with bisection as a guard always converges), then scale = mean(x^k)^(1/k).
 * The data are divided by their geometric mean first, so x^k cannot overflow.
 * Inverting the information gives var(k) = 6 k^2 / (pi^2 n) and
 * var(scale) = scale^2 (1 + 6 (1 - euler)^2 / pi^2) / (k^2 n); the mean,
 * scale Gamma(1 + 1/k), is listed too (its standard error by the delta method).
 */
export function fitWeibull(xs: readonly number[]): Fit {
  const n = xs.length;
  const g = Math.exp(sum(xs, Math.log) / n);
  const ys = xs.map((x) => x / g);
  const logs = ys.map(Math.log);
  const meanLog = sum(logs, (l) => l) / n; // 0 up to rounding, after the division by g
  const score = (k: number): [number, number] => {
    let s0 = 0, s1 = 0, s2 = 0;
    for (const l of logs) {
      const w = Math.exp(k * l);
      s0 += w; s1 += w * l; s2 += w * l * l;
    }
    const f = s1 / s0 - 1 / k - meanLog;
    const df = s2 / s0 - (s1 / s0) ** 2 + 1 / (k * k);
    return [f, df];
  };
  let lo = 1e-3, hi = 1e3;
  let k = 1.2;
  for (let i = 0; i < 200; i++) {
    const [f, df] = score(k);
    if (f > 0) hi = k; else lo = k;
    let next = k - f / df;
    if (!(next > lo && next < hi)) next = Math.sqrt(lo * hi);
    if (Math.abs(next - k) < 1e-12 * k) { k = next; break; }
    k = next;
  }
  const scale = g * Math.pow(sum(ys, (y) => Math.pow(y, k)) / n, 1 / k);
  const logLik = n * Math.log(k) - n * k * Math.log(scale) + (k - 1) * sum(xs, Math.log) - sum(xs, (x) => Math.pow(x / scale, k));
  const gk = Math.exp(gammaln(1 + 1 / k));
  const mean = scale * gk;
  // The mean's standard error by the delta method over the inverse information (cov(k, scale) = 6 (1 - euler) scale / (pi^2 n)).
  const varK = (6 * k * k) / (Math.PI ** 2 * n);
  const varScale = (scale * scale * (Math.PI ** 2 / 6 + ONE_MINUS_EULER ** 2) * 6) / (Math.PI ** 2 * k * k * n);
  const cov = (6 * ONE_MINUS_EULER * scale) / (Math.PI ** 2 * n);
  const dK = -scale * gk * digamma(1 + 1 / k) / (k * k);
  const seMean = Math.sqrt(gk * gk * varScale + dK * dK * varK + 2 * gk * dK * cov);
  return result('weibull', [
    { name: 'shape', value: k, se: Math.sqrt(varK), unit: false },
    { name: 'scale', value: scale, se: Math.sqrt(varScale), unit: true },
    { name: 'mean', value: mean, se: seMean, unit: true },
  ], logLik, mean, (x) => (x <= 0 ? 0 : -Math.expm1(-Math.pow(x / scale, k))), (p) => scale * Math.pow(-Math.log1p(-p), 1 / k), { name: 'weibull', shape: k, scale });
}

export const FITTERS: Record<FitName, (xs: readonly number[]) => Fit> = {
  exponential: fitExponential, gamma: fitGamma, lognormal: fitLognormal, weibull: fitWeibull,
};
