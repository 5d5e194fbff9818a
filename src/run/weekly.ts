import { CASH_FLOW_METRIC } from '../models/metrics.js';
import { intervalOf, type SummaryRow } from './summary.js';

/**
 * A value as the output files hold it: integers as they are, others to 10
 * significant digits (src/io/run-files.ts writes them so, for files that are
 * byte-identical across machines). The weekly aggregates are taken over these
 * values, so that a report drawn in the command that ran the study and one
 * drawn later from weekly.csv (`salesim report DIR`) get the same numbers.
 */
export function fileValue(x: number): number {
  if (Number.isInteger(x)) return x === 0 ? 0 : x;
  if (!Number.isFinite(x)) return x;
  return Number(x.toPrecision(10));
}

/** Count, mean and sum of squared deviations of one metric in one week (Welford's online update). */
export interface Moments { week: number; n: number; mean: number; m2: number }

/**
 * The weekly metrics whose every replication's value is kept as well, in
 * replication order: the cash flow of a change is paired replication by
 * replication (src/run/cash.ts). One number per replication and week.
 */
export const KEPT_WEEKLY: ReadonlySet<string> = new Set([CASH_FLOW_METRIC]);

/** One metric's moments, indexed by week - 1, and for a kept metric each replication's value (NaN kept: the order is the replication's). */
class Cells {
  readonly n: number[] = [];
  readonly mean: number[] = [];
  readonly m2: number[] = [];
  readonly values: number[][] | undefined;

  constructor(keep: boolean) {
    this.values = keep ? [] : undefined;
  }

  keep(w: number, x: number): void {
    if (this.values === undefined) return;
    while (this.values.length <= w) this.values.push([]);
    this.values[w].push(x);
  }

  add(w: number, x: number): void {
    while (this.n.length <= w) { this.n.push(0); this.mean.push(0); this.m2.push(0); }
    const n = ++this.n[w];
    const delta = x - this.mean[w];
    this.mean[w] += delta / n;
    this.m2[w] += delta * (x - this.mean[w]);
  }
}

/**
 * Per week, the statistics across replications of every weekly metric (count,
 * mean, M2) and of every text series (how many replications gave each label),
 * updated one value at a time, so that a study of any number of replications
 * keeps only weeks x metrics numbers, not every replication's rows. Values must
 * come in replication order: the same order gives bit-identical moments,
 * whichever way they were produced (serial, threads, or read back from a file).
 */
export class WeeklyStats {
  private readonly cells = new Map<string, Cells>();
  private readonly labelled = new Map<string, Map<string, number>[]>();
  /** The cells of the last replication's weeklyNames, resolved once (every replication has the same names). */
  private lastNames: string[] = [];
  private lastCells: Cells[] = [];
  /** The last week that holds anything (weeks count from 1). */
  lastWeek = 0;

  /** One value of a weekly metric; undefined values (NaN) are left out, as summary.csv leaves them out. */
  add(metric: string, week: number, x: number): void {
    const c = this.cellsOf(metric);
    if (week > this.lastWeek) this.lastWeek = week;
    c.keep(week - 1, x);
    if (!Number.isNaN(x)) c.add(week - 1, x);
  }

  /** The label a text series (the constraint) had in a week of one replication. */
  addLabel(series: string, week: number, label: string): void {
    let weeks = this.labelled.get(series);
    if (weeks === undefined) this.labelled.set(series, (weeks = []));
    while (weeks.length < week) weeks.push(new Map());
    const counts = weeks[week - 1];
    counts.set(label, (counts.get(label) ?? 0) + 1);
    if (week > this.lastWeek) this.lastWeek = week;
  }

  /** A replication's weekly rows (week 1 first, aligned with names) and text series, as the files hold them. */
  addReplication(names: string[], weeks: ArrayLike<number>[], labels: { name: string; values: string[] }[] = []): void {
    if (!sameNames(names, this.lastNames)) {
      this.lastNames = names;
      this.lastCells = names.map((n) => this.cellsOf(n));
    }
    const cells = this.lastCells;
    for (let w = 0; w < weeks.length; w++) {
      const row = weeks[w];
      for (let k = 0; k < cells.length; k++) {
        const x = fileValue(row[k]);
        cells[k].keep(w, x);
        if (!Number.isNaN(x)) cells[k].add(w, x);
      }
    }
    if (cells.length > 0 && weeks.length > this.lastWeek) this.lastWeek = weeks.length;
    for (const s of labels) s.values.forEach((label, w) => this.addLabel(s.name, w + 1, label));
  }

  /** The weekly metrics, in the order they first appeared. */
  metrics(): string[] {
    return [...this.cells.keys()];
  }

  /** The text series (e.g. `constraint`), in the order they first appeared. */
  series(): string[] {
    return [...this.labelled.keys()];
  }

  /** A metric's moments for every week in which it was defined in some replication, week 1 first. */
  moments(metric: string): Moments[] {
    const c = this.cells.get(metric);
    if (c === undefined) return [];
    const out: Moments[] = [];
    c.n.forEach((n, w) => { if (n > 0) out.push({ week: w + 1, n, mean: c.mean[w], m2: c.m2[w] }); });
    return out;
  }

  /** A metric per week as a summary row (mean, Student-t 95% interval), the statistics of summary.csv. */
  summaries(metric: string): { week: number; row: SummaryRow }[] {
    return this.moments(metric).map((m) => ({ week: m.week, row: intervalOf(metric, m.n, m.mean, m.m2) }));
  }

  /** Per week (from 1), how many replications gave each label of a text series; empty maps for weeks without any. */
  labels(series: string): { week: number; counts: ReadonlyMap<string, number> }[] {
    return (this.labelled.get(series) ?? []).map((counts, w) => ({ week: w + 1, counts }));
  }

  /** A kept metric's value in every replication, week by week (week 1 first; replications in order); undefined for others. */
  replicationValues(metric: string): readonly (readonly number[])[] | undefined {
    return this.cells.get(metric)?.values;
  }

  private cellsOf(metric: string): Cells {
    let c = this.cells.get(metric);
    if (c === undefined) this.cells.set(metric, (c = new Cells(KEPT_WEEKLY.has(metric))));
    return c;
  }
}

function sameNames(a: string[], b: string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
