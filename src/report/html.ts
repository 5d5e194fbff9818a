import { modelOfKind } from '../models/index.js';
import type { Chart } from './charts.js';
import type { ModelOutput } from './outputs.js';
import type { Warning } from '../run/warnings.js';

/** A paired difference worth a reader's attention (from compare.csv). */
export interface Difference { metric: string; baseline: string; model: string; baselineMean: number; mean: number; diff: number; low: number; high: number }

/** One study's results in a report: a run, a comparison or a stress test. */
export interface ReportPart {
  /** Heading of the part when a report holds several (none for a report of one). */
  heading?: string;
  /** Where the part's chart files are, relative to report.html. */
  chartDir: string;
  models: ModelOutput[];
  warnings: Warning[];
  differences: Difference[];
  /** Extra tables (e.g. a stress test's breaking points), each with a heading. */
  tables: { heading: string; note: string; header: string[]; rows: string[][] }[];
  charts: { chart: Chart; svg: string }[];
}

/**
 * The report as one HTML file that needs nothing else: the charts are inline
 * SVG (rendered by vega in Node), the styles are inline, and no script runs, so
 * it opens offline, prints, and reads the same in any browser. The .vl.json
 * beside each chart is the editable source.
 */
export function reportHtml(title: string, parts: ReportPart[]): string {
  const out: string[] = [];
  out.push(`<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="generator" content="salesim">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${esc(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>`);
  out.push(`<h1>${esc(title)}</h1>`);
  if (parts.length > 1) out.push(`<nav><ul>${parts.map((p, k) => `<li><a href="#part-${k + 1}">${esc(p.heading ?? `part ${k + 1}`)}</a></li>`).join('')}</ul></nav>`);
  parts.forEach((p, k) => {
    const section = parts.length > 1 ? `<section class="part" id="part-${k + 1}">\n<h2 class="part">${esc(p.heading ?? `part ${k + 1}`)}</h2>` : '<section>';
    out.push(section, ...partHtml(p), '</section>');
  });
  out.push('<footer>Written by salesim. Intervals are 95% Student-t intervals over independent replications; differences are paired on common random numbers.</footer>\n</body>\n</html>\n');
  return out.join('\n');
}

/** A page of salesim's style around `body` (a study that is not a run, comparison or stress test: a sensitivity study). */
export function documentHtml(title: string, body: string[], footer: string): string {
  return [
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="generator" content="salesim">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${esc(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>`,
    `<h1>${esc(title)}</h1>`, ...body, `<footer>${esc(footer)}</footer>\n</body>\n</html>\n`,
  ].join('\n');
}

/** A chart as the report shows it: its SVG inline, its caption and its files. */
export function figureHtml(chartDir: string, chart: Chart, svg: string): string {
  const f = `${chartDir}/${chart.id}`;
  const within = chartDir.replace(/^charts\/?/, '');
  return `<figure class="chart" id="chart-${esc(within === '' ? chart.id : `${within}-${chart.id}`)}">\n<h3>${esc(chart.title)}</h3>\n${svg}\n<figcaption>${esc(chart.caption)} <span class="files">Files: <a href="${esc(f)}.vl.json">${esc(chart.id)}.vl.json</a> (vega-lite, editable), <a href="${esc(f)}.svg">SVG</a>, <a href="${esc(f)}.png">PNG</a>.</span></figcaption>\n</figure>`;
}

function partHtml(page: ReportPart): string[] {
  const parts: string[] = [];
  parts.push(scenarios(page.models));
  parts.push(warnings(page.warnings));
  parts.push(headlines(page.models));
  if (page.differences.length > 0) parts.push(differences(page.differences));
  for (const t of page.tables) parts.push(table(t.heading, t.note, t.header, t.rows));
  parts.push(assumptions(page.models));
  parts.push('<h2>Charts</h2>');
  for (const { chart, svg } of page.charts) parts.push(figureHtml(page.chartDir, chart, svg));
  return parts;
}

function scenarios(models: ModelOutput[]): string {
  const rows = models.map((m) => {
    const run = (m.run.resolved as { run?: Record<string, unknown> } | undefined)?.run ?? {};
    const set = Array.isArray(m.run.set) && m.run.set.length > 0 ? (m.run.set as string[]).join(' ') : '';
    return [m.name, String(m.run.file ?? ''), String(m.run.seed ?? ''), String(m.run.replications ?? ''), String(run.horizon ?? ''), String(run.warmup ?? ''), set];
  });
  return table('Scenarios', '', ['model', 'file', 'seed', 'replications', 'horizon', 'warm-up', 'overrides'], rows);
}

function warnings(ws: Warning[]): string {
  if (ws.length === 0) return '<section class="ok"><h2>Warnings</h2><p>None: no sales-support constraint, no unstable queue, intervals narrow enough.</p></section>';
  // Each text says what it is (`unstable queue: production: ...`), as warnings.csv and the terminal have it.
  const items = ws.map((w) => `<li><b>${esc(w.scenario)}</b>: ${esc(w.text)}</li>`).join('\n');
  return `<section class="warnings"><h2>Warnings</h2><ul>\n${items}\n</ul></section>`;
}

function headlines(models: ModelOutput[]): string {
  const metrics: string[] = [];
  for (const m of models) {
    const { isHeadline } = modelOfKind((m.run.resolved as { kind?: unknown } | undefined)?.kind);
    for (const r of m.summary) if (isHeadline(r.metric) && !metrics.includes(r.metric)) metrics.push(r.metric);
  }
  const rows = metrics.map((metric) => [metric, ...models.map((m) => {
    const r = m.summary.find((x) => x.metric === metric);
    if (r === undefined) return '';
    return Number.isFinite(r.ci95_low) ? `${fmt(r.mean)} <span class="ci">[${fmt(r.ci95_low)}, ${fmt(r.ci95_high)}]</span>` : fmt(r.mean);
  })]);
  return table('Headline metrics', 'Mean over replications with its 95% interval, measured after the warm-up.', ['metric', ...models.map((m) => m.name)], rows, true);
}

function differences(ds: Difference[]): string {
  const rows = ds.map((d) => [d.metric, d.baseline, d.model, fmt(d.baselineMean), fmt(d.mean), fmt(d.diff), `[${fmt(d.low)}, ${fmt(d.high)}]`, d.baselineMean !== 0 ? `${d.diff > 0 ? '+' : ''}${((100 * d.diff) / Math.abs(d.baselineMean)).toFixed(1)}%` : '']);
  return table('Significant differences', 'Paired differences (model minus baseline) whose 95% interval excludes zero, biggest relative change first.', ['metric', 'baseline', 'model', 'baseline mean', 'model mean', 'difference', '95% interval', 'change'], rows);
}

function assumptions(models: ModelOutput[]): string {
  const blocks = models.map((m) => {
    const roles = (m.run.resolved as { roles?: Record<string, Record<string, unknown>> } | undefined)?.roles ?? {};
    const rows = Object.entries(roles).map(([name, r]) => [name, String(r.headcount ?? r.servers ?? ''), String(r.salary ?? ''), r.cost_only === true ? 'cost only' : '']);
    return rows.length === 0 ? '' : table(`Roles of ${m.name}`, '', ['role', 'headcount', 'salary', ''], rows);
  });
  return `<h2>Key assumptions</h2>\n<p>The resolved scenario of each model is in its run.json; the roles it staffs:</p>\n${blocks.join('\n')}`;
}

export function table(heading: string, note: string, header: string[], rows: string[][], raw = false): string {
  const cell = (c: string) => (raw ? c : esc(c));
  const head = `<tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c, k) => `<td${k > 0 ? ' class="num"' : ''}>${k === 0 ? esc(c) : cell(c)}</td>`).join('')}</tr>`).join('\n');
  return `<h2>${esc(heading)}</h2>${note ? `\n<p class="note">${esc(note)}</p>` : ''}\n<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return '-';
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  const a = Math.abs(x);
  return a >= 1000 ? Math.round(x).toLocaleString('en-US') : a >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

function esc(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

const STYLE = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ddd; } h3 { font-size: 1.05em; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f4f4f4; } .ci { color: #777; } .note { color: #555; font-size: 0.9em; }
.warnings { background: #fff4e5; border-left: 4px solid #f58518; padding: 0.3em 1em; } .ok { background: #eef7ee; border-left: 4px solid #54a24b; padding: 0.3em 1em; }
figure.chart { margin: 1.5em 0; } figure.chart svg { max-width: 100%; height: auto; } figcaption { color: #555; font-size: 0.9em; }
section.part { margin-top: 2.5em; } h2.part { font-size: 1.45em; border-bottom: 3px solid #4c78a8; }
.files { white-space: nowrap; } footer { margin-top: 3em; color: #777; font-size: 0.85em; }
`;
