import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../scenario/load.js';
import { type Chart, modelCharts } from './charts.js';
import { type Difference, reportHtml } from './html.js';
import { type ModelOutput, modelDirs, num, parseCsv, readModelOutput } from './outputs.js';
import { toPng, toSvg } from './render.js';
import { warningsOf } from './warnings.js';

/** What a report is made from: the outputs of one run, or of several models compared. */
export interface ReportInput {
  title: string;
  models: ModelOutput[];
  differences: Difference[];
}

/** Files of a report, relative to the output folder: report.html and charts/<id>.{vl.json,svg,png}. */
export type ReportFiles = Record<string, string | Uint8Array>;

/**
 * Builds the charts and the page. Everything is computed from the output files'
 * contents, so `salesim report DIR` on a folder gives the same report as the
 * command that wrote the folder.
 */
export async function buildReport(input: ReportInput): Promise<ReportFiles> {
  const charts: Chart[] = modelCharts(input.models);
  const files: ReportFiles = {};
  const rendered: { chart: Chart; svg: string }[] = [];
  for (const chart of charts) {
    const svg = await toSvg(chart.spec);
    files[`charts/${chart.id}.vl.json`] = `${JSON.stringify(chart.spec, null, 2)}\n`;
    files[`charts/${chart.id}.svg`] = svg;
    files[`charts/${chart.id}.png`] = toPng(svg);
    rendered.push({ chart, svg });
  }
  files['report.html'] = reportHtml({
    title: input.title,
    models: input.models,
    warnings: input.models.flatMap(warningsOf),
    differences: input.differences,
    tables: [],
    charts: rendered,
  });
  return files;
}

/** Reads an output folder of `run` (summary.csv at the top) or `compare` (compare.csv and a folder per model). */
export function readOutputs(dir: string): ReportInput {
  if (!existsSync(dir)) throw new UserError(`${dir}: no such folder`);
  if (existsSync(join(dir, 'compare.csv'))) {
    const models = modelDirs(dir).map((d) => readModelOutput(join(dir, d)));
    if (models.length === 0) throw new UserError(`${dir}: compare.csv but no model folders (expected the output of salesim compare)`);
    return { title: `salesim: ${models.map((m) => m.name).join(' vs ')}`, models, differences: readDifferences(join(dir, 'compare.csv')) };
  }
  if (existsSync(join(dir, 'summary.csv'))) {
    const m = readModelOutput(dir);
    return { title: `salesim: ${m.name}`, models: [m], differences: [] };
  }
  throw new UserError(`${dir}: expected the output folder of salesim run or compare (summary.csv or compare.csv)`);
}

/** The significant rows of compare.csv, biggest relative change first. */
export function readDifferences(file: string): Difference[] {
  const rows = parseCsv(file, readFileSync(file, 'utf8'), ['metric', 'baseline', 'model', 'diff', 'significant']);
  const ds = rows.filter((r) => r.significant === 'true').map((r) => ({
    metric: r.metric, baseline: r.baseline, model: r.model,
    baselineMean: num(r.baseline_mean), mean: num(r.mean), diff: num(r.diff), low: num(r.diff_ci95_low), high: num(r.diff_ci95_high),
  }));
  const rel = (d: Difference) => (d.baselineMean !== 0 ? Math.abs(d.diff / d.baselineMean) : Infinity);
  return ds.sort((a, b) => rel(b) - rel(a) || a.metric.localeCompare(b.metric));
}
