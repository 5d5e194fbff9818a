import { stringify } from 'csv-stringify/sync';
import type { CashFlow } from '../run/cash.js';
import { formatNumber } from './run-files.js';

/**
 * cash.csv: per model against the baseline and per measured week, the one-off
 * costs charged, the mean weekly difference of throughput minus operating
 * expense, and the cumulative cash difference with its 95% interval.
 */
export function cashCsv(flows: CashFlow[]): string {
  const rows = flows.flatMap((f) => f.weeks.map((w) => [
    f.model, f.baseline, String(w.week), formatNumber(w.oneOff), formatNumber(w.difference),
    formatNumber(w.cumulative.mean), formatNumber(w.cumulative.ci95_low), formatNumber(w.cumulative.ci95_high),
  ]));
  return stringify(rows, {
    header: true,
    columns: ['model', 'baseline', 'week', 'one_off', 'difference_mean', 'cumulative_mean', 'cumulative_ci95_low', 'cumulative_ci95_high'],
  });
}

/** A cash flow's figures as run.json keeps them (and the report reads them back). */
export function cashRecord(f: CashFlow): Record<string, unknown> {
  const interval = (r: { mean: number; ci95_low: number; ci95_high: number }) => ({ mean: finite(r.mean), ci95_low: finite(r.ci95_low), ci95_high: finite(r.ci95_high) });
  return {
    model: f.model, baseline: f.baseline, weeks: [f.from, f.to], discount_rate: f.rate,
    one_off_total: f.oneOffTotal, one_off: f.oneOff.map((c) => ({ week: c.week, what: c.what, amount: c.amount })),
    payback_week: interval(f.payback), paid_back: f.paidBack, replications: f.replications,
    roi: interval(f.roi), npv: interval(f.npv),
  };
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
