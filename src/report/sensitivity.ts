import type { TopLevelSpec } from 'vega-lite';
import type { SensitivityResult, TornadoBar, UncertaintyRow } from '../run/sensitivity.js';
import type { Chart } from './chart-kit.js';
import { documentHtml, figureHtml, fmt, table } from './html.js';
import { toPng, toSvg } from './render.js';
import type { ReportFiles } from './report.js';

/**
 * The report of a sensitivity study: first the answer's robustness (each key
 * metric's spread over the inputs' ranges, and for a comparison how often one
 * model beats the other), then a tornado per metric and per difference, the
 * inputs that move it most on top.
 */

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const CONFIG = { font: 'DejaVu Sans, Helvetica, Arial, sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 } };
/** Bars shown per tornado: the rest move the metric less than the smallest shown. */
const TOP = 12;

/** One tornado: a bar per input from its low end's mean to its high end's, the base as a rule; biggest swing on top. */
export function tornadoChart(metric: string, of: string, bars: TornadoBar[], id: string): Chart {
  const shown = bars.slice(0, TOP).map((b) => ({
    input: b.input, low: b.low_mean, high: b.high_mean, base: b.base_mean, swing: b.swing,
    ends: `${b.low} -> ${b.high}`, direction: b.high_mean >= b.low_mean ? 'rises with the input' : 'falls with the input',
  }));
  const order = shown.map((b) => b.input);
  const spec = {
    $schema: SCHEMA, title: `${metric}: ${of}`, config: CONFIG, width: 520, height: Math.max(60, 22 * shown.length),
    data: { values: shown },
    layer: [
      {
        mark: { type: 'bar', height: 14 },
        encoding: {
          y: { field: 'input', type: 'nominal', sort: order, title: null, axis: { labelLimit: 320 } },
          x: { field: 'low', type: 'quantitative', title: `${metric} (mean)`, scale: { zero: false } },
          x2: { field: 'high' },
          color: { field: 'direction', type: 'nominal', title: null, scale: { domain: ['rises with the input', 'falls with the input'], range: ['#4c78a8', '#e45756'] }, legend: { orient: 'bottom', labelLimit: 300 } },
          tooltip: [{ field: 'input' }, { field: 'ends', title: 'low -> high' }, { field: 'low', format: '.4g' }, { field: 'high', format: '.4g' }],
        },
      },
      { mark: { type: 'rule', color: '#222', strokeDash: [4, 3] }, encoding: { x: { field: 'base', aggregate: 'min', type: 'quantitative' } } },
    ],
  } as unknown as TopLevelSpec;
  return {
    id,
    title: `What moves ${metric}${of.includes(' - ') ? `: the difference ${of}` : of.includes(' / ') ? `: the ratio ${of}` : ` in ${of}`}`,
    caption: `Each bar: the mean with one input at its low end and at its high end, the others as the scenario has them, on the same replication seeds; the dashed line is the scenario as it is. The ${Math.min(TOP, bars.length)} inputs that move it most, biggest first.`,
    spec,
  };
}

export async function sensitivityReport(title: string, result: SensitivityResult): Promise<ReportFiles> {
  const files: ReportFiles = {};
  const body: string[] = [];
  body.push(robustness(result.uncertainty, result.plan.samples));
  body.push(inputsTable(result));
  body.push('<h2>Tornadoes</h2>');
  const groups = new Map<string, TornadoBar[]>();
  for (const b of result.tornado) {
    const key = `${b.metric}\u0000${b.of}`;
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  let n = 0;
  for (const [key, bars] of groups) {
    const [metric, of] = key.split('\u0000');
    const chart = tornadoChart(metric, of, bars, `tornado-${String(++n).padStart(2, '0')}`);
    const svg = await toSvg(chart.spec, `charts/${chart.id}`);
    files[`charts/${chart.id}.vl.json`] = `${JSON.stringify(chart.spec, null, 2)}\n`;
    files[`charts/${chart.id}.svg`] = svg;
    files[`charts/${chart.id}.png`] = toPng(svg);
    body.push(figureHtml('charts', chart, svg));
  }
  files['report.html'] = documentHtml(title, body, 'Written by salesim. Every run on the same replication seeds (common random numbers); noise is the 95% interval of the base means, input uncertainty the spread over the Latin hypercube sample.');
  return files;
}

function robustness(rows: UncertaintyRow[], samples: number): string {
  const comparison = rows.some((r) => !Number.isNaN(r.p_above_zero));
  const header = ['metric', 'of', 'scenario as is', 'simulation noise (±, 95%)', 'P10 over the ranges', 'P50', 'P90', ...(comparison ? ['share of samples above 0'] : [])];
  const body = rows.map((r) => [
    r.metric, r.of, fmt(r.base_mean), fmt(r.noise_ci95_half), fmt(r.inputs.p10), fmt(r.inputs.p50), fmt(r.inputs.p90),
    ...(comparison ? [Number.isNaN(r.p_above_zero) ? '' : `${(100 * r.p_above_zero).toFixed(0)}%`] : []),
  ]);
  return table('How sure is this answer?', `Each key metric as the scenario has it, with its simulation noise, and its spread when every declared input varies over its range at once (${samples} Latin hypercube samples). For a difference between models, the share of samples in which it is above 0.`, header, body);
}

function inputsTable(result: SensitivityResult): string {
  const rows = result.plan.inputs.map((i) => [i.path, String(i.low), String(i.high), i.base.map((b) => (b === undefined ? '-' : String(b))).join(' / '), i.source]);
  return table('Uncertain inputs', `The ranges the scenarios declare; the value in each model (${result.plan.models.names.join(' / ')}).`, ['input', 'low', 'high', 'as the scenario has it', 'source'], rows);
}
