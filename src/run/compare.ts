import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { ANSWER_ORDER, AREAS, metricInfo } from '../models/metrics.js';
import type { StudyResult } from './study.js';
import { spreadOf, type Spread } from './spread.js';
import { summarize, type SummaryRow } from './summary.js';

/**
 * Paired comparison of studies run on common random numbers: replication r of
 * every model ran with the same seed, so the difference model - baseline of
 * replication r cancels the noise the models share (the same customers, the
 * same arrivals), and its Student-t interval over the replications is much
 * narrower than that of two independent samples. Domain-free: works on any
 * summary metric.
 */

/** One row of compare.csv: a metric of one model against the baseline (the first model). */
export interface CompareRow {
  metric: string;
  baseline: string;
  /** The baseline's summary (NaN when the baseline has no such metric). */
  baseline_mean: number;
  baseline_ci95_low: number;
  baseline_ci95_high: number;
  model: string;
  mean: number;
  ci95_low: number;
  ci95_high: number;
  /** Mean of the per-replication differences model - baseline, with its 95% interval; NaN when either lacks the metric. */
  diff: number;
  diff_ci95_low: number;
  diff_ci95_high: number;
  /** P10, P50, P90 of the per-replication differences: how far apart the models are in a single replication. */
  diff_p10: number;
  diff_p50: number;
  diff_p90: number;
  /** The diff interval excludes 0; null when there is no diff. */
  significant: boolean | null;
  /** Two-sided p-value of the paired t-test of diff = 0 (NaN without a diff). */
  p_value: number;
  /** Its Benjamini-Hochberg adjusted value over this model's metrics (the false discovery rate at which it is a discovery). */
  q_value: number;
  /** q_value <= FDR: a change kept when the false discovery rate over all the model's metrics is held at 5%; null without a diff. */
  significant_fdr: boolean | null;
}

/**
 * The false discovery rate `compare` holds over all metrics of a model: of the
 * changes it reports as significant, at most 5% are expected to be noise
 * (Benjamini and Hochberg 1995), where testing 70 metrics each at 95% would
 * flag three or four of them by chance alone.
 */
export const FDR = 0.05;

export interface NamedStudy { name: string; study: StudyResult }

export const COMPARE_COLUMNS = [
  'metric', 'baseline', 'baseline_mean', 'baseline_ci95_low', 'baseline_ci95_high', 'model', 'mean', 'ci95_low', 'ci95_high',
  'diff', 'diff_ci95_low', 'diff_ci95_high', 'significant', 'diff_p10', 'diff_p50', 'diff_p90',
  'p_value', 'q_value', 'significant_fdr',
] as const;

/**
 * Every metric of any model (the union, in order of first appearance, baseline
 * first) against the baseline, for each other model. The studies must have the
 * same number of replications, run on the same seeds.
 */
export function compareStudies(models: NamedStudy[]): CompareRow[] {
  if (models.length < 2) throw new Error('compareStudies: need a baseline and at least one model');
  const [base, ...others] = models;
  const n = base.study.count;
  for (const m of others) {
    if (m.study.count !== n) {
      throw new Error(`compareStudies: ${m.name} has ${m.study.count} replications, ${base.name} has ${n}: a paired comparison needs the same`);
    }
  }
  const metrics: string[] = [];
  const seen = new Set<string>();
  for (const m of models) for (const name of m.study.names) if (!seen.has(name)) { seen.add(name); metrics.push(name); }
  const index = models.map((m) => new Map(m.study.names.map((name, k) => [name, k])));
  const summaries = models.map((m) => new Map(m.study.summary.map((r) => [r.metric, r])));
  const width = models.map((m) => m.study.names.length);

  const rows: CompareRow[] = [];
  for (const metric of metrics) {
    const b = summaries[0].get(metric);
    others.forEach((m, i) => {
      const s = summaries[i + 1].get(metric);
      const kb = index[0].get(metric);
      const km = index[i + 1].get(metric);
      let d: SummaryRow | null = null;
      let p = NaN;
      let spread: Spread = { p10: NaN, p50: NaN, p90: NaN };
      if (kb !== undefined && km !== undefined) {
        const x = base.study.values;
        const y = m.study.values;
        const wb = width[0];
        const wm = width[i + 1];
        const diffs = Float64Array.from({ length: n }, (_, r) => y[r * wm + km] - x[r * wb + kb]);
        d = summarize(metric, diffs);
        spread = spreadOf(diffs);
        p = pairedP(d);
      }
      rows.push({
        metric,
        baseline: base.name,
        baseline_mean: b?.mean ?? NaN,
        baseline_ci95_low: b?.ci95_low ?? NaN,
        baseline_ci95_high: b?.ci95_high ?? NaN,
        model: m.name,
        mean: s?.mean ?? NaN,
        ci95_low: s?.ci95_low ?? NaN,
        ci95_high: s?.ci95_high ?? NaN,
        diff: d?.mean ?? NaN,
        diff_ci95_low: d?.ci95_low ?? NaN,
        diff_ci95_high: d?.ci95_high ?? NaN,
        diff_p10: spread.p10,
        diff_p50: spread.p50,
        diff_p90: spread.p90,
        significant: d === null ? null : d.ci95_low > 0 || d.ci95_high < 0,
        p_value: p,
        q_value: NaN,
        significant_fdr: null,
      });
    });
  }
  for (const m of others) adjust(rows.filter((r) => r.model === m.name));
  return rows;
}

/** Two-sided p-value of a paired t-test of mean 0 from the differences' summary; a difference that does not vary is certain. */
function pairedP(d: SummaryRow): number {
  const n = d.replications;
  if (n < 2 || Number.isNaN(d.mean)) return NaN;
  if (!(d.stdev > 0)) return d.mean === 0 ? 1 : 0;
  const t = Math.abs(d.mean) / (d.stdev / Math.sqrt(n));
  return Math.min(1, 2 * (1 - tCdf(t, n - 1)));
}

/** Benjamini-Hochberg: q of the k-th smallest of m p-values is min over j >= k of p_j x m / j. */
function adjust(rows: CompareRow[]): void {
  const tested = rows.filter((r) => !Number.isNaN(r.p_value)).sort((a, b) => a.p_value - b.p_value);
  const m = tested.length;
  let q = 1;
  for (let k = m - 1; k >= 0; k--) {
    q = Math.min(q, (tested[k].p_value * m) / (k + 1));
    tested[k].q_value = q;
    tested[k].significant_fdr = q <= FDR;
  }
}

/** diff relative to the baseline's mean (Infinity when the baseline is 0 and the diff is not). */
export function relativeChange(row: CompareRow): number {
  if (row.diff === 0) return 0;
  return row.baseline_mean === 0 ? Infinity * Math.sign(row.diff) : row.diff / Math.abs(row.baseline_mean);
}

/**
 * The significant changes: interval excluding 0 and kept at the false discovery
 * rate (Benjamini-Hochberg over the model's metrics), grouped by business area
 * (money first); within each, the answer's figures first (margin, revenue, payroll...),
 * then the biggest relative change (ties: by name).
 */
export function significantChanges(rows: CompareRow[]): CompareRow[] {
  const area = (r: CompareRow) => AREAS.indexOf(metricInfo(r.metric).area);
  const rank = (r: CompareRow) => (ANSWER_ORDER.includes(r.metric) ? ANSWER_ORDER.indexOf(r.metric) : ANSWER_ORDER.length);
  return rows
    .filter((r) => r.significant === true && r.significant_fdr === true)
    .sort((a, b) => area(a) - area(b) || rank(a) - rank(b) || Math.abs(relativeChange(b)) - Math.abs(relativeChange(a)) || (a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0));
}
