/**
 * Statistics collected while a run goes, in constant memory: time-weighted averages
 * (queue lengths, busy servers) and tallies of observations (waits, sojourns) with
 * quantiles. Totals are cumulative from time 0; a window (after the warm-up, one
 * week) is the difference of two readings, so nothing needs resetting but quantiles.
 */

/**
 * The time-average of a piecewise-constant quantity such as a queue length.
 *
 * The integral is not accumulated interval by interval: a change of the value by
 * `delta` at time `t` adds `delta * (now - t)` to the integral up to any later
 * `now`, so the integral is `value * now - offset` with `offset` the sum of
 * `delta * t` over all changes. An update is then two fields and one multiply-add
 * (the hot path updates several of these per customer). The difference is exact
 * whenever the products are (integer times and values), and otherwise within a
 * few ulps of value * now: negligible against any window a metric is taken over.
 */
export class TimeWeighted {
  value = 0;
  /** Sum of delta * time over all changes of the value. */
  private offset = 0;

  set(now: number, value: number): void {
    this.offset += (value - this.value) * now;
    this.value = value;
  }

  add(now: number, delta: number): void {
    this.offset += delta * now;
    this.value += delta;
  }

  /**
   * Integral of the value from time 0 up to `now` (a time at or after the last
   * update); windows are taken by differencing.
   */
  areaUntil(now: number): number {
    return this.value * now - this.offset;
  }
}

/** Which 32-bit half of a float64 holds the sign, exponent and top of the mantissa. */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
/** Scratch for reading a float64's bits (module constants: cheaper to reach than statics). */
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** log2 of the number of bins per power of two. */
const SUB_BITS = 7;
/** Bin key (high word >>> (20 - SUB_BITS)) of 2^-20 and of 2^24. */
const KEY_LOW = (1023 - 20) << SUB_BITS;
const KEY_HIGH = (1023 + 24) << SUB_BITS;
const BINS = KEY_HIGH - KEY_LOW;

/**
 * Quantiles of a stream of non-negative values in fixed memory: a log-linear
 * histogram (as in HdrHistogram) plus an exact count of zeros (an M/M/c queue has
 * a point mass at zero wait). simple-statistics computes quantiles of stored
 * arrays; a run of ten million customers cannot store every wait and still keep
 * memory proportional to the work in progress, hence this sketch.
 *
 * A value's bin is read straight off its IEEE-754 bits: the exponent and the top
 * 7 bits of the mantissa, i.e. 128 bins per power of two, each at most 0.78% wide.
 * Reported quantiles (bin midpoints) are within 0.4% of the exact sample quantile
 * for values in [2^-20, 2^24) (about 1e-6 to 1.7e7); values outside are clamped.
 */
export class QuantileSketch {
  private readonly bins = new Float64Array(BINS);
  private zeros = 0;
  count = 0;

  add(x: number): void {
    this.count++;
    if (x > 0) {
      F64[0] = x;
      const b = (U32[HIGH_WORD] >>> (20 - SUB_BITS)) - KEY_LOW;
      this.bins[b < 0 ? 0 : b >= BINS ? BINS - 1 : b]++;
    } else this.zeros++;
  }

  /** The p-quantile (0 <= p <= 1), NaN when empty. */
  quantile(p: number): number {
    if (this.count === 0) return NaN;
    // Rank of the quantile in the sorted sample (lower-median convention).
    const rank = Math.max(1, Math.ceil(p * this.count));
    if (rank <= this.zeros) return 0;
    let seen = this.zeros;
    const bins = this.bins;
    for (let b = 0; b < bins.length; b++) {
      seen += bins[b];
      if (seen >= rank) return QuantileSketch.midpoint(b);
    }
    return NaN;
  }

  /** The middle of bin b: its lower edge plus half a sub-bucket. */
  private static midpoint(b: number): number {
    const key = b + KEY_LOW;
    const exponent = (key >>> SUB_BITS) - 1023;
    const sub = key & ((1 << SUB_BITS) - 1);
    return Math.pow(2, exponent) * (1 + (sub + 0.5) / (1 << SUB_BITS));
  }

  reset(): void {
    this.bins.fill(0);
    this.zeros = 0;
    this.count = 0;
  }
}

/** Count, sum and quantiles of observations (waits, sojourn times). */
export class Tally {
  count = 0;
  sum = 0;
  /** Observations strictly greater than zero (e.g. customers who had to wait). */
  positive = 0;
  private readonly sketch: QuantileSketch | null;

  constructor(withQuantiles = true) {
    this.sketch = withQuantiles ? new QuantileSketch() : null;
  }

  add(x: number): void {
    this.count++;
    this.sum += x;
    if (x > 0) this.positive++;
    if (this.sketch !== null) this.sketch.add(x);
  }

  get mean(): number {
    return this.count > 0 ? this.sum / this.count : NaN;
  }

  quantile(p: number): number {
    return this.sketch === null ? NaN : this.sketch.quantile(p);
  }

  /**
   * Forgets the observations behind the quantiles (end of warm-up). Count and sum
   * stay cumulative: windows over them are taken by differencing.
   */
  resetQuantiles(): void {
    if (this.sketch !== null) this.sketch.reset();
  }
}
