import { summarize } from '../run/summary.js';
import type { ModelOutput, SummaryRecord } from './outputs.js';

/** A weekly metric of one model across replications: mean and 95% interval per week. */
export interface WeekPoint { model: string; metric: string; week: number; mean: number; low: number | null; high: number | null }

/**
 * Per week, the mean of a metric over replications with its Student-t interval
 * (the same statistics as summary.csv; null bounds when there is one replication).
 */
export function weeklyMeans(m: ModelOutput, metric: string): WeekPoint[] {
  const byWeek = new Map<number, number[]>();
  for (const r of m.weekly) {
    if (r.metric !== metric || Number.isNaN(r.value)) continue;
    let xs = byWeek.get(r.week);
    if (xs === undefined) byWeek.set(r.week, (xs = []));
    xs.push(r.value);
  }
  return [...byWeek.keys()].sort((a, b) => a - b).map((week) => {
    const s = summarize(metric, byWeek.get(week)!);
    return { model: m.name, metric, week, mean: s.mean, low: finite(s.ci95_low), high: finite(s.ci95_high) };
  });
}

/** Per week, the share of replications in which each label (a role, or `none`) was the constraint. */
export function labelShares(m: ModelOutput, metric: string): { model: string; week: number; label: string; share: number }[] {
  const counts = new Map<number, Map<string, number>>();
  for (const r of m.weekly) {
    if (r.metric !== metric || r.label === '') continue;
    let c = counts.get(r.week);
    if (c === undefined) counts.set(r.week, (c = new Map()));
    c.set(r.label, (c.get(r.label) ?? 0) + 1);
  }
  const out: { model: string; week: number; label: string; share: number }[] = [];
  for (const week of [...counts.keys()].sort((a, b) => a - b)) {
    const c = counts.get(week)!;
    let n = 0;
    for (const v of c.values()) n += v;
    for (const label of [...c.keys()].sort()) out.push({ model: m.name, week, label, share: c.get(label)! / n });
  }
  return out;
}

/** The metrics of a weekly file, in the order they first appear. */
export function weeklyMetrics(m: ModelOutput): string[] {
  const seen = new Set<string>();
  for (const r of m.weekly) seen.add(r.metric);
  return [...seen];
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
