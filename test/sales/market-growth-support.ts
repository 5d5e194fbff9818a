import { resolve } from 'node:path';
import { HOURS_PER_WEEK } from '../../src/kernel/calendar.js';
import { runStudy, type RunResult } from '../../src/run/study.js';
import { loadSales } from '../support/load.js';
import type { ForresterSeries } from '../../src/theory/forrester.js';
import { ROOT } from '../support/study.js';

/**
 * Monthly series of the market growth model, from a discrete-event run's
 * weekly results or from the Euler reference, and the shape measures the test
 * compares (peak month, settling level, delay ratio, orders per rep, doubling
 * time). Amounts are in dollars a month (the reference's units x $50).
 */
const HOURS_PER_MONTH = 730.5;
const PRICE = 50;

export interface Monthly {
  reps: number[];
  /** Value of orders booked, a month. */
  orders: number[];
  capacity: number[];
  /** Delivery delay indicated (backlog / average delivery rate), months. */
  delay: number[];
  /** What the market perceives, months. */
  perceived: number[];
  /** Lead time of the orders delivered in the month (entry to delivery), months; the reference has none (NaN). */
  leadTime: number[];
}

/** Months of weekly results: week k belongs to the month its start falls in; flows to a month, levels averaged. */
export function monthlyOf(rep: RunResult): Monthly {
  const col = (name: string) => {
    const k = rep.weeklyNames.indexOf(name);
    if (k < 0) throw new Error(`no weekly metric ${name}`);
    return k;
  };
  const series = (name: string, scale: number) => {
    const k = col(name);
    const sums: number[] = [];
    const counts: number[] = [];
    rep.weeks.forEach((w, i) => {
      const m = Math.floor((i * HOURS_PER_WEEK) / HOURS_PER_MONTH);
      sums[m] = sums[m] ?? 0;
      counts[m] = counts[m] ?? 0;
      if (Number.isNaN(w[k])) return; // a week without deliveries has no lead time
      sums[m] += w[k];
      counts[m]++;
    });
    return sums.map((s, m) => (s / counts[m]) * scale);
  };
  const perMonth = HOURS_PER_MONTH / HOURS_PER_WEEK;
  return {
    reps: series('reps_on_books', 1),
    orders: series('orders_booked_value_week', perMonth),
    capacity: series('production_capacity_value_week', perMonth),
    delay: series('delivery_delay_indicated_mo', 1),
    perceived: series('delivery_delay_perceived_mo', 1),
    leadTime: series('production_lead_time_d_mean', 24 / HOURS_PER_MONTH),
  };
}

export function monthlyOfReference(s: ForresterSeries): Monthly {
  return {
    reps: s.salesmen,
    orders: s.ordersBooked.map((x) => x * PRICE),
    capacity: s.capacity.map((x) => x * PRICE),
    delay: s.delayIndicated,
    perceived: s.delayMarket,
    leadTime: s.month.map(() => NaN),
  };
}

/** The month-by-month mean of several runs (the ensemble), up to the shortest. */
export function ensemble(runs: Monthly[]): Monthly {
  const n = Math.min(...runs.map((r) => r.orders.length));
  const avg = (key: keyof Monthly) => Array.from({ length: n }, (_, m) => runs.reduce((a, r) => a + r[key][m], 0) / runs.length);
  return {
    reps: avg('reps'), orders: avg('orders'), capacity: avg('capacity'), delay: avg('delay'), perceived: avg('perceived'),
    leadTime: avg('leadTime'),
  };
}

/** Centred moving average over `width` months (shorter at the ends). */
export function movingAverage(x: number[], width: number): number[] {
  const h = Math.floor(width / 2);
  return x.map((_, i) => {
    const lo = Math.max(0, i - h);
    const hi = Math.min(x.length - 1, i + h);
    let s = 0;
    for (let k = lo; k <= hi; k++) s += x[k];
    return s / (hi - lo + 1);
  });
}

const meanOf = (x: number[], from: number, to: number) => {
  const part = x.slice(from, to + 1);
  return part.reduce((a, b) => a + b, 0) / part.length;
};

/** Doubling time (months) of a log-linear least-squares fit over months [from, to]. */
export function doublingTime(x: number[], from: number, to: number): number {
  const pts = x.slice(from, to + 1).map((v, i) => [from + i, Math.log(v)] as const);
  const mt = pts.reduce((a, p) => a + p[0], 0) / pts.length;
  const my = pts.reduce((a, p) => a + p[1], 0) / pts.length;
  const slope = pts.reduce((a, p) => a + (p[0] - mt) * (p[1] - my), 0) / pts.reduce((a, p) => a + (p[0] - mt) ** 2, 0);
  return Math.LN2 / slope;
}

export interface Shape {
  /** The first excursion of orders (6-month moving average) above capacity: its highest month and level over capacity. */
  peakMonth: number;
  peakOverCapacity: number;
  /** The highest orders over capacity after that excursion (0 if orders never come back above capacity). */
  laterPeakOverCapacity: number;
  /** Orders over capacity, months 60-100 (the long run of docs/model.md#forrester). */
  settle: number;
  /** Delivery delay: its lowest (6-month average) in months 3-24, its long-run mean, and their ratio. */
  delayMin: number;
  delayLongRun: number;
  delayRatio: number;
  /** The same for the lead time of delivered orders. */
  leadTimeRatio: number;
  /** Orders per rep a month, months 3-24 and 60-100, and their ratio. */
  perRepEarly: number;
  perRepLongRun: number;
  perRepRatio: number;
  repsLongRun: number;
  ordersLongRun: number;
  /** Doubling time of reps and of orders over months 3-27 (a log-linear fit; orders take a month or two to start flowing). */
  repsDoubling: number;
  ordersDoubling: number;
}

export function shapeOf(m: Monthly): Shape {
  const last = m.orders.length - 1;
  const longFrom = 60;
  const smooth = movingAverage(m.orders, 6);
  const over = smooth.map((o, i) => o / m.capacity[i]);
  const start = over.findIndex((x) => x > 1);
  let peak = start;
  let end = start;
  if (start >= 0) {
    while (end <= last && over[end] > 1) { if (over[end] > over[peak]) peak = end; end++; }
  }
  const later = start >= 0 && end <= last ? Math.max(...over.slice(end)) : 0;
  const delaySmooth = movingAverage(m.delay, 6);
  const delayMin = Math.min(...delaySmooth.slice(3, 25));
  const delayLongRun = meanOf(m.delay, longFrom, last);
  const leadTimeMin = Math.min(...movingAverage(m.leadTime, 6).slice(3, 25));
  const perRep = m.orders.map((o, i) => o / m.reps[i]);
  const perRepEarly = meanOf(perRep, 3, 24);
  const perRepLongRun = meanOf(perRep, longFrom, last);
  const ordersLongRun = meanOf(m.orders, longFrom, last);
  return {
    peakMonth: peak,
    peakOverCapacity: start >= 0 ? over[peak] : 0,
    laterPeakOverCapacity: later,
    settle: ordersLongRun / meanOf(m.capacity, longFrom, last),
    delayMin,
    delayLongRun,
    delayRatio: delayLongRun / delayMin,
    leadTimeRatio: meanOf(m.leadTime, longFrom, last) / leadTimeMin,
    perRepEarly,
    perRepLongRun,
    perRepRatio: perRepLongRun / perRepEarly,
    repsLongRun: meanOf(m.reps, longFrom, last),
    ordersLongRun,
    repsDoubling: doublingTime(m.reps, 3, 27),
    ordersDoubling: doublingTime(smooth, 3, 27),
  };
}

/** Replications of a market-growth scenario, as monthly series (common random numbers across scenarios). */
export function runMonthly(file: string, set: string[], replications: number, seed = 1): Monthly[] {
  const loaded = loadSales(resolve(ROOT, file), set);
  if (loaded.kind !== 'sales') throw new Error(`${file} is not a sales scenario`);
  return runStudy(loaded, { replications, seed }).replications.map(monthlyOf);
}
