/**
 * Statistics collected while a run goes, in constant memory: time-weighted averages
 * (queue lengths, busy servers) and tallies of observations (waits, sojourns) with
 * quantiles. Totals are cumulative from time 0; a window (after the warm-up, one
 * week) is the difference of two readings, so nothing needs resetting but quantiles.
 */

/** The time-average of a piecewise-constant quantity such as a queue length. */
export class TimeWeighted {
  value = 0;
  /** Integral of the value over time since the last reset. */
  /** Integral of the value over time up to `last`. */
  private area = 0;
  private last = 0;

  set(now: number, value: number): void {
    this.area += this.value * (now - this.last);
    this.last = now;
    this.value = value;
  }

  add(now: number, delta: number): void {
    this.area += this.value * (now - this.last);
    this.last = now;
    this.value += delta;
  }

  /** Integral of the value from time 0 up to `now`; windows are taken by differencing. */
  areaUntil(now: number): number {
    return this.area + this.value * (now - this.last);
  }
}

/**
 * Quantiles of a stream of non-negative values in fixed memory: a histogram with
 * logarithmically spaced bins (relative width 1%), plus an exact count of zeros
 * (an M/M/c queue has a point mass at zero wait). simple-statistics computes
 * quantiles of stored arrays; a run of ten million customers cannot store every
 * wait and still keep memory proportional to the work in progress, hence this sketch.
 * Reported quantiles are within 0.5% (relative) of the exact sample quantile for
 * values in [1e-6, 1e7]; smaller values count as the lowest bin, larger as the top.
 */
export class QuantileSketch {
  private static readonly MIN = 1e-6;
  private static readonly GROWTH = 1.01;
  private static readonly LOG_GROWTH = Math.log(QuantileSketch.GROWTH);
  private static readonly BINS = Math.ceil(Math.log(1e7 / QuantileSketch.MIN) / QuantileSketch.LOG_GROWTH) + 1;
  private readonly bins = new Float64Array(QuantileSketch.BINS);
  private zeros = 0;
  count = 0;

  add(x: number): void {
    this.count++;
    if (x <= 0) { this.zeros++; return; }
    let b = Math.floor(Math.log(x / QuantileSketch.MIN) / QuantileSketch.LOG_GROWTH);
    if (b < 0) b = 0; else if (b >= QuantileSketch.BINS) b = QuantileSketch.BINS - 1;
    this.bins[b]++;
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
      if (seen >= rank) {
        // Geometric middle of the bin.
        return QuantileSketch.MIN * Math.pow(QuantileSketch.GROWTH, b + 0.5);
      }
    }
    return NaN;
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
