import { quantileSorted } from 'simple-statistics';
import type { StudyResult } from './study.js';
import type { SummaryRow } from './summary.js';
import { met, type Target } from './targets.js';

/**
 * How a metric varies across replications, beside its mean and interval: the
 * interval says where the mean is; P10-P90 say what one replication (one
 * simulated year of the business) may look like, and a target's share of
 * replications says how often it is met, not whether it is met on average.
 */

/** 10th, 50th and 90th percentiles across replications (linear interpolation, R's type 7); NaN values left out, NaN when none. */
export interface Spread { p10: number; p50: number; p90: number }

export function spreadOf(values: ArrayLike<number>): Spread {
  const xs = Array.from(values).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (xs.length === 0) return { p10: NaN, p50: NaN, p90: NaN };
  return { p10: quantileSorted(xs, 0.1), p50: quantileSorted(xs, 0.5), p90: quantileSorted(xs, 0.9) };
}

/** Metric k's values over the study's replications. */
export function column(study: StudyResult, k: number): Float64Array {
  const n = study.names.length;
  return Float64Array.from({ length: study.count }, (_, r) => study.values[r * n + k]);
}

/** Every summary metric's spread, in summary order. */
export function spreads(study: StudyResult): Spread[] {
  return study.names.map((_, k) => spreadOf(column(study, k)));
}

/** A target judged replication by replication: in how many it holds, and whether the mean's interval clears it. */
export interface TargetShare {
  target: string;
  metric: string;
  /** Replications in which the metric was defined and the target held. */
  met: number;
  /** Replications in which the metric was defined. */
  of: number;
  share: number;
  mean: number;
  ci95_low: number;
  ci95_high: number;
  /** The 95% interval of the mean lies on the right side of the threshold (as `size` judges a target). */
  confident: boolean;
}

export function targetShare(study: StudyResult, t: Target): TargetShare {
  const k = study.names.indexOf(t.metric);
  const row: SummaryRow | undefined = study.summary[k];
  const xs = k < 0 ? [] : Array.from(column(study, k)).filter((x) => !Number.isNaN(x));
  const holds = (x: number) => (t.op === '>=' ? x >= t.threshold : t.op === '>' ? x > t.threshold : t.op === '<=' ? x <= t.threshold : x < t.threshold);
  const hits = xs.filter(holds).length;
  return {
    target: t.text, metric: t.metric, met: hits, of: xs.length, share: xs.length === 0 ? NaN : hits / xs.length,
    mean: row?.mean ?? NaN, ci95_low: row?.ci95_low ?? NaN, ci95_high: row?.ci95_high ?? NaN, confident: met(t, row),
  };
}
