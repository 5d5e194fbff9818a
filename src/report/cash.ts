import type { TopLevelSpec } from 'vega-lite';
import { parse } from 'csv-parse/sync';
import { formatValue } from '../models/metrics.js';
import { base, nullable, panelTitle, type Chart } from './chart-kit.js';
import type { ModelView } from './model-view.js';
import { num } from './outputs.js';
import type { Table } from './tables.js';
import { timelineLayers, timelineMarks, timelineNote } from './timeline.js';

/**
 * The cash of a change in a comparison's report: the one-off costs, the
 * payback week, ROI and NPV (run.json's `cash`, src/io/cash-file.ts) and the
 * cumulative cash difference week by week (cash.csv). Read from the files'
 * contents, so the command that wrote the folder and `salesim report DIR` draw
 * the same page.
 */
interface Interval { mean: number | null; ci95_low: number | null; ci95_high: number | null }

export interface CashOutput {
  model: string;
  baseline: string;
  weeks: [number, number];
  discount_rate: number;
  one_off_total: number;
  one_off: { week: number; what: string; amount: number }[];
  payback_week: Interval;
  paid_back: number;
  replications: number;
  roi: Interval;
  npv: Interval;
  /** cash.csv's rows of this model. */
  rows: { week: number; oneOff: number; cumulative: number; low: number; high: number }[];
}

/** A comparison's cash flows from its run.json record and cash.csv text (none when the folder has no cash.csv). */
export function readCash(record: Record<string, unknown>, csv: string | undefined): CashOutput[] {
  const flows = Array.isArray(record.cash) ? (record.cash as Omit<CashOutput, 'rows'>[]) : [];
  if (csv === undefined || flows.length === 0) return [];
  const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return flows.map((f) => ({
    ...f,
    rows: rows.filter((r) => r.model === f.model).map((r) => ({
      week: num(r.week), oneOff: num(r.one_off), cumulative: num(r.cumulative_mean), low: num(r.cumulative_ci95_low), high: num(r.cumulative_ci95_high),
    })),
  }));
}

const money = (x: number | null, signed = false) => (x === null ? '-' : formatValue(x, 'money', signed));
const pct = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(0)}%`);
const week = (x: number | null) => (x === null ? '-' : Number.isInteger(x) ? String(x) : x.toFixed(1));
const range = (r: Interval, f: (x: number | null) => string) => (r.ci95_low === null ? f(r.mean) : `${f(r.mean)} (${f(r.ci95_low)} to ${f(r.ci95_high)})`);

/** The answer's sentence on a change's cash: what it costs once, when it pays back, its ROI and NPV. */
export function cashSentence(c: CashOutput): string {
  const weeks = c.weeks[1] - c.weeks[0] + 1;
  const payback = c.paid_back === 0 ? `it does not pay back within the ${weeks} measured weeks`
    : `it pays back in week ${range(c.payback_week, week)}${c.paid_back < c.replications ? ` in ${c.paid_back} of ${c.replications} replications (the others do not within the horizon)` : ''}`;
  const roi = c.one_off_total > 0 ? `, a return of ${range(c.roi, pct)} on them over the ${weeks} weeks` : '';
  return `Switching from ${c.baseline} to ${c.model} costs ${money(c.one_off_total)} once (hires, leavers and lump sums); ${payback}${roi}; `
    + `net present value ${range(c.npv, (x) => money(x, true))} at ${pct(c.discount_rate)} a year.`;
}

/** The one-off costs of a change, item by item, as charged. */
export function cashTable(c: CashOutput): Table {
  return {
    heading: `One-off costs: ${c.model} against ${c.baseline}`,
    note: 'Hires at the role\'s hiring and training cost, leavers at its severance, and each phase\'s lump sum, charged in the week the change is decided (the first measured week for what falls in the warm-up); the baseline\'s own are spared. A hire\'s lost output while ramping up is simulated, not charged here.',
    header: ['week', 'what', 'one-off cost'],
    rows: [...c.one_off.map((o) => [String(o.week), o.what, money(o.amount)]), ['', 'total', money(c.one_off_total)]],
  };
}

/** The cumulative cash difference week by week with its 95% band, the payback week marked, the phases and warm-up as every timeline shows them. */
export function cashChart(flows: CashOutput[], views: ModelView[]): Chart | null {
  const rows = flows.flatMap((f) => f.rows.map((r) => ({ model: `${f.model} - ${f.baseline}`, week: r.week, mean: r.cumulative, low: nullable(r.low), high: nullable(r.high) })));
  if (rows.length === 0) return null;
  const last = Math.max(...rows.map((r) => r.week));
  const x = { type: 'quantitative', title: 'week', scale: { domain: [0.5, last + 0.5], nice: false }, axis: { tickMinStep: 1, grid: false } };
  const y = { type: 'quantitative', title: 'cumulative cash difference ($)', axis: { format: '$,.0f' } };
  const marks = timelineMarks(views);
  const layers = timelineLayers(marks, x);
  const paybacks = flows.flatMap((f) => (f.payback_week.mean === null ? [] : [{ model: `${f.model} - ${f.baseline}`, week: f.payback_week.mean, label: `payback, week ${week(f.payback_week.mean)}` }]));
  return {
    id: 'cash',
    title: 'Cash of the change',
    caption: `The cumulative cash difference of each model against ${flows[0].baseline}, week by week over the measured weeks: throughput minus operating expense (gross margin after payroll, travel and other costs), less the one-off costs of the change when they fall due; mean over paired replications with its 95% band. The green rule is the mean payback week. ${timelineNote(marks)}`,
    spec: {
      ...base('Cash of the change', rows),
      title: panelTitle('Cash of the change'),
      width: 560,
      height: 260,
      layer: [
        ...layers.under,
        { mark: { type: 'rule', color: '#888888' }, data: { values: [{ zero: 0 }] }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
        { mark: { type: 'area', opacity: 0.25 }, encoding: { x: { ...x, field: 'week' }, y: { ...y, field: 'low' }, y2: { field: 'high' }, color: { field: 'model', type: 'nominal', title: 'change' } } },
        { mark: { type: 'line' }, encoding: { x: { ...x, field: 'week' }, y: { ...y, field: 'mean' }, color: { field: 'model', type: 'nominal', title: 'change' }, tooltip: [{ field: 'week' }, { field: 'mean', title: 'cumulative', format: '$,.0f' }] } },
        ...(paybacks.length === 0 ? [] : [
          { data: { values: paybacks }, mark: { type: 'rule', color: '#2ca02c', strokeWidth: 2 }, encoding: { x: { ...x, field: 'week' }, tooltip: [{ field: 'label' }] } },
          { data: { values: paybacks }, mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 14, color: '#2ca02c', fontSize: 11 }, encoding: { x: { ...x, field: 'week' }, y: { value: 0 }, text: { field: 'label' } } },
        ]),
        ...layers.above,
      ],
    } as TopLevelSpec,
  };
}
