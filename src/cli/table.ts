import { headlineRows } from '../run/headlines.js';

export { headlineRows };
import type { SummaryRow } from '../run/summary.js';

/** A short, aligned table of headline metrics for the terminal. */
export function headlineTable(rows: SummaryRow[]): string {
  const cells = headlineRows(rows).map((r) => [r.metric, num(r.mean), Number.isNaN(r.ci95_low) ? '' : `[${num(r.ci95_low)}, ${num(r.ci95_high)}]`]);
  return columns(['metric', 'mean', '95% interval'], cells);
}


/** A short number for the terminal. */
export function num(x: number): string {
  if (Number.isNaN(x)) return '-';
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return a >= 1000 ? x.toFixed(0) : a >= 1 ? x.toFixed(3) : x.toPrecision(3);
}

/** Aligned columns; `align` has an 'l' or 'r' per column (default: the first left, the rest right). */
export function columns(header: string[], rows: string[][], align = `l${'r'.repeat(header.length - 1)}`): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((c) => c[k].length)));
  const line = (c: string[]) => c.map((x, k) => (align[k] === 'l' ? x.padEnd(widths[k]) : x.padStart(widths[k]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
