import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../scenario/load.js';
import { type Chart, modelCharts } from './charts.js';
import { type Difference, type ReportPart, reportHtml } from './html.js';
import { type ModelOutput, modelDirs, num, parseCsv, readModelOutput } from './outputs.js';
import { toPng, toSvg } from './render.js';
import { baseStep, breakingTable, readStressOutput, stressOutputChart, stressUtilizationChart, type StressOutput } from './stress.js';

/** What a report is made from: the outputs of one run, or of several models compared. */
export interface ReportInput {
  title: string;
  models: ModelOutput[];
  differences: Difference[];
  /** A stress test's steps and breaking points (its models are then its first step). */
  stress?: StressOutput;
}

/** Files of a report, relative to the output folder: report.html and charts/<id>.{vl.json,svg,png}. */
export type ReportFiles = Record<string, string | Uint8Array>;

/**
 * Builds the charts and the page. Everything is computed from the output files'
 * contents, so `salesim report DIR` on a folder gives the same report as the
 * command that wrote the folder.
 */
export async function buildReport(input: ReportInput): Promise<ReportFiles> {
  const { files, part } = await buildPart(input, 'charts');
  files['report.html'] = reportHtml(input.title, [part]);
  return files;
}

/**
 * One report of several studies (the flagship: a comparison and a transition),
 * each a part with its own charts under charts/<name>/.
 */
export async function buildStudyReport(title: string, inputs: { name: string; input: ReportInput }[]): Promise<ReportFiles> {
  const files: ReportFiles = {};
  const parts: ReportPart[] = [];
  for (const { name, input } of inputs) {
    const built = await buildPart(input, `charts/${name}`);
    Object.assign(files, built.files);
    parts.push({ ...built.part, heading: input.title });
  }
  files['report.html'] = reportHtml(title, parts);
  return files;
}

async function buildPart(input: ReportInput, chartDir: string): Promise<{ files: ReportFiles; part: ReportPart }> {
  const stress = input.stress;
  const charts: Chart[] = stress === undefined
    ? modelCharts(input.models)
    : [stressUtilizationChart(stress), stressOutputChart(stress)].filter((c): c is Chart => c !== null);
  const files: ReportFiles = {};
  const rendered: { chart: Chart; svg: string }[] = [];
  for (const chart of charts) {
    const svg = await toSvg(chart.spec, `${chartDir}/${chart.id}`);
    files[`${chartDir}/${chart.id}.vl.json`] = `${JSON.stringify(chart.spec, null, 2)}\n`;
    files[`${chartDir}/${chart.id}.svg`] = svg;
    files[`${chartDir}/${chart.id}.png`] = toPng(svg);
    rendered.push({ chart, svg });
  }
  const part: ReportPart = {
    chartDir,
    models: input.models,
    // Judged when the study ran (src/run/warnings.ts) and read from warnings.csv.
    warnings: input.models.flatMap((m) => m.warnings),
    differences: byRelativeChange(input.differences),
    tables: stress === undefined ? [] : [breakingTable(stress)],
    charts: rendered,
  };
  return { files, part };
}

/** Reads an output folder of `run` (summary.csv at the top) or `compare` (compare.csv and a folder per model). */
export async function readOutputs(dir: string): Promise<ReportInput> {
  if (!existsSync(dir)) throw new UserError(`${dir}: no such folder`);
  if (existsSync(join(dir, 'stress.csv'))) {
    const stress = readStressOutput(dir);
    return { title: `salesim stress test: ${stress.name}`, models: [baseStep(stress)], differences: [], stress };
  }
  if (existsSync(join(dir, 'compare.csv'))) {
    const models: ModelOutput[] = [];
    for (const d of comparedModels(dir)) models.push(await readModelOutput(join(dir, d)));
    if (models.length === 0) throw new UserError(`${dir}: compare.csv but no model folders (expected the output of salesim compare)`);
    return { title: `salesim: ${models.map((m) => m.name).join(' vs ')}`, models, differences: readDifferences(join(dir, 'compare.csv')) };
  }
  if (existsSync(join(dir, 'summary.csv'))) {
    const m = await readModelOutput(dir);
    return { title: `salesim: ${m.name}`, models: [m], differences: [] };
  }
  const shard = shardRange(dir);
  if (shard !== undefined) throw new UserError(`${dir}: a shard of a study (replications ${shard}): merge the shards first (salesim merge OUT SHARD...), then report the merged folder`);
  throw new UserError(`${dir}: expected the output folder of salesim run, compare or stress (summary.csv, compare.csv or stress.csv)`);
}

/** The range of a shard folder's run.json (src/io/shards.ts), if the folder is one. */
function shardRange(dir: string): string | undefined {
  try {
    const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { range?: unknown; hash?: unknown };
    return typeof record.range === 'string' && typeof record.hash === 'string' ? record.range : undefined;
  } catch {
    return undefined;
  }
}

/** The significant rows of compare.csv (buildReport orders them). */
export function readDifferences(file: string): Difference[] {
  const rows = parseCsv(file, readFileSync(file, 'utf8'), ['metric', 'baseline', 'model', 'diff', 'significant']);
  return rows.filter((r) => r.significant === 'true').map((r) => ({
    metric: r.metric, baseline: r.baseline, model: r.model,
    baselineMean: num(r.baseline_mean), mean: num(r.mean), diff: num(r.diff), low: num(r.diff_ci95_low), high: num(r.diff_ci95_high),
  }));
}
/** Biggest relative change first (an infinite one, from a zero baseline, before all), then by name. */
function byRelativeChange(ds: Difference[]): Difference[] {
  const rel = (d: Difference) => (d.baselineMean !== 0 ? Math.abs(d.diff / d.baselineMean) : Infinity);
  return [...ds].sort((a, b) => rel(b) - rel(a) || a.metric.localeCompare(b.metric) || a.model.localeCompare(b.model));
}

/** A comparison's model folders, baseline first, in the order the command named them (run.json), else by name. */
function comparedModels(dir: string): string[] {
  const found = modelDirs(dir);
  try {
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { models?: { name?: unknown }[] };
    const named = (run.models ?? []).map((m) => String(m.name)).filter((n) => found.includes(n));
    return [...named, ...found.filter((f) => !named.includes(f))];
  } catch {
    return found;
  }
}
