import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { num, parseWarnings } from '../io/run-files.js';
import { readWeekly } from '../io/weekly-files.js';
import type { Warning } from '../run/warnings.js';
import type { WeeklyStats } from '../run/weekly.js';
import { UserError } from '../scenario/load.js';

/** A row of summary.csv as read back. */
export interface SummaryRecord { metric: string; mean: number; ci95_low: number; ci95_high: number; replications: number }

/** A paired difference of one metric between a model and the baseline (a row of compare.csv). */
export interface Difference { metric: string; baseline: string; model: string; baselineMean: number; mean: number; diff: number; low: number; high: number; significant: boolean;
  /** Still significant with the false discovery rate held at 5% over the model's metrics (Benjamini-Hochberg; compare.csv significant_fdr). */
  discovered: boolean }

/** What `salesim run` wrote for one model. */
export interface ModelOutput {
  name: string;
  dir: string;
  /** run.json: the command's record, including the resolved scenario. */
  run: Record<string, unknown>;
  summary: SummaryRecord[];
  /** weekly.csv and weekly-labels.csv as per-week statistics across replications. */
  weekly: WeeklyStats;
  /** warnings.csv. */
  warnings: Warning[];
}

/** The small files of a run's output, as text. */
export type ModelFiles = { 'run.json': string; 'summary.csv': string; 'warnings.csv'?: string };

/**
 * Reads a run's output folder (run.json, summary.csv, warnings.csv, and
 * weekly.csv as a stream). Anything missing or unreadable is the user's to fix
 * (a folder that is not an output of salesim), so it ends as a UserError naming
 * the file.
 */
export async function readModelOutput(dir: string): Promise<ModelOutput> {
  const read = (f: string, required: boolean) => {
    const p = join(dir, f);
    if (!existsSync(p)) {
      if (required) throw new UserError(`${p}: not found (expected the output of salesim run)`);
      return undefined;
    }
    return readFileSync(p, 'utf8');
  };
  const files: ModelFiles = { 'run.json': read('run.json', true)!, 'summary.csv': read('summary.csv', true)! };
  const warnings = read('warnings.csv', false);
  if (warnings !== undefined) files['warnings.csv'] = warnings;
  if (!existsSync(join(dir, 'weekly.csv'))) throw new UserError(`${join(dir, 'weekly.csv')}: not found (expected the output of salesim run)`);
  return modelOutput(dir, files, await readWeekly(dir));
}

/**
 * A run's outputs from its small files' contents and its weekly statistics (a
 * command that has them in hand need not read them back).
 */
export function modelOutput(dir: string, files: ModelFiles, weekly: WeeklyStats): ModelOutput {
  const run = parseJson(join(dir, 'run.json'), files['run.json']);
  const name = typeof run.scenario === 'string' ? run.scenario : basename(dir);
  const summaryRows = parseCsv(join(dir, 'summary.csv'), files['summary.csv'], ['metric', 'mean']);
  const summary: SummaryRecord[] = [];
  // salesim 0.1 kept warnings as summary rows (metric `warning`, the text in `mean`), before warnings.csv.
  const legacy: Warning[] = [];
  for (const r of summaryRows) {
    if (r.metric === 'warning') { legacy.push({ scenario: name, kind: 'sales-support-constraint', role: '', weeks: null, text: r.mean }); continue; }
    summary.push({ metric: r.metric, mean: num(r.mean), ci95_low: num(r.ci95_low), ci95_high: num(r.ci95_high), replications: num(r.replications) });
  }
  const text = files['warnings.csv'];
  const warnings = text === undefined ? legacy : parseWarnings(join(dir, 'warnings.csv'), text);
  return { name, dir, run, summary, weekly, warnings };
}

/** The model folders under a comparison's output (each holds a run's files). */
export function modelDirs(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.') && statSync(join(dir, f)).isDirectory() && existsSync(join(dir, f, 'summary.csv')))
    .sort();
}

export function parseCsv(file: string, text: string, required: string[]): Record<string, string>[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true });
  } catch (e) {
    throw new UserError(`${file}: not a CSV file (${(e as Error).message})`);
  }
  const have = rows.length > 0 ? Object.keys(rows[0]) : [];
  for (const c of required) if (rows.length > 0 && !have.includes(c)) throw new UserError(`${file}: expected a column '${c}'`);
  return rows;
}

function parseJson(file: string, text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new UserError(`${file}: not JSON (${(e as Error).message})`);
  }
}

export { num };
