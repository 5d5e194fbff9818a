import gammainc from '@stdlib/math-base-special-gammainc';
import { poissonRegression } from './poisson-regression.js';
import { weekdayOf, type LocalTime } from './timestamps.js';

/**
 * Arrival rates and profiles from timestamps, in the terms the scenario
 * language uses (scenario/schema.ts RateProfileSchema, sales company.growth):
 *
 * - daily counts are a Poisson regression on the weekday, a month-end
 *   indicator (the last `monthEndDays` days of each calendar month) and a
 *   log-linear trend: log E[count] = a_weekday + m * month_end + g * years.
 *   exp(m) is the month-end multiplier, exp(g) - 1 the growth per year, each
 *   with its standard error from the model's information; the weekday terms,
 *   rescaled to average 1 over the week, are `day_of_week`;
 * - `hour_of_day` is the share of arrivals in each hour, rescaled to average 1
 *   over the day (the profile is separable in the scenario: hour x weekday);
 * - the rate is the expected arrivals in a week outside month-end days, at the
 *   log's end when the trend is significant (growth runs on from there), else
 *   over the whole log (the trend is then left out of the model);
 * - Pearson's statistic of the daily counts against the model tests whether
 *   they vary more than a Poisson process would (variance/mean > 1): if so, a
 *   scenario's Poisson arrivals understate the peaks.
 */
export interface Arrival { time: LocalTime; group: string }

export interface Estimate { value: number; se: number }

export interface GroupRate { group: string; arrivals: number; perWeek: number; dispersion: number; pValue: number }

export interface ArrivalFit {
  firstDay: number;
  lastDay: number;
  days: number;
  arrivals: number;
  perWeek: number;
  /** Its standard error, by the delta method from the model's covariance. */
  perWeekSe: number;
  hourOfDay: number[];
  dayOfWeek: number[];
  monthEnd: { days: number; multiplier: Estimate } | null;
  /** Compound growth per year as a fraction (0.12 is 12%/yr), and whether it is applied (|z| >= 2). */
  growth: (Estimate & { applied: boolean }) | null;
  dispersion: { ratio: number; pValue: number; df: number };
  groups: GroupRate[];
}

/** The log must span this many days for a trend to be told from noise. */
export const GROWTH_FROM_DAYS = 56;
const DAYS_PER_YEAR = 365.25;

export function fitArrivals(arrivals: readonly Arrival[], monthEndDays: number): ArrivalFit {
  // A loop, not Math.min(...days): spreading a few hundred thousand arguments overflows the stack.
  let firstDay = Infinity, lastDay = -Infinity;
  for (const a of arrivals) { firstDay = Math.min(firstDay, a.time.day); lastDay = Math.max(lastDay, a.time.day); }
  const span = lastDay - firstDay + 1;
  const counts = new Array<number>(span).fill(0);
  const hours = new Array<number>(24).fill(0);
  const byWeekday = new Array<number>(7).fill(0);
  const monthEnd = new Array<boolean>(span).fill(false);
  for (const a of arrivals) {
    counts[a.time.day - firstDay]++;
    hours[a.time.hour]++;
    byWeekday[a.time.weekday]++;
  }
  // Whether each day of the span is a month-end day: from the calendar, for days without arrivals too.
  for (let i = 0; i < span; i++) {
    const date = new Date((firstDay + i) * 86_400_000);
    const length = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    monthEnd[i] = date.getUTCDate() > length - monthEndDays;
  }
  // Weekdays nobody ever arrives on (a closed Sunday) have no rate to estimate: left out, and 0 in the profile.
  const open = [0, 1, 2, 3, 4, 5, 6].filter((d) => byWeekday[d] > 0);
  const rows = [...Array(span).keys()].filter((i) => open.includes(weekdayOf(firstDay + i)));
  const meDays = rows.filter((i) => monthEnd[i]);
  // A month-end effect needs month-end days and others in the log, and at least two month-ends (not one odd week).
  const monthEnds = new Set(meDays.map((i) => new Date((firstDay + i) * 86_400_000).toISOString().slice(0, 7))).size;
  // Arrivals on both sides too: a term whose days are all empty has its estimate at minus infinity.
  const meCount = meDays.reduce((n, i) => n + counts[i], 0);
  const allCount = rows.reduce((n, i) => n + counts[i], 0);
  const withMonthEnd = monthEnds >= 2 && meDays.length < rows.length && meCount > 0 && meCount < allCount;
  const withGrowth = span >= GROWTH_FROM_DAYS;
  const mid = (span - 1) / 2;

  const fit = (growth: boolean) => {
    const X = rows.map((i) => [
      ...open.map((d) => (weekdayOf(firstDay + i) === d ? 1 : 0)),
      ...(withMonthEnd ? [monthEnd[i] ? 1 : 0] : []),
      ...(growth ? [(i - mid) / DAYS_PER_YEAR] : []),
    ]);
    const y = rows.map((i) => counts[i]);
    const start = [...open.map((d) => Math.log(Math.max(byWeekday[d], 0.5) / Math.max(1, rows.filter((i) => weekdayOf(firstDay + i) === d).length))), ...(withMonthEnd ? [0] : []), ...(growth ? [0] : [])];
    return { ...poissonRegression(X, y, start), y };
  };
  let model = fit(withGrowth);
  let growth: ArrivalFit['growth'] = null;
  const at = (k: number) => ({ value: model.beta[k], se: Math.sqrt(model.covariance[k][k]) });
  if (withGrowth) {
    const g = at(model.beta.length - 1);
    const applied = Math.abs(g.value) >= 2 * g.se;
    // exp(g) - 1 per year; its standard error by the delta method.
    growth = { value: Math.expm1(g.value), se: Math.exp(g.value) * g.se, applied };
    if (!applied) model = fit(false);
  }
  const me = withMonthEnd ? at(open.length) : null;
  // The trend's time at the end of the log, where an applied growth carries on from.
  const tEnd = growth?.applied ? (span - 1 - mid) / DAYS_PER_YEAR : 0;
  const g = growth?.applied ? model.beta[model.beta.length - 1] : 0;
  const weekday = open.map((_, k) => Math.exp(model.beta[k]));
  const perWeek = weekday.reduce((s, w) => s + w, 0) * Math.exp(g * tEnd);
  // d perWeek / d a_k = weekday_k e^(g tEnd); d perWeek / d g = perWeek tEnd.
  const grad = model.beta.map((_, k) => (k < open.length ? weekday[k] * Math.exp(g * tEnd) : growth?.applied && k === model.beta.length - 1 ? perWeek * tEnd : 0));
  let variance = 0;
  grad.forEach((gj, j) => grad.forEach((gk, k) => { variance += gj * gk * model.covariance[j][k]; }));
  const meanWeekday = weekday.reduce((s, w) => s + w, 0) / 7;
  const dayOfWeek = [0, 1, 2, 3, 4, 5, 6].map((d) => (open.includes(d) ? weekday[open.indexOf(d)] / meanWeekday : 0));
  const hourOfDay = hours.map((h) => (h * 24) / arrivals.length);

  const groups = groupRates(arrivals, firstDay, rows, model.mu, perWeek);
  return {
    firstDay, lastDay, days: span, arrivals: arrivals.length, perWeek, perWeekSe: Math.sqrt(variance), hourOfDay, dayOfWeek,
    monthEnd: me === null ? null : { days: monthEndDays, multiplier: { value: Math.exp(me.value), se: Math.exp(me.value) * me.se } },
    growth,
    dispersion: { ratio: model.pearson / model.df, pValue: chiSquareUpper(model.pearson, model.df), df: model.df },
    groups,
  };
}

/** Each group's share of the rate, and its own dispersion test against its share of the model's daily means. */
function groupRates(arrivals: readonly Arrival[], firstDay: number, rows: number[], mu: number[], perWeek: number): GroupRate[] {
  const names = [...new Set(arrivals.map((a) => a.group))].sort();
  return names.map((group) => {
    const mine = arrivals.filter((a) => a.group === group);
    const share = mine.length / arrivals.length;
    const counts = new Map<number, number>();
    for (const a of mine) counts.set(a.time.day - firstDay, (counts.get(a.time.day - firstDay) ?? 0) + 1);
    let pearson = 0;
    rows.forEach((i, k) => {
      const e = mu[k] * share;
      pearson += ((counts.get(i) ?? 0) - e) ** 2 / e;
    });
    const df = rows.length - 1;
    return { group, arrivals: mine.length, perWeek: perWeek * share, dispersion: pearson / df, pValue: chiSquareUpper(pearson, df) };
  });
}

/** P(chi-square with df degrees of freedom > x): the upper regularized incomplete gamma. */
export function chiSquareUpper(x: number, df: number): number {
  return df > 0 ? gammainc(x / 2, df / 2, true, true) : NaN;
}
