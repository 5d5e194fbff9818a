import type { SummaryRow } from './summary.js';

/**
 * Which metrics lead: the terminal's table, --json and the report's headline
 * table all show these, so the choice is made once, below the layers that
 * print it.
 */

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
