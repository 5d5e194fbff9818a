import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { COMPARE_COLUMNS, type CompareRow } from '../run/compare.js';
import { spreads } from '../run/spread.js';
import type { StudyResult } from '../run/study.js';
import type { Warning, WarningKind } from '../run/warnings.js';
import { fileValue } from '../run/weekly.js';
import { UserError } from '../scenario/load.js';

/**
 * Numbers as written to CSV: integers as they are, other values to 10 significant
 * digits (shortest form), undefined values (NaN) as an empty cell. Rounding keeps
 * files byte-identical across machines whose last-bit floating point might differ.
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return '';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return String(fileValue(x));
}

/** A CSV cell as a number: empty cells are undefined values (NaN), as formatNumber writes them. */
export function num(s: string | undefined): number {
  if (s === undefined || s === '') return NaN;
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  return Number(s);
}

/** A text cell, quoted when it holds a delimiter, a quote or a line break (as csv-stringify quotes). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** summary.csv: one row per metric, numbers only: the mean with its 95% interval, then P10, P50, P90 across replications. */
export function summaryCsv(result: StudyResult): string {
  const spread = spreads(result);
  return stringify(
    result.summary.map((r, k) => [
      r.metric, formatNumber(r.mean), formatNumber(r.stdev), formatNumber(r.ci95_low), formatNumber(r.ci95_high), String(r.replications),
      formatNumber(spread[k].p10), formatNumber(spread[k].p50), formatNumber(spread[k].p90),
    ]),
    { header: true, columns: ['metric', 'mean', 'stdev', 'ci95_low', 'ci95_high', 'replications', 'p10', 'p50', 'p90'] },
  );
}

export const WARNING_COLUMNS = ['scenario', 'kind', 'role', 'weeks', 'text'] as const;
const KINDS: readonly WarningKind[] = ['sales-support-constraint', 'unstable-queue', 'short-run'];

/** warnings.csv: one row per warning (just the header when there is none). */
export function warningsCsv(warnings: Warning[]): string {
  return stringify(
    warnings.map((w) => [w.scenario, w.kind, w.role, w.weeks === null ? '' : formatNumber(w.weeks), w.text]),
    { header: true, columns: [...WARNING_COLUMNS] },
  );
}

/** warnings.csv read back (`file` names it in messages). */
export function parseWarnings(file: string, text: string): Warning[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true });
  } catch (e) {
    throw new UserError(`${file}: not a CSV file (${(e as Error).message})`);
  }
  return rows.map((r, k) => {
    for (const c of WARNING_COLUMNS) if (r[c] === undefined) throw new UserError(`${file}: expected a column '${c}'`);
    const kind = r.kind as WarningKind;
    if (!KINDS.includes(kind)) throw new UserError(`${file}:${k + 2}: kind '${r.kind}': expected one of ${KINDS.join(', ')}`);
    return { scenario: r.scenario, kind, role: r.role, weeks: r.weeks === '' ? null : num(r.weeks), text: r.text };
  });
}

/** compare.csv: tidy long form, one row per metric and compared model; `significant` is empty when there is no diff. */
export function compareCsv(rows: CompareRow[]): string {
  return stringify(
    rows.map((r) => COMPARE_COLUMNS.map((c) => {
      const v = r[c];
      return typeof v === 'number' ? formatNumber(v) : v === null ? '' : String(v);
    })),
    { header: true, columns: [...COMPARE_COLUMNS] },
  );
}
