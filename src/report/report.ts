import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../scenario/load.js';
import { type Answer, answerMetrics, compareAnswer, runAnswer, stressAnswer } from './answer.js';
import type { Chart, ChartContext } from './chart-kit.js';
import { modelCharts } from './charts.js';
import { type ReportPart, reportHtml } from './html.js';
import { modelView, reportRoles, roleColours, roleWords, type ModelView, type RoleColours } from './model-view.js';
import { type Difference, type ModelOutput, modelDirs, num, parseCsv, readModelOutput } from './outputs.js';
import { cashChart, cashSentence, cashTable, readCash, type CashOutput } from './cash.js';
import { phaseTable } from './phases.js';
import { toPng, toSvg } from './render.js';
import { baseStep, breakingTable, readStressOutput, stressOutputChart, stressUtilizationChart, type StressOutput } from './stress.js';
import { differencesTable, headlineTable, rosterTable, type Table } from './tables.js';

/** What a report is made from: the outputs of one run, or of several models compared. */
export interface ReportInput {
  models: ModelOutput[];
  /** Every paired difference of a comparison (compare.csv), significant or not. */
  differences: Difference[];
  /** A stress test's steps and breaking points (its models are then its first step). */
  stress?: StressOutput;
  /** A comparison's cash of each change against the baseline (run.json's cash, cash.csv). */
  cash?: CashOutput[];
}

/** Files of a report, relative to the output folder: report.html and charts/<id>.{vl.json,svg,png}. */
export type ReportFiles = Record<string, string | Uint8Array>;

/**
 * Builds the charts and the page. Everything is computed from the output files'
 * contents, so `salesim report DIR` on a folder gives the same report as the
 * command that wrote the folder.
 */
export async function buildReport(input: ReportInput): Promise<ReportFiles> {
  return buildStudyReport([{ name: '', input }]);
}

/**
 * One report of several studies (the flagship: a comparison and a transition),
 * each a part with its own charts under charts/<name>/ (a report of one study
 * has them under charts/), all with one colour per role.
 */
export async function buildStudyReport(inputs: { name: string; input: ReportInput }[]): Promise<ReportFiles> {
  const studies = inputs.map(({ name, input }) => ({ name, input, views: input.models.map(modelView) }));
  const colours = roleColours(reportRoles(studies.flatMap((s) => s.views)));
  const files: ReportFiles = {};
  const parts: ReportPart[] = [];
  for (const { name, input, views } of studies) {
    const built = await buildPart(input, views, colours, name === '' ? 'charts' : `charts/${name}`);
    Object.assign(files, built.files);
    parts.push(built.part);
  }
  files['report.html'] = reportHtml(reportTitle(studies.map((s) => s.input)), parts);
  return files;
}

/** A name as a title starts with it: `outside-in` -> `Outside-in` (a name with capitals or digits stays as written). */
const titled = (name: string) => (/^[a-z][a-z -]*$/.test(name) ? name[0].toUpperCase() + name.slice(1) : name);

/** A study's title from its scenarios' own names: 'Outside-in compared with inside-out', 'Stress test of inside-out'. */
export function studyTitle(input: ReportInput): string {
  const names = input.models.map((m) => m.name);
  if (input.stress !== undefined) return `Stress test of ${input.stress.name}`;
  if (names.length > 1) return `${titled(names[0])} compared with ${names.slice(1).join(' and ')}`;
  return titled(names[0] ?? 'salesim');
}

/** The report's title: its studies' titles, one after another. */
export function reportTitle(inputs: ReportInput[]): string {
  return inputs.map(studyTitle).join(' · ');
}

async function buildPart(input: ReportInput, views: ModelView[], colours: RoleColours, chartDir: string): Promise<{ files: ReportFiles; part: ReportPart }> {
  const stress = input.stress;
  const context: ChartContext = { views, colours };
  const cash = input.cash ?? [];
  const charts: Chart[] = stress === undefined
    ? [...modelCharts(context), ...(cash.length === 0 ? [] : [cashChart(cash, views)].filter((c): c is Chart => c !== null))]
    : [stressUtilizationChart(stress, colours), stressOutputChart(stress)].filter((c): c is Chart => c !== null);
  const files: ReportFiles = {};
  const rendered: { chart: Chart; svg: string }[] = [];
  for (const chart of charts) {
    const svg = await toSvg(chart.spec, `${chartDir}/${chart.id}`);
    files[`${chartDir}/${chart.id}.vl.json`] = `${JSON.stringify(chart.spec, null, 2)}\n`;
    files[`${chartDir}/${chart.id}.svg`] = svg;
    files[`${chartDir}/${chart.id}.png`] = toPng(svg);
    rendered.push({ chart, svg });
  }
  // Judged when the study ran (src/run/warnings.ts) and read from warnings.csv.
  const warnings = input.models.flatMap((m) => m.warnings);
  const tables: Table[] = [];
  const collapsed: Table[] = [];
  let answer: Answer;
  if (stress !== undefined) {
    answer = stressAnswer(stress, views[0], warnings.length);
    tables.push(breakingTable(stress), headlineTable(views, []));
  } else {
    answer = views.length > 1 ? compareAnswer(views, input.differences, warnings.length) : runAnswer(views[0], warnings.length);
    // The money of the change right under the headline: what it costs once, when it pays back.
    answer.notes.unshift(...cash.map(cashSentence));
    tables.push(headlineTable(views, input.differences), ...cash.map(cashTable));
    for (const v of views) {
      const phases = phaseTable(v, answerMetrics(v));
      if (phases !== undefined) tables.push(phases);
    }
    const all = differencesTable(input.differences, roleWords);
    if (all !== undefined) collapsed.push(all);
  }
  tables.splice(stress === undefined ? 1 : 2, 0, rosterTable(views, reportRoles(views)));
  const part: ReportPart = { heading: partHeading(input, views), chartDir, views, answer, warnings, tables, collapsed, charts: rendered };
  return { files, part };
}

/** A part's heading: its title, and a single run's description of itself. */
function partHeading(input: ReportInput, views: ModelView[]): string {
  const title = studyTitle(input);
  return views.length === 1 && input.stress === undefined && views[0].description !== undefined ? `${title}: ${views[0].description}` : title;
}

/** Reads an output folder of `run` (summary.csv at the top) or `compare` (compare.csv and a folder per model). */
export async function readOutputs(dir: string): Promise<ReportInput> {
  if (!existsSync(dir)) throw new UserError(`${dir}: no such folder`);
  if (existsSync(join(dir, 'stress.csv'))) {
    const stress = readStressOutput(dir);
    return { models: [baseStep(stress)], differences: [], stress };
  }
  if (existsSync(join(dir, 'compare.csv'))) {
    const models: ModelOutput[] = [];
    for (const d of comparedModels(dir)) models.push(await readModelOutput(join(dir, d)));
    if (models.length === 0) throw new UserError(`${dir}: compare.csv but no model folders (expected the output of salesim compare)`);
    const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
    const cashFile = join(dir, 'cash.csv');
    const cash = readCash(record, existsSync(cashFile) ? readFileSync(cashFile, 'utf8') : undefined);
    return { models, differences: readDifferences(join(dir, 'compare.csv')), ...(cash.length > 0 ? { cash } : {}) };
  }
  if (existsSync(join(dir, 'summary.csv'))) {
    const m = await readModelOutput(dir);
    return { models: [m], differences: [] };
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

/** Every row of compare.csv that has a difference (a metric both models have). */
export function readDifferences(file: string): Difference[] {
  const rows = parseCsv(file, readFileSync(file, 'utf8'), ['metric', 'baseline', 'model', 'diff', 'significant']);
  return rows.filter((r) => r.significant === 'true' || r.significant === 'false').map((r) => ({
    // A folder written before the column existed: each difference on its own.
    metric: r.metric, baseline: r.baseline, model: r.model, significant: r.significant === 'true',
    discovered: r.significant_fdr === undefined ? r.significant === 'true' : r.significant_fdr === 'true',
    baselineMean: num(r.baseline_mean), mean: num(r.mean), diff: num(r.diff), low: num(r.diff_ci95_low), high: num(r.diff_ci95_high),
  }));
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
