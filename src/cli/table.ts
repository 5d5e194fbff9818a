import { spreads, type Spread, type TargetShare } from '../run/spread.js';
import type { StudyResult } from '../run/study.js';
import type { SummaryRow } from '../run/summary.js';

/** A short, aligned table of headline metrics for the terminal: the mean, its 95% interval, and P10 / P50 / P90 across replications. */
export function headlineTable(study: StudyResult, headline: SummaryRow[]): string {
  const all = spreads(study);
  const spread = new Map<string, Spread>(study.names.map((n, k) => [n, all[k]]));
  const cells = headline.map((r) => {
    const p = spread.get(r.metric);
    return [
      r.metric, num(r.mean), Number.isNaN(r.ci95_low) ? '' : `[${num(r.ci95_low)}, ${num(r.ci95_high)}]`,
      p === undefined ? '' : `${num(p.p10)} / ${num(p.p50)} / ${num(p.p90)}`,
    ];
  });
  return columns(['metric', 'mean', '95% interval', 'P10 / P50 / P90'], cells);
}

/** `--target` lines: how many replications meet each target, and whether the mean's interval clears it. */
export function targetLines(shares: TargetShare[], model?: string): string[] {
  return shares.map((t) => `target ${t.target}${model === undefined ? '' : ` (${model})`}: met in ${t.met} of ${t.of} replications (${Number.isNaN(t.share) ? '-' : `${(100 * t.share).toFixed(0)}%`}); `
    + `mean ${num(t.mean)} [${num(t.ci95_low)}, ${num(t.ci95_high)}]: ${t.confident ? 'met' : 'not met'} with 95% confidence`);
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
