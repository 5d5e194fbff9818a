import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { UserError } from '../scenario/load.js';

/** A row of summary.csv as read back (the warning row, if any, is kept apart). */
export interface SummaryRecord { metric: string; mean: number; ci95_low: number; ci95_high: number; replications: number }

/** A row of weekly.csv: numeric values in `value`, text series (the constraint) in `label`. */
export interface WeeklyRecord { replication: number; week: number; metric: string; value: number; label: string }

/** What `salesim run` wrote for one model. */
export interface ModelOutput {
  name: string;
  dir: string;
  /** run.json: the command's record, including the resolved scenario. */
  run: Record<string, unknown>;
  summary: SummaryRecord[];
  weekly: WeeklyRecord[];
  /** Text rows of summary.csv (metric `warning`). */
  warnings: string[];
}

/**
 * Reads a run's output folder (summary.csv, weekly.csv, run.json). Anything
 * missing or unreadable is the user's to fix (a folder that is not an output
 * of salesim), so it ends as a UserError naming the file.
 */
export function readModelOutput(dir: string): ModelOutput {
  const need = (f: string) => {
    const p = join(dir, f);
    if (!existsSync(p)) throw new UserError(`${p}: not found (expected the output of salesim run)`);
    return readFileSync(p, 'utf8');
  };
  return modelOutput(dir, { 'run.json': need('run.json'), 'summary.csv': need('summary.csv'), 'weekly.csv': need('weekly.csv') });
}

/** A run's outputs from the files' contents (a command that has them in hand need not read them back). */
export function modelOutput(dir: string, files: Record<'run.json' | 'summary.csv' | 'weekly.csv', string>): ModelOutput {
  const run = parseJson(join(dir, 'run.json'), files['run.json']);
  const summaryRows = parseCsv(join(dir, 'summary.csv'), files['summary.csv'], ['metric', 'mean']);
  const weeklyRows = parseCsv(join(dir, 'weekly.csv'), files['weekly.csv'], ['replication', 'week', 'metric', 'value']);
  const summary: SummaryRecord[] = [];
  const warnings: string[] = [];
  for (const r of summaryRows) {
    if (r.metric === 'warning') { warnings.push(r.mean); continue; }
    summary.push({ metric: r.metric, mean: num(r.mean), ci95_low: num(r.ci95_low), ci95_high: num(r.ci95_high), replications: num(r.replications) });
  }
  const weekly = weeklyRows.map((r) => {
    const value = num(r.value);
    return { replication: Number(r.replication), week: Number(r.week), metric: r.metric, value, label: Number.isNaN(value) ? r.value : '' };
  });
  const name = typeof run.scenario === 'string' ? run.scenario : basename(dir);
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

/** A CSV cell as a number: empty cells are undefined values (NaN), as summary.csv writes them. */
export function num(s: string | undefined): number {
  if (s === undefined || s === '') return NaN;
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  return Number(s);
}
