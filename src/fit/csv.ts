import { readFileSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import { UserError } from '../scenario/load.js';
import { parseDuration } from '../scenario/units.js';

/**
 * A client's CSV export (a CRM's calls, an ERP's orders, an activity log), read
 * whole and checked before anything is computed. Every mistake a user can make
 * in it is one line naming the file, the line, the column and what was
 * expected.
 */
export interface Row { line: number; cells: string[] }
export interface Table { file: string; header: string[]; rows: Row[] }

export function readCsv(file: string): Table {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : code ?? (e as Error).message})`);
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, trim: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const err = e as CsvError & { lines?: number; record?: unknown[] };
    const line = err.lines ?? 1;
    const what = err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
      ? `expected as many cells as the header has columns, got ${err.record?.length ?? 'a different number'}`
      : e.message.replace(/\s*(at|on) line \d+$/, '');
    throw new UserError(`${file}:${line}: CSV: ${what}`);
  }
  if (records.length === 0) throw new UserError(`${file}:1: expected a header line naming the columns, found an empty file`);
  const [head, ...body] = records;
  const header = head.record;
  const rows = body.map((r) => ({ line: r.info.lines, cells: r.record }));
  if (rows.length === 0) throw new UserError(`${file}:${head.info.lines}: expected rows below the header, found none`);
  return { file, header, rows };
}

/** The index of a column named by a flag; a missing one names the columns there are. */
export function column(t: Table, name: string, flag: string): number {
  const k = t.header.indexOf(name);
  if (k >= 0) return k;
  const lower = t.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  const hint = lower >= 0 ? `did you mean '${t.header[lower]}'? ` : '';
  throw new UserError(`${t.file}:1: ${flag} ${name}: no such column (${hint}columns: ${t.header.join(', ')})`);
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Hours per unit as duration strings spell it: '1 min' is 1/60. */
export function unitHours(unit: string, flag = '--unit'): number {
  const h = parseDuration(`1 ${unit}`);
  if (h === null) throw new UserError(`${flag} ${unit}: expected a unit of time such as s, min, h, d or wk`);
  return h;
}

/**
 * A duration cell in `unit`s: a plain number is in that unit, a duration with
 * its own ('90 s', '1.5 h') is converted. Empty is null (skipped by the caller,
 * which counts them); anything else, or a negative, is the user's mistake.
 */
export function durationCell(t: Table, row: Row, k: number, unit: string, hoursPerUnit: number): number | null {
  const cell = row.cells[k] ?? '';
  if (cell === '') return null;
  let v: number;
  if (NUMBER.test(cell)) v = Number(cell);
  else {
    const h = parseDuration(cell);
    if (h === null) throw new UserError(`${t.file}:${row.line}: column ${t.header[k]}: expected a duration in ${unit} (a number, or with its unit such as '6 min'), got '${cell}'`);
    v = h / hoursPerUnit;
  }
  if (!Number.isFinite(v) || v < 0) throw new UserError(`${t.file}:${row.line}: column ${t.header[k]}: expected a duration >= 0, got '${cell}'`);
  return v;
}

/** A text cell that must be there (a group, a task, a role). */
export function textCell(t: Table, row: Row, k: number, what: string): string {
  const cell = row.cells[k] ?? '';
  if (cell === '') throw new UserError(`${t.file}:${row.line}: column ${t.header[k]}: expected ${what}, found an empty cell`);
  return cell;
}
