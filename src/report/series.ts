import type { ModelOutput, SummaryRecord } from './outputs.js';

/** A weekly metric of one model across replications: mean and 95% interval per week. */
export interface WeekPoint { model: string; metric: string; week: number; mean: number; low: number | null; high: number | null }

/**
 * Per week, the mean of a metric over replications with its Student-t interval
 * (the same statistics as summary.csv; null bounds when there is one replication).
 */
export function weeklyMeans(m: ModelOutput, metric: string): WeekPoint[] {
  return m.weekly.summaries(metric).map(({ week, row }) => ({ model: m.name, metric, week, mean: row.mean, low: finite(row.ci95_low), high: finite(row.ci95_high) }));
}

/** Per week, the share of replications in which each label (a role, or `none`) was the constraint. */
export function labelShares(m: ModelOutput, series: string): { model: string; week: number; label: string; share: number }[] {
  const out: { model: string; week: number; label: string; share: number }[] = [];
  for (const { week, counts } of m.weekly.labels(series)) {
    let n = 0;
    for (const v of counts.values()) n += v;
    for (const label of [...counts.keys()].sort()) out.push({ model: m.name, week, label, share: counts.get(label)! / n });
  }
  return out;
}

/** Roles named in a model's metrics (`role.<name>.utilization`), in file order. */
export function roles(m: ModelOutput): string[] {
  const out: string[] = [];
  for (const r of m.summary) {
    const match = /^role\.([^.]+)\.utilization$/.exec(r.metric);
    if (match !== null) out.push(match[1]);
  }
  return out;
}

export function summaryOf(m: ModelOutput, metric: string): SummaryRecord | undefined {
  return m.summary.find((r) => r.metric === metric);
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
