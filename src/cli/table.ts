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

/** Headline metrics of a sales run: the stylized facts' figures first (README, "The facts"). */
const SALES_HEADLINES = new Set([
  'bd_meetings_per_field_rep_week', 'bd_meetings_week', 'opportunities_week', 'wins_week', 'new_accounts_week', 'orders_week',
  'revenue_week', 'on_time_task_fraction', 'service_level', 'calls_abandoned_fraction', 'upsell_rate', 'renewal_rate',
  'renewal_uplift_mean', 'churn_rate', 'lost_revenue_week', 'production_lead_time_d_mean', 'payroll_week', 'gross_margin_week',
  // Market growth (README, "Market growth (Forrester 1968)"): present only with a `market:` section.
  'orders_booked_value_week', 'production_capacity_value_week', 'reps_on_books', 'orders_booked_value_per_rep_week',
  'delivery_delay_indicated_mo', 'delivery_delay_perceived_mo',
]);

export function isHeadline(metric: string): boolean {
  return SALES_HEADLINES.has(metric) || /^constraint_share\./.test(metric)
    || /^role\.[^.]+\.(utilization|queue_length_mean)$/.test(metric)
    || /^task\.[^.]+\.(wait_h_mean|wait_h_p90|abandoned_fraction)$/.test(metric)
    || /^items\.[^.]+\.(arrived|completed|abandoned|lost|sojourn_h_mean)$/.test(metric);
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
