import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import type { SummaryRow } from '../scenario/model-kind.js';

export type { SummaryRow };

/**
 * Mean, sample standard deviation and the Student-t 95% confidence interval of a
 * metric over independent replications. Undefined values (NaN) are left out.
 */
export function summarize(metric: string, samples: ArrayLike<number>): SummaryRow {
  const xs = Array.from(samples).filter((x) => !Number.isNaN(x));
  const n = xs.length;
  if (n === 0) return { metric, mean: NaN, stdev: NaN, ci95_low: NaN, ci95_high: NaN, replications: 0 };
  const m = mean(xs);
  if (n === 1) return { metric, mean: m, stdev: NaN, ci95_low: NaN, ci95_high: NaN, replications: 1 };
  const sd = sampleStandardDeviation(xs);
  const half = tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { metric, mean: m, stdev: sd, ci95_low: m - half, ci95_high: m + half, replications: n };
}

/**
 * The same statistics from a sample's count, mean and sum of squared deviations
 * (online moments: the per-week aggregates of src/run/weekly.ts).
 */
export function intervalOf(metric: string, n: number, m: number, m2: number): SummaryRow {
  if (n === 0) return { metric, mean: NaN, stdev: NaN, ci95_low: NaN, ci95_high: NaN, replications: 0 };
  if (n === 1) return { metric, mean: m, stdev: NaN, ci95_low: NaN, ci95_high: NaN, replications: 1 };
  const sd = Math.sqrt(Math.max(0, m2) / (n - 1));
  const half = tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { metric, mean: m, stdev: sd, ci95_low: m - half, ci95_high: m + half, replications: n };
}
