import { isHeadline } from '../run/headlines.js';
import type { SummaryRow } from '../run/summary.js';

/** A short, aligned table of headline metrics for the terminal. */
export function headlineTable(rows: SummaryRow[]): string {
  const cells = headlineRows(rows).map((r) => [r.metric, num(r.mean), Number.isNaN(r.ci95_low) ? '' : `[${num(r.ci95_low)}, ${num(r.ci95_high)}]`]);
  return columns(['metric', 'mean', '95% interval'], cells);
}

/** The headline metrics, in the order the table (and --json) gives them. */
export function headlineRows(rows: SummaryRow[]): SummaryRow[] {
  // Zero counts of things that cannot happen in this model (no patience: no abandonment) are noise.
  const shown = rows.filter((r) => isHeadline(r.metric) && !(/(abandoned|lost|abandoned_fraction)$/.test(r.metric) && r.mean === 0));
  // Keep each role's, task's and item type's lines together, in the order they first appear.
  const scope = (m: string) => m.split('.').slice(0, 2).join('.');
  const order = new Map<string, number>();
  for (const r of shown) if (!order.has(scope(r.metric))) order.set(scope(r.metric), order.size);
  shown.sort((a, b) => order.get(scope(a.metric))! - order.get(scope(b.metric))!);
  return shown;
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
