import { CASH_FLOW_METRIC } from '../models/metrics.js';
import type { OneOff } from '../scenario/model-kind.js';
import { summarize, type SummaryRow } from './summary.js';
import type { StudyResult } from './study.js';

/**
 * The cash of a change (M16, README "The cash of a change"): a model B against
 * a baseline A on the same simulated customers, replication by replication.
 * Each measured week's cash difference is B's throughput minus operating
 * expense less A's (gross_margin_week), less the one-off costs falling due that
 * week (B's own phases' hires, leavers and lump sums, less A's, plus switching
 * from A's roster to B's); one-off costs decided before the measured weeks
 * begin are charged in the first measured week, so none is lost.
 *
 * Per replication: the payback week (the first measured week from which the
 * cumulative difference stays at or above 0), the return on the one-off
 * investment over the measured weeks ((cumulative gain before one-off costs -
 * one-off) / one-off), and the net present value at the yearly discount rate
 * (each week discounted by (1 + rate)^(weeks since the first measured week / 52.18)).
 * Their means and 95% intervals are across replications; a replication that
 * does not pay back within the horizon has no payback week and is counted.
 */
export const WEEKS_PER_YEAR = 52.1775;

export interface CashWeek {
  week: number;
  /** One-off costs of the change charged this week, $. */
  oneOff: number;
  /** Throughput minus operating expense, B - A, this week (mean over replications), $. */
  difference: number;
  /** The cumulative cash difference to the end of this week, one-off costs included: mean and 95% interval. */
  cumulative: SummaryRow;
}

export interface CashFlow {
  /** The model and the baseline. */
  model: string;
  baseline: string;
  /** The measured weeks, first and last (from 1). */
  from: number;
  to: number;
  /** Every one-off cost of the change, as charged. */
  oneOff: OneOff[];
  oneOffTotal: number;
  rate: number;
  weeks: CashWeek[];
  /** Payback week over the replications that pay back, and how many do. */
  payback: SummaryRow;
  paidBack: number;
  replications: number;
  roi: SummaryRow;
  npv: SummaryRow;
}

/**
 * The one-off costs of the change from A to B, each at the week it is charged
 * (those before `from` at `from`); A's own are counted negative (B is spared them).
 */
export function chargedCosts(a: OneOff[], b: OneOff[], switching: OneOff[], from: number): OneOff[] {
  const at = (c: OneOff) => Math.max(from, Math.floor(c.week) + 1);
  return [
    ...switching.map((c) => ({ ...c, week: at(c) })),
    ...b.map((c) => ({ ...c, week: at(c) })),
    ...a.map((c) => ({ ...c, week: at(c), what: `spared: ${c.what}`, amount: -c.amount })),
  ].sort((x, y) => x.week - y.week);
}

/**
 * The cash flow of B against A from their kept weekly series (WeeklyStats, in
 * replication order), or undefined when either lacks the cash-flow metric.
 */
export function cashFlow(
  names: { model: string; baseline: string }, a: StudyResult, b: StudyResult, costs: OneOff[], window: { from: number; to: number }, rate: number,
): CashFlow | undefined {
  const va = a.weekly.replicationValues(CASH_FLOW_METRIC);
  const vb = b.weekly.replicationValues(CASH_FLOW_METRIC);
  if (va === undefined || vb === undefined) return undefined;
  const { from, to } = window;
  const n = Math.min(a.count, b.count);
  const due = new Float64Array(to + 1);
  for (const c of costs) if (c.week <= to) due[c.week] += c.amount;
  const invested = costs.reduce((x, c) => x + (c.week <= to ? c.amount : 0), 0);
  const cumulative = new Float64Array(n);
  const gain = new Float64Array(n);
  const npv = new Float64Array(n);
  // The last week each replication's cumulative difference was below 0: it pays back the week after.
  const lastBelow = new Float64Array(n).fill(from - 1);
  const weeks: CashWeek[] = [];
  for (let w = from; w <= to; w++) {
    const discount = (1 + rate) ** ((w - from) / WEEKS_PER_YEAR);
    let sum = 0;
    for (let r = 0; r < n; r++) {
      const d = (vb[w - 1]?.[r] ?? NaN) - (va[w - 1]?.[r] ?? NaN);
      sum += d;
      gain[r] += d;
      cumulative[r] += d - due[w];
      npv[r] += (d - due[w]) / discount;
      if (cumulative[r] < 0) lastBelow[r] = w;
    }
    weeks.push({ week: w, oneOff: due[w], difference: sum / n, cumulative: summarize('cumulative_cash', cumulative) });
  }
  const paid = [...lastBelow].filter((w) => w < to).map((w) => w + 1);
  const roi = invested > 0 ? gain.map((g) => (g - invested) / invested) : new Float64Array(n).fill(NaN);
  return {
    ...names, from, to, oneOff: costs.filter((c) => c.week <= to), oneOffTotal: invested, rate, weeks,
    payback: summarize('payback_week', paid), paidBack: paid.length, replications: n,
    roi: summarize('roi', roi), npv: summarize('npv', npv),
  };
}
