/**
 * Names of the sales run's headline metrics, as they appear in summary.csv and
 * weekly.csv: the layers above (warnings, headlines, reports, breaking rules)
 * refer to a metric by these constants rather than by a string typed again.
 * Per-role, per-task and per-item names are built by functions next to them
 * (ledger.ts, item-book.ts).
 */
export const SALES_METRIC = {
  bd_meetings_per_field_rep_week: 'bd_meetings_per_field_rep_week',
  bd_meetings_week: 'bd_meetings_week',
  opportunities_week: 'opportunities_week',
  wins_week: 'wins_week',
  new_accounts_week: 'new_accounts_week',
  orders_week: 'orders_week',
  revenue_week: 'revenue_week',
  on_time_task_fraction: 'on_time_task_fraction',
  service_level: 'service_level',
  calls_abandoned_fraction: 'calls_abandoned_fraction',
  upsell_rate: 'upsell_rate',
  renewal_rate: 'renewal_rate',
  renewal_uplift_mean: 'renewal_uplift_mean',
  churn_rate: 'churn_rate',
  lost_revenue_week: 'lost_revenue_week',
  production_lead_time_d_mean: 'production_lead_time_d_mean',
  payroll_week: 'payroll_week',
  gross_margin_week: 'gross_margin_week',
  win_rate: 'win_rate',
  renewal_lapse_rate: 'renewal_lapse_rate',
  accounts_mean: 'accounts_mean',
} as const;

export type SalesMetricName = (typeof SALES_METRIC)[keyof typeof SALES_METRIC];
