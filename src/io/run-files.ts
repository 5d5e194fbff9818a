import { stringify } from 'csv-stringify/sync';
import { COMPARE_COLUMNS, type CompareRow } from '../run/compare.js';
import type { StudyResult } from '../run/study.js';

/**
 * Numbers as written to CSV: integers as they are, other values to 10 significant
 * digits (shortest form), undefined values (NaN) as an empty cell. Rounding keeps
 * files byte-identical across machines whose last-bit floating point might differ.
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return '';
  if (Number.isInteger(x)) return String(x);
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return String(Number(x.toPrecision(10)));
}

/** summary.csv; each warning is a last row with metric `warning`, its text in the `mean` column and the other cells empty. */
export function summaryCsv(result: StudyResult, warnings: string[] = []): string {
  return stringify(
    [
      ...result.summary.map((r) => [r.metric, formatNumber(r.mean), formatNumber(r.stdev), formatNumber(r.ci95_low), formatNumber(r.ci95_high), String(r.replications)]),
      ...warnings.map((w) => ['warning', w, '', '', '', '']),
    ],
    { header: true, columns: ['metric', 'mean', 'stdev', 'ci95_low', 'ci95_high', 'replications'] },
  );
}

export function weeklyCsv(result: StudyResult): string {
  const rows: string[][] = [];
  result.replications.forEach((rep, r) => {
    rep.weeks.forEach((values, w) => {
      rep.weeklyNames.forEach((name, k) => rows.push([String(r + 1), String(w + 1), name, formatNumber(values[k])]));
      for (const series of rep.weeklyLabels ?? []) rows.push([String(r + 1), String(w + 1), series.name, series.values[w]]);
    });
  });
  return stringify(rows, { header: true, columns: ['replication', 'week', 'metric', 'value'] });
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
