import gammaln from '@stdlib/math-base-special-gammaln';
import { errorFunction } from 'simple-statistics';
import type { Rng } from './random.js';

/**
 * A probability distribution: an object that draws a value from a uniform stream.
 * Distributions are plain data plus a sample() method, built once from the scenario
 * file; the hot path calls sample() and never allocates.
 */
export interface Distribution {
  sample(rng: Rng): number;
  /** The distribution's mean (used by checks and analytic comparisons). */
  readonly mean: number;
}

export class Constant implements Distribution {
  constructor(readonly value: number) {}
  get mean(): number { return this.value; }
  sample(): number { return this.value; }
}

export class Exponential implements Distribution {
  constructor(readonly mean: number) {}
  sample(rng: Rng): number {
    // 1 - u lies in (0, 1], so the log is finite.
    return -this.mean * Math.log(1 - rng());
  }
}

export class Uniform implements Distribution {
  constructor(readonly low: number, readonly high: number) {}
  get mean(): number { return (this.low + this.high) / 2; }
  sample(rng: Rng): number { return this.low + (this.high - this.low) * rng(); }
}

export class Triangular implements Distribution {
  private readonly split: number;
  constructor(readonly low: number, readonly mode: number, readonly high: number) {
    this.split = high > low ? (mode - low) / (high - low) : 0.5;
  }
  get mean(): number { return (this.low + this.mode + this.high) / 3; }
  sample(rng: Rng): number {
    const u = rng();
    const { low, mode, high } = this;
    return u < this.split
      ? low + Math.sqrt(u * (high - low) * (mode - low))
      : high - Math.sqrt((1 - u) * (high - low) * (high - mode));
  }
}

/** A standard normal variate by the Box-Muller transform (two uniforms, one normal). */
export function standardNormal(rng: Rng): number {
  const u1 = 1 - rng();
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Normal(mu, sd) conditioned on being >= 0 (rejection sampling). Durations and
 * amounts cannot be negative; with mu >= 0 (enforced by the schema) at least half
 * the draws are accepted.
 */
export class TruncatedNormal implements Distribution {
  readonly mean: number;
  constructor(readonly mu: number, readonly sd: number) {
    // Mean of the normal truncated below at 0: mu + sd * phi(a) / (1 - Phi(a)), a = -mu/sd.
    if (sd === 0) this.mean = mu;
    else {
      const a = -mu / sd;
      const phi = Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI);
      this.mean = mu + (sd * phi) / (1 - normalCdf(a));
    }
  }
  sample(rng: Rng): number {
    for (;;) {
      const x = this.mu + this.sd * standardNormal(rng);
      if (x >= 0) return x;
    }
  }
}

/** Lognormal given the mean and standard deviation of the variate itself (not of its log). */
export class LogNormal implements Distribution {
  private readonly mu: number;
  private readonly sigma: number;
  constructor(readonly mean: number, readonly sd: number) {
    const s2 = Math.log(1 + (sd * sd) / (mean * mean));
    this.sigma = Math.sqrt(s2);
    this.mu = Math.log(mean) - s2 / 2;
  }
  sample(rng: Rng): number {
    return Math.exp(this.mu + this.sigma * standardNormal(rng));
  }
}

/** Gamma(shape, scale) by Marsaglia and Tsang (2000); shape < 1 by the boost u^(1/shape). */
export class Gamma implements Distribution {
  private readonly d: number;
  private readonly c: number;
  constructor(readonly shape: number, readonly scale: number) {
    const a = shape < 1 ? shape + 1 : shape;
    this.d = a - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
  }
  get mean(): number { return this.shape * this.scale; }
  sample(rng: Rng): number {
    const { d, c } = this;
    let x: number;
    for (;;) {
      let z: number, v: number;
      do {
        z = standardNormal(rng);
        v = 1 + c * z;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - rng();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) { x = d * v; break; }
    }
    if (this.shape < 1) x *= Math.pow(1 - rng(), 1 / this.shape);
    return x * this.scale;
  }
}

/** Weibull(shape k, scale): the time to failure whose hazard grows (k > 1) or falls (k < 1) as a power of age; by inversion. */
export class Weibull implements Distribution {
  readonly mean: number;
  private readonly inverse: number;
  constructor(readonly shape: number, readonly scale: number) {
    this.mean = scale * Math.exp(gammaln(1 + 1 / shape));
    this.inverse = 1 / shape;
  }
  sample(rng: Rng): number {
    // 1 - u lies in (0, 1], so the log is finite.
    return this.scale * Math.pow(-Math.log(1 - rng()), this.inverse);
  }
}

/**
 * Erlang-k: the sum of k exponential phases of mean scale each (a gamma with a
 * whole shape). Drawn as the phases themselves, -scale * sum(log u): exact, and
 * for the small k of service times cheaper than Marsaglia-Tsang's rejection.
 */
export class Erlang implements Distribution {
  constructor(readonly k: number, readonly scale: number) {}
  get mean(): number { return this.k * this.scale; }
  sample(rng: Rng): number {
    let s = 0;
    for (let i = 0; i < this.k; i++) s -= Math.log(1 - rng());
    return s * this.scale;
  }
}

/** Up to this many values, Discrete walks its cumulative weights from the start. */
const SHORT_WALK = 8;

/**
 * A discrete distribution over given values with given weights (an empirical
 * distribution when the weights are equal).
 *
 * A draw is the first value whose cumulative weight exceeds a uniform u: exactly the
 * declared probabilities (up to the 2^-32 grain of the stream). Walking the
 * cumulative weights from the start costs a step per value (2.6 us a draw at 10,000
 * values), so a guide table (Chen and Asau's indexed search) says, for each of n
 * equal slices of [0, 1), where in the cumulative weights that slice begins; the walk
 * starts there and takes on average at most one step more, whatever the weights.
 * Unlike the alias method, it maps every u to the same value as the plain walk did,
 * so every stream drawn from a discrete distribution is unchanged.
 */
export class Discrete implements Distribution {
  private readonly values: Float64Array;
  private readonly cumulative: Float64Array;
  private readonly guide: Int32Array;
  readonly mean: number;
  constructor(values: readonly number[], weights?: readonly number[]) {
    const n = values.length;
    const w = weights ?? values.map(() => 1);
    const total = w.reduce((a, b) => a + b, 0);
    this.values = Float64Array.from(values);
    this.cumulative = new Float64Array(n);
    // Running sums of the weights themselves, divided once: exact for whole weights.
    let acc = 0;
    let mean = 0;
    let last = 0;
    for (let i = 0; i < n; i++) {
      acc += w[i];
      this.cumulative[i] = acc / total;
      mean += (values[i] * w[i]) / total;
      if (w[i] > 0) last = i;
    }
    // From the last value with weight on, the cumulative is 1, so that rounding can
    // never hand a draw to trailing values of weight 0.
    for (let i = last; i < n; i++) this.cumulative[i] = 1;
    this.mean = mean;
    this.guide = new Int32Array(n);
    for (let j = 0, i = 0; j < n; j++) {
      while (this.cumulative[i] <= j / n) i++;
      this.guide[j] = i;
    }
  }
  sample(rng: Rng): number {
    const u = rng();
    const c = this.cumulative;
    let i = 0;
    // A few values: the plain walk is cheaper than the table's arithmetic.
    if (c.length <= SHORT_WALK) { while (u >= c[i]) i++; return this.values[i]; }
    i = this.guide[Math.min(Math.floor(u * c.length), c.length - 1)];
    // The slice boundaries j / n and u * n are rounded; stepping back keeps the answer
    // exact when u sits a rounding error below its slice's start.
    while (i > 0 && u < c[i - 1]) i--;
    while (u >= c[i]) i++;
    return this.values[i];
  }
}

/** 1 with probability p, else 0. */
export class Bernoulli implements Distribution {
  constructor(readonly p: number) {}
  get mean(): number { return this.p; }
  sample(rng: Rng): number { return rng() < this.p ? 1 : 0; }
}

/** Means from which Poisson draws use transformed rejection rather than the product method. */
const PTRS_FROM = 10;

/**
 * Poisson counts, exact for every mean: Knuth's product method below mean 10 (about
 * mean + 1 uniforms a draw) and Hörmann's transformed rejection with squeeze (PTRS;
 * W. Hörmann, "The transformed rejection method for generating Poisson random
 * variables", Insurance: Mathematics and Economics 12, 1993) from 10 on, about 2.3
 * uniforms a draw at any mean. The constants below are the paper's.
 *
 * Hand-written rather than @stdlib/random-base-poisson: that package binds its
 * uniform source when it is built, so drawing from the caller's stream needs an
 * indirection, and it was 3 to 17 times slower here (110 ns against 30 at mean 2,
 * 780 against 46 at mean 29: below 30 it recomputes exp(-mean) for every uniform).
 * The product method is kept below 10 so that those streams are unchanged.
 */
export class Poisson implements Distribution {
  private readonly limit: number;
  private readonly a: number;
  private readonly b: number;
  private readonly vr: number;
  private readonly logAlpha: number;
  private readonly logMean: number;
  constructor(readonly mean: number) {
    this.limit = Math.exp(-mean);
    const b = 0.931 + 2.53 * Math.sqrt(mean);
    this.b = b;
    this.a = -0.059 + 0.02483 * b;
    this.vr = 0.9277 - 3.6224 / (b - 2);
    this.logAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
    this.logMean = Math.log(mean);
  }
  sample(rng: Rng): number {
    if (this.mean < PTRS_FROM) {
      let k = 0;
      let p = rng();
      while (p > this.limit) { k++; p *= rng(); }
      return k;
    }
    const { a, b, vr, mean } = this;
    for (;;) {
      const u = rng() - 0.5;
      const v = 1 - rng(); // in (0, 1]: its log is finite
      const us = 0.5 - Math.abs(u);
      const k = Math.floor((2 * a / us + b) * u + mean + 0.43);
      // Squeeze: most draws are accepted here, without a logarithm.
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      // The exact test: log of the hat's height at k against the log of the pmf.
      if (Math.log(v) + this.logAlpha - Math.log(a / (us * us) + b) <= k * this.logMean - mean - logFactorial(k)) return k;
    }
  }
}

const LOG_FACTORIAL_TABLE = new Float64Array(16);
for (let k = 2; k < LOG_FACTORIAL_TABLE.length; k++) LOG_FACTORIAL_TABLE[k] = LOG_FACTORIAL_TABLE[k - 1] + Math.log(k);
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log k! for a whole k >= 0: a table below 16, above it Stirling's series to the
 * 1/k^7 term. Its error is below 1/(1188 k^9), 1e-14 at 16 (a few roundings of the
 * result), so Poisson's acceptance test is off by a relative 1e-14 at most.
 */
export function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE.length) return LOG_FACTORIAL_TABLE[k];
  const r = 1 / k;
  const r2 = r * r;
  return (k + 0.5) * Math.log(k) - k + HALF_LOG_TWO_PI + r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 / 1680)));
}

/** Standard normal CDF. */
function normalCdf(x: number): number {
  return 0.5 * (1 + errorFunction(x / Math.SQRT2));
}
