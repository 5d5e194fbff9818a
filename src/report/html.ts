import { capitalized } from '../models/metrics.js';
import type { Warning } from '../run/warnings.js';
import type { Answer } from './answer.js';
import type { Chart } from './chart-kit.js';
import { roleLabel, type ModelView } from './model-view.js';
import type { Table } from './tables.js';

/** One study's results in a report: a run, a comparison or a stress test. */
export interface ReportPart {
  /** Heading of the part (a report of several shows it). */
  heading: string;
  /** Where the part's chart files are, relative to report.html. */
  chartDir: string;
  views: ModelView[];
  answer: Answer;
  warnings: Warning[];
  /** The figures: headline, roster, phases or breaking points; `collapsed` ones (every difference) folded away. */
  tables: Table[];
  collapsed: Table[];
  charts: { chart: Chart; svg: string }[];
}

/**
 * The report as one HTML file that needs nothing else: the charts are inline
 * SVG (rendered by vega in Node), the styles are inline, and no script runs, so
 * it opens offline, prints, and reads the same in any browser. The .vl.json
 * beside each chart is the editable source. It leads with the answer (every
 * part's, on the first screen), then what qualifies it, then the figures and
 * the charts.
 */
export function reportHtml(title: string, parts: ReportPart[]): string {
  const several = parts.length > 1;
  const out: string[] = [head(title), `<h1>${esc(title)}</h1>`];
  out.push('<section class="answer" id="answer">', '<h2>The answer</h2>');
  parts.forEach((p, k) => out.push(answerHtml(p.answer, several ? p.heading : undefined, several ? `part-${k + 1}` : undefined)));
  out.push('</section>');
  if (several) out.push(`<nav><p>The details:</p><ul>${parts.map((p, k) => `<li><a href="#part-${k + 1}">${esc(p.heading)}</a></li>`).join('')}</ul></nav>`);
  parts.forEach((p, k) => {
    out.push(several ? `<section class="part" id="part-${k + 1}">\n<h2 class="part">${esc(p.heading)}</h2>` : '<section class="part">');
    out.push(warningsHtml(p.warnings));
    for (const t of p.tables) out.push(tableHtml(t));
    for (const t of p.collapsed) out.push(`<details>\n<summary>${esc(t.heading)}</summary>\n${tableHtml({ ...t, heading: '' })}\n</details>`);
    out.push(runsHtml(p.views));
    out.push('<h2>Charts</h2>');
    for (const { chart, svg } of p.charts) out.push(figureHtml(p.chartDir, chart, svg));
    out.push('</section>');
  });
  out.push('<footer>Written by salesim. Intervals are 95% Student-t intervals over independent replications; differences are paired on common random numbers (the same simulated customers for every model).</footer>\n</body>\n</html>\n');
  return out.join('\n');
}

function head(title: string): string {
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="generator" content="salesim">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${esc(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>`;
}

/** A page of salesim's style around `body` (a study that is not a run, comparison or stress test: a sensitivity study). */
export function documentHtml(title: string, body: string[], footer: string): string {
  return [head(title), `<h1>${esc(title)}</h1>`, ...body, `<footer>${esc(footer)}</footer>\n</body>\n</html>\n`].join('\n');
}

/** A chart as the report shows it: its SVG inline, its caption and its files. */
export function figureHtml(chartDir: string, chart: Chart, svg: string): string {
  const f = `${chartDir}/${chart.id}`;
  const within = chartDir.replace(/^charts\/?/, '');
  return `<figure class="chart" id="chart-${esc(within === '' ? chart.id : `${within}-${chart.id}`)}">\n<h3>${esc(chart.title)}</h3>\n${svg}\n<figcaption>${esc(chart.caption)} <span class="files">Files: <a href="${esc(f)}.vl.json">${esc(chart.id)}.vl.json</a> (vega-lite, editable), <a href="${esc(f)}.svg">SVG</a>, <a href="${esc(f)}.png">PNG</a>.</span></figcaption>\n</figure>`;
}

function answerHtml(a: Answer, heading: string | undefined, anchor: string | undefined): string {
  const out: string[] = ['<div class="study">'];
  if (heading !== undefined) out.push(`<h3>${esc(heading)}</h3>`);
  // Sentences start with a capital, even those that start with a model's or a role's name.
  if (a.headline.length > 0) out.push(`<p class="headline">${a.headline.map((h) => esc(capitalized(h))).join(' ')}</p>`);
  if (a.notes.length > 0) out.push(`<ul class="notes">${a.notes.map((n) => `<li>${esc(capitalized(n))}</li>`).join('')}</ul>`);
  if (a.table !== undefined) out.push(tableHtml({ heading: '', note: '', header: a.table.header, rows: a.table.rows }, 'summary'));
  const models = a.models.map((m) => `<b>${esc(m.name)}</b>${m.description === undefined ? '' : `: ${esc(m.description)}`}`).join('; ');
  out.push(`<p class="what">${esc(a.what)} ${models}.${anchor === undefined ? '' : ` <a href="#${anchor}">Details below.</a>`}</p>`);
  out.push('</div>');
  return out.join('\n');
}

/** What each kind of warning means for the figures, and what to do about it. */
const MEANING: Record<string, { title: string; meaning: string }> = {
  'sales-support-constraint': {
    title: 'Sales support was the constraint (F9)',
    meaning: 'Customer service, coordinators and inside sales are there so that selling is never starved. When one of them is the constraint, selling waits on its own support: the figures are what this organization does, but it is not working as designed. Give that role protective capacity (people, or fewer duties), or throttle the work that feeds it.',
  },
  'unstable-queue': {
    title: 'A queue that never settles',
    meaning: "The role's queue still grows through the measured weeks: there is no steady state, so its means (and the figures that depend on it) grow with the length of the run rather than describing a normal week. The role lacks capacity for the work it gets: staff it, or throttle what feeds it.",
  },
  'short-run': {
    title: 'Figures less certain than they look',
    meaning: 'Too few replications, or a headline figure whose 95% interval is wider than ±10% of its mean. Add replications or weeks before deciding on a small difference.',
  },
};

function warningsHtml(ws: Warning[]): string {
  if (ws.length === 0) return '<section class="ok"><h2>What to watch</h2><p>Nothing: no sales-support constraint, no queue that keeps growing, intervals narrow enough.</p></section>';
  const kinds = [...new Set(ws.map((w) => w.kind))];
  const blocks = kinds.map((kind) => {
    const m = MEANING[kind] ?? { title: kind.replaceAll('-', ' '), meaning: '' };
    // The role first, in words; the text as warnings.csv and the terminal have it after.
    const items = ws.filter((w) => w.kind === kind).map((w) => `<li><b>${esc(w.role === '' ? w.scenario : `${roleLabel(w.role)}, ${w.scenario}`)}</b>: <span class="detail">${esc(w.text)}</span></li>`).join('\n');
    return `<h3>${esc(m.title)}</h3>\n<p>${esc(m.meaning)}</p>\n<ul>\n${items}\n</ul>`;
  });
  return `<section class="warnings"><h2>What to watch</h2>\n<p class="note">These qualify the figures below (warnings.csv, judged when the study ran).</p>\n${blocks.join('\n')}</section>`;
}

/** How each model was run: file, seed, replications, horizon, warm-up, overrides. */
function runsHtml(views: ModelView[]): string {
  const rows = views.map((v) => {
    const m = v.output;
    const run = (m.run.resolved as { run?: Record<string, unknown> } | undefined)?.run ?? {};
    const set = Array.isArray(m.run.set) && m.run.set.length > 0 ? (m.run.set as string[]).join(' ') : '';
    return [m.name, String(m.run.file ?? ''), String(m.run.seed ?? ''), String(m.run.replications ?? ''), String(run.horizon ?? ''), String(run.warmup ?? ''), set];
  });
  return tableHtml({ heading: 'How it was run', note: 'The resolved scenario of each model is in its run.json.', header: ['model', 'file', 'seed', 'replications', 'horizon', 'warm-up', 'overrides'], rows });
}

export function tableHtml(t: Table, cls = ''): string {
  const width = t.header.length;
  const over = t.over === undefined ? '' : `<tr>${t.over.map((o) => `<th colspan="${o.span}" class="over">${esc(o.label)}</th>`).join('')}</tr>`;
  const head = `${over}<tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  // Figures right-aligned (their digits line up), words left.
  const numeric = (c: string) => /^[-+$x▲▼]?[$\d.]/.test(c) || c === '-';
  const body = t.rows.map((r) => (Array.isArray(r)
    ? `<tr>${r.map((c, k) => `<td${k > 0 && numeric(c) ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`
    : `<tr class="group"><th colspan="${width}">${esc(r.group)}</th></tr>`)).join('\n');
  const heading = t.heading === '' ? '' : `<h2${t.id === undefined ? '' : ` id="${esc(t.id)}"`}>${esc(t.heading)}</h2>`;
  return `${heading}${t.note ? `\n<p class="note">${esc(t.note)}</p>` : ''}\n<table${cls === '' ? '' : ` class="${cls}"`}>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** A table from plain rows (the sensitivity report's). */
export function table(heading: string, note: string, header: string[], rows: string[][]): string {
  return tableHtml({ heading, note, header, rows });
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
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; line-height: 1.4; }
h1 { font-size: 1.7em; margin-bottom: 0.3em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ddd; } h3 { font-size: 1.05em; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f4f4f4; } th.over { text-align: center; background: #e9eef5; } tr.group th { background: #e9eef5; color: #234; font-weight: bold; } .note { color: #555; font-size: 0.9em; }
section.answer { background: #f3f7fc; border-left: 5px solid #4c78a8; padding: 0.2em 1.2em 0.8em; margin-top: 0.5em; }
section.answer h2 { border: none; margin-top: 0.6em; } .study + .study { border-top: 1px solid #c9d6e8; margin-top: 0.8em; }
p.headline { font-size: 1.15em; font-weight: bold; margin: 0.5em 0; } ul.notes { margin: 0.3em 0; } p.what { color: #444; font-size: 0.9em; }
table.summary td:first-child { font-weight: bold; }
.warnings { background: #fff4e5; border-left: 4px solid #f58518; padding: 0.3em 1em; } .ok { background: #eef7ee; border-left: 4px solid #54a24b; padding: 0.3em 1em; }
.warnings .detail { color: #555; font-size: 0.92em; }
figure.chart { margin: 1.5em 0; } figure.chart svg { max-width: 100%; height: auto; } figcaption { color: #555; font-size: 0.9em; }
section.part { margin-top: 2.5em; } h2.part { font-size: 1.45em; border-bottom: 3px solid #4c78a8; }
details { margin: 1em 0; } summary { cursor: pointer; font-weight: bold; }
.files { white-space: nowrap; } footer { margin-top: 3em; color: #777; font-size: 0.85em; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; } nav, .files { display: none; }
  section.part { break-before: page; } figure.chart, table, .study, .warnings h3 { break-inside: avoid; }
  section.answer { border-left: 3px solid #4c78a8; } a { color: inherit; text-decoration: none; }
  details > summary { list-style: none; } details:not([open]) { display: none; }
}
`;
