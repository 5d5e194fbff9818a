import type { TopLevelSpec } from 'vega-lite';
import { labelWithUnit, metricInfo } from '../models/metrics.js';
import { axisFormat, banded, base, type Chart, CONFIG, type ChartContext, nullable, panelTitle, SCHEMA, weekAxis, WIDTH } from './chart-kit.js';
import { modelColours } from './model-view.js';
import { constraintChart, hoursChart, queueChart, utilizationChart, waitChart } from './role-charts.js';
import { summaryOf, weeklyMeans } from './series.js';
import { timelineLayers, timelineMarks, timelineNote } from './timeline.js';

/** The throughput and economics charts; the roles' charts are in role-charts.ts. */

/** Which series the throughput chart draws (labels and units from the catalogue). */
const THROUGHPUT = ['orders_week', 'revenue_week', 'bd_meetings_week'];
const ECONOMICS = ['payroll_week', 'revenue_week', 'gross_margin_week'];

/** Orders, revenue and BD meetings week by week, one line per model, with the 95% band over replications. */
export function throughputChart({ views }: ChartContext): Chart | null {
  const marks = timelineMarks(views);
  const x = weekAxis(views);
  // Every layer's legend the same, a solid stroke (the faint bands would otherwise give it pale swatches).
  const color = { field: 'model', type: 'nominal', title: 'model', scale: modelColours(views.map((v) => v.name)), legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 } };
  const panels = THROUGHPUT.flatMap((metric) => {
    const rows = views.flatMap((v) => weeklyMeans(v.output, metric));
    if (rows.length === 0) return [];
    const info = metricInfo(metric);
    const y = { type: 'quantitative', title: null, axis: { format: axisFormat(info.format) } };
    const { under, above } = timelineLayers(marks, x);
    return [{
      title: panelTitle(labelWithUnit(info)), width: WIDTH, height: 140,
      layer: [...under, ...banded(rows, [{ data: { values: rows }, mark: { type: 'area', opacity: 0.2 }, encoding: { x: { ...x, field: 'week' }, y: { ...y, field: 'low' }, y2: { field: 'high' }, color } }], [
        { data: { values: rows }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x: { ...x, field: 'week' }, y: { ...y, field: 'mean' }, color } },
      ]), ...above],
    }];
  });
  if (panels.length === 0) return null;
  return {
    id: 'throughput',
    title: 'Throughput over time',
    caption: `Weekly mean over replications; the band is the 95% interval of that mean. ${timelineNote(marks)}`.trim(),
    spec: { $schema: SCHEMA, title: 'Throughput over time', config: CONFIG, vconcat: panels, resolve: { scale: { color: 'shared' } } } as TopLevelSpec,
  };
}

/** Payroll against revenue and gross margin per week, per model, with 95% intervals. */
export function economicsChart({ views }: ChartContext): Chart | null {
  const labels = ECONOMICS.map((m) => metricInfo(m).label);
  const rows = views.flatMap((v) => ECONOMICS.flatMap((metric, k) => {
    const s = summaryOf(v.output, metric);
    return s === undefined ? [] : [{ model: v.name, measure: labels[k], mean: s.mean, low: nullable(s.ci95_low), high: nullable(s.ci95_high) }];
  }));
  if (rows.length === 0) return null;
  const names = views.map((v) => v.name);
  const x = { field: 'measure', type: 'nominal', title: null, sort: labels, axis: { labelAngle: 0, labelLimit: 300 } } as const;
  // Every layer names the same axis title: vega-lite joins the layers' titles otherwise ("$ per week, low").
  const y = { type: 'quantitative', title: 'dollars per week', axis: { format: '$,.0f' } } as const;
  return {
    id: 'economics',
    title: 'Payroll, revenue and margin',
    caption: 'Dollars per week over the measured weeks, mean with its 95% interval. Gross margin after payroll is the margin on revenue less the payroll of every role in the scenario.',
    spec: {
      ...base('Payroll, revenue and margin', rows),
      width: 560,
      height: 240,
      encoding: { x, xOffset: { field: 'model', type: 'nominal', sort: names }, color: { field: 'model', type: 'nominal', title: 'model', scale: modelColours(names) } },
      layer: banded(rows, [{ mark: { type: 'errorbar', color: 'black' }, encoding: { y: { ...y, field: 'low' }, y2: { field: 'high' } } }], [
        { mark: 'bar', encoding: { y: { ...y, field: 'mean' }, tooltip: [{ field: 'model' }, { field: 'measure' }, { field: 'mean', format: '$,.0f' }] } },
      ], true),
    } as TopLevelSpec,
  };
}

/** Every chart the outputs of runs (one model, or several compared) can draw. */
export function modelCharts(context: ChartContext): Chart[] {
  return [throughputChart, utilizationChart, queueChart, waitChart, constraintChart, hoursChart, economicsChart]
    .map((build) => build(context))
    .filter((c): c is Chart => c !== null);
}

