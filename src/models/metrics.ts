/**
 * The metric catalogue: every metric's label, unit, format, business area and
 * whether more of it is better, for people. Metric names (summary.csv,
 * weekly.csv) stay what scripts read; tables and reports show these instead.
 * It sits with the model registry, below run, io and report, so that a
 * terminal table, a CSV header and the report all read one source. A metric
 * it does not know still gets a readable label (its name in words) and no unit.
 */

/** How a value is written: money in dollars, a share as a percentage, a duration with its unit. */
/** The weekly metric a change's cash flow is built from: throughput minus operating expense, $ a week (src/run/cash.ts). */
export const CASH_FLOW_METRIC = 'gross_margin_week';

export type MetricFormat = 'money' | 'share' | 'count' | 'hours' | 'days' | 'months' | 'number';
/** The business areas a table groups metrics by, in the order they are shown. */
export const AREAS = ['economics', 'sales', 'service', 'delivery', 'roles', 'flow', 'other'] as const;
export type BusinessArea = (typeof AREAS)[number];
export const AREA_LABELS: Record<BusinessArea, string> = {
  economics: 'Money', sales: 'Selling', service: 'Customer service', delivery: 'Delivery', roles: 'People and roles', flow: 'Work items', other: 'Other',
};

export interface MetricInfo {
  metric: string;
  /** What it is, in words: 'Revenue', 'Utilization of customer service'. */
  label: string;
  /** What it is counted in, as a table's header shows it: '$/week', '%', 'days' ('' for none). */
  unit: string;
  format: MetricFormat;
  /** Whether a rise is good news ('up'), bad ('down'), or neither (null). */
  better: 'up' | 'down' | null;
  area: BusinessArea;
  /** The role, task or item type a per-role (task, item) metric is about. */
  of?: string;
}

type Entry = [label: string, unit: string, format: MetricFormat, better: 'up' | 'down' | null, area: BusinessArea];

/** Company-wide metrics of a sales run (README, "Sales metrics"), and the run's own. */
const COMPANY: Record<string, Entry> = {
  bd_meetings_per_field_rep_week: ['BD meetings per rep', 'per week', 'count', 'up', 'sales'],
  bd_meetings_week: ['BD meetings', 'per week', 'count', 'up', 'sales'],
  opportunities_week: ['Opportunities created', 'per week', 'count', 'up', 'sales'],
  opportunities_cold_week: ['Opportunities gone cold', 'per week', 'count', 'down', 'sales'],
  opportunities_cold_fraction: ['Share of opportunities gone cold', '%', 'share', 'down', 'sales'],
  wins_week: ['Deals won', 'per week', 'count', 'up', 'sales'],
  win_rate: ['Win rate', '%', 'share', 'up', 'sales'],
  new_accounts_week: ['New accounts', 'per week', 'count', 'up', 'sales'],
  orders_week: ['Orders', 'per week', 'count', 'up', 'sales'],
  revenue_week: ['Revenue', '$/week', 'money', 'up', 'economics'],
  revenue_orders_week: ['Revenue from repeat orders', '$/week', 'money', 'up', 'economics'],
  revenue_small_orders_week: ['Revenue from small orders', '$/week', 'money', null, 'economics'],
  revenue_upsell_week: ['Revenue from upsells', '$/week', 'money', 'up', 'economics'],
  revenue_renewals_week: ['Revenue from renewals', '$/week', 'money', 'up', 'economics'],
  revenue_new_business_week: ['Revenue from new business', '$/week', 'money', 'up', 'economics'],
  payroll_week: ['Payroll', '$/week', 'money', 'down', 'economics'],
  travel_cost_week: ['Field travel cost', '$/week', 'money', 'down', 'economics'],
  operating_expense_week: ['Operating expense (payroll, travel, other costs)', '$/week', 'money', 'down', 'economics'],
  cost_per_order: ['Operating expense per order', '$', 'money', 'down', 'economics'],
  gross_margin_week: ['Gross margin after payroll', '$/week', 'money', 'up', 'economics'],
  lost_revenue_week: ['Revenue lost', '$/week', 'money', 'down', 'economics'],
  lost_revenue_abandonment_week: ['Revenue lost: callers who hung up', '$/week', 'money', 'down', 'economics'],
  lost_revenue_patience_week: ['Revenue lost: work that waited too long', '$/week', 'money', 'down', 'economics'],
  lost_revenue_lapse_week: ['Revenue lost: lapsed contracts', '$/week', 'money', 'down', 'economics'],
  renewal_rate: ['Contracts renewed', '%', 'share', 'up', 'sales'],
  renewal_lapse_rate: ['Renewals lapsed', '%', 'share', 'down', 'sales'],
  renewal_uplift_mean: ['Price uplift at renewal', '%', 'share', 'up', 'sales'],
  upsell_rate: ['Upsells per order call', '%', 'share', 'up', 'sales'],
  churn_rate: ['Accounts lost per account and year', '%', 'share', 'down', 'sales'],
  accounts_mean: ['Accounts', 'mean', 'count', 'up', 'sales'],
  open_opportunities_mean: ['Open opportunities', 'mean', 'count', null, 'sales'],
  pipeline_value_mean: ['Pipeline value (open opportunities)', '$', 'money', 'up', 'sales'],
  bookings_week: ['Bookings (value of deals won)', '$/week', 'money', 'up', 'sales'],
  deal_size_mean: ['Deal size', '$', 'money', 'up', 'sales'],
  sales_cycle_d_mean: ['Sales cycle of deals won', 'days', 'days', 'down', 'sales'],
  sales_velocity_week: ['Sales velocity (open x win rate x deal size / cycle)', '$/week', 'money', 'up', 'sales'],
  calls_offered_week: ['Calls offered', 'per week', 'count', null, 'service'],
  calls_abandoned_fraction: ['Calls abandoned', '%', 'share', 'down', 'service'],
  service_level: ['Calls answered within target', '%', 'share', 'up', 'service'],
  voicemails_week: ['Voicemails', 'per week', 'count', 'down', 'service'],
  callbacks_waiting_block_start_mean: ['Callbacks waiting at a block\'s start', 'items', 'count', 'down', 'service'],
  callbacks_waiting_block_end_mean: ['Callbacks waiting at a block\'s end', 'items', 'count', 'down', 'service'],
  on_time_task_fraction: ['Customer requests done on time', '%', 'share', 'up', 'service'],
  production_lead_time_d_mean: ['Production lead time', 'days', 'days', 'down', 'delivery'],
  late_delivery_fraction: ['Deliveries late', '%', 'share', 'down', 'delivery'],
  hires_week: ['Hires decided', 'per week', 'count', null, 'roles'],
  leavers_week: ['Leavers', 'per week', 'count', 'down', 'roles'],
  throttle_held_week: ['Work held back by the rope', 'per week', 'count', null, 'flow'],
  throttle_hold_h_mean: ['Time held back by the rope', 'hours', 'hours', 'down', 'flow'],
  throttle_holding_mean: ['Work held back at a time', 'items', 'count', null, 'flow'],
  // Market growth (Forrester 1968).
  orders_booked_week: ['Orders booked', 'per week', 'count', 'up', 'sales'],
  orders_booked_value_week: ['Orders booked', '$/week', 'money', 'up', 'economics'],
  deliveries_value_week: ['Deliveries', '$/week', 'money', 'up', 'delivery'],
  backlog_value: ['Order backlog', '$', 'money', null, 'delivery'],
  delivery_delay_company_mo: ['Delivery delay the company sees', 'months', 'months', 'down', 'delivery'],
  win_multiplier: ['Win-probability multiplier from the delivery delay', 'x', 'number', 'up', 'sales'],
  reps_indicated: ['Reps the budget pays for', 'people', 'count', null, 'roles'],
  production_capacity_value_week: ['Production capacity', '$/week', 'money', null, 'delivery'],
  reps_on_books: ['Reps on the books', 'people', 'count', null, 'roles'],
  orders_booked_value_per_rep_week: ['Orders booked per rep', '$/week', 'money', 'up', 'sales'],
  delivery_delay_indicated_mo: ['Delivery delay indicated', 'months', 'months', 'down', 'delivery'],
  delivery_delay_perceived_mo: ['Delivery delay perceived by the market', 'months', 'months', 'down', 'delivery'],
  'run.duration_h': ['Simulated time', 'hours', 'hours', null, 'other'],
};

/**
 * The order an answer gives its figures in: the objective first (throughput
 * minus operating expense: the margin after payroll), then what makes it up,
 * then the work done and the service given. Which figures an answer shows is
 * the model kind's choice (ModelKind.keyMetrics and its headlines); this is
 * only their order, and the first of them a run has is its objective.
 */
export const ANSWER_ORDER: readonly string[] = [
  'gross_margin_week', 'revenue_week', 'payroll_week', 'lost_revenue_week', 'orders_booked_value_week',
  'bd_meetings_week', 'bd_meetings_per_field_rep_week', 'orders_week', 'on_time_task_fraction', 'service_level',
];

/** Metrics of one role (`role.<id>.<what>`), the role's label put in with {}. */
const ROLE: Record<string, Entry> = {
  utilization: ['Utilization of {} (filler work included)', '%', 'share', null, 'roles'],
  committed_utilization: ['Committed utilization of {}', '%', 'share', null, 'roles'],
  // Weeks at or above the saturation threshold (ledger.ts SATURATION, 0.9 committed): every such role, not just the week's constraint.
  saturated_share: ['Weeks {} was saturated (committed utilization 90% or more)', '% of weeks', 'share', null, 'roles'],
  queue_length_mean: ['Work waiting for {}', 'items', 'count', 'down', 'roles'],
  wait_h_mean: ['Wait for {}', 'hours', 'hours', 'down', 'roles'],
  work_in_week: ['Work reaching {}', 'items/week', 'count', null, 'roles'],
  headcount_mean: ['People in {}', 'people', 'count', null, 'roles'],
  on_time_fraction: ['Requests on time, {}', '%', 'share', 'up', 'roles'],
  bd_meetings_per_person_week: ['BD meetings per person, {}', 'per week', 'count', 'up', 'roles'],
  protected_share: ['Share of hours on protected time, {}', '%', 'share', null, 'roles'],
  bookings_per_person_week: ['Bookings per person, {}', '$/week', 'money', 'up', 'roles'],
  revenue_per_person_week: ['Revenue credited per person, {}', '$/week', 'money', 'up', 'roles'],
  // Quota attainment across the role's people on the books for the whole measured period (credit.ts).
  attainment_p10: ['Quota attainment, P10 of {}', '% of quota', 'share', 'up', 'roles'],
  attainment_p50: ['Quota attainment, median of {}', '% of quota', 'share', 'up', 'roles'],
  attainment_p90: ['Quota attainment, P90 of {}', '% of quota', 'share', 'up', 'roles'],
  at_quota_share: ['People at or above quota, {}', '% of people', 'share', 'up', 'roles'],
  busy_mean: ['Busy people, {}', 'people', 'count', null, 'roles'],
  capacity_mean: ['People on shift, {}', 'people', 'count', null, 'roles'],
};

/** Metrics of one task (`task.<id>.<what>`). */
const TASK: Record<string, Entry> = {
  wait_h_mean: ['Wait for {}', 'hours', 'hours', 'down', 'flow'],
  wait_h_p50: ['Median wait for {}', 'hours', 'hours', 'down', 'flow'],
  wait_h_p90: ['90th-percentile wait for {}', 'hours', 'hours', 'down', 'flow'],
  waited_fraction: ['Share of {} that waited', '%', 'share', 'down', 'flow'],
  queue_time_h_mean: ['Time in queue, {}', 'hours', 'hours', 'down', 'flow'],
  service_h_mean: ['Handle time of {}', 'hours', 'hours', null, 'flow'],
  completed: ['{} done', 'items', 'count', 'up', 'flow'],
  abandoned: ['{} abandoned', 'items', 'count', 'down', 'flow'],
  balked: ['{} balked', 'items', 'count', 'down', 'flow'],
  abandoned_fraction: ['Share of {} abandoned', '%', 'share', 'down', 'flow'],
};

/** Metrics of one stage of a declared pipeline (`stage.<name>.<what>`). */
const STAGE: Record<string, Entry> = {
  entered_week: ['Opportunities entering {}', 'per week', 'count', 'up', 'sales'],
  converted_week: ['Opportunities passing {}', 'per week', 'count', 'up', 'sales'],
  lost_week: ['Opportunities lost at {}', 'per week', 'count', 'down', 'sales'],
  cold_week: ['Opportunities gone cold at {}', 'per week', 'count', 'down', 'sales'],
  conversion_rate: ['Conversion at {}', '%', 'share', 'up', 'sales'],
  time_d_mean: ['Time in {}', 'days', 'days', 'down', 'sales'],
  time_d_p90: ['90th-percentile time in {}', 'days', 'days', 'down', 'sales'],
};

/** Metrics of one item type (`items.<id>.<what>`). */
const ITEMS: Record<string, Entry> = {
  arrived: ['{} arrived', 'items', 'count', null, 'flow'],
  completed: ['{} completed', 'items', 'count', 'up', 'flow'],
  abandoned: ['{} abandoned', 'items', 'count', 'down', 'flow'],
  lost: ['{} lost', 'items', 'count', 'down', 'flow'],
  in_progress: ['{} in progress at the end', 'items', 'count', null, 'flow'],
  in_progress_start: ['{} in progress at the start', 'items', 'count', null, 'flow'],
  sojourn_h_mean: ['Time in the system of {}', 'hours', 'hours', 'down', 'flow'],
  sojourn_h_p50: ['Median time in the system of {}', 'hours', 'hours', 'down', 'flow'],
  sojourn_h_p90: ['90th-percentile time in the system of {}', 'hours', 'hours', 'down', 'flow'],
  wip_mean: ['{} in the system', 'items', 'count', null, 'flow'],
  throughput_h: ['{} completed', 'per hour', 'count', 'up', 'flow'],
};

/**
 * What a task's time goes to, in a business's terms: the groups the report's
 * hours chart stacks and colours by. Tasks not listed (a network's own) are
 * 'other work'.
 */
export const ACTIVITY_GROUPS = ['selling', 'service', 'technical', 'production', 'admin', 'travel', 'other work', 'idle'] as const;
export type ActivityGroup = (typeof ACTIVITY_GROUPS)[number];
const ACTIVITY: Record<string, ActivityGroup> = {
  bd_meeting: 'selling', meeting_scheduling: 'selling', am_visit: 'selling', outbound_call: 'selling', renewal: 'selling',
  quote_simple: 'selling', quote_complex: 'selling', promotion_campaign: 'selling',
  inbound_call: 'service', callback: 'service', order_entry: 'service', service_issue: 'service', delivery_update: 'service',
  engineering_request: 'technical', design: 'technical', tech_visit: 'technical',
  production_job: 'production', admin: 'admin', travel: 'travel', idle: 'idle',
};

export function activityGroup(activity: string): ActivityGroup {
  return ACTIVITY[activity] ?? 'other work';
}

/** A name in words: `field_rep` -> `field rep`. */
export function words(name: string): string {
  return name.replaceAll('_', ' ');
}

/** The same, capitalized, for a label that starts a row. */
export function capitalized(text: string): string {
  return text.length === 0 ? text : text[0].toUpperCase() + text.slice(1);
}

/**
 * A metric's entry. `roleLabel` names a role as the reader knows it (a
 * report passes the label the scenario's roles have); by default its name in words.
 */
export function metricInfo(metric: string, roleLabel: (role: string) => string = words): MetricInfo {
  const own = COMPANY[metric];
  if (own !== undefined) return info(metric, own);
  const scoped = /^(role|task|items|stage)\.([^.]+)\.(.+)$/.exec(metric);
  if (scoped !== null) {
    const [, scope, id, what] = scoped;
    const share = /^time_share\.(.+)$/.exec(what);
    if (scope === 'role' && share !== null) {
      return info(metric, [`Share of ${roleLabel(id)}'s busy hours: ${words(share[1])}`, '%', 'share', null, 'roles'], id);
    }
    const table = scope === 'role' ? ROLE : scope === 'task' ? TASK : scope === 'stage' ? STAGE : ITEMS;
    const entry = table[what];
    const name = scope === 'role' ? roleLabel(id) : words(id);
    if (entry !== undefined) return info(metric, [capitalized(entry[0].replace('{}', name)), ...entry.slice(1)] as Entry, id);
  }
  const constraint = /^constraint_share\.(.+)$/.exec(metric);
  if (constraint !== null) {
    const role = constraint[1];
    return role === 'none'
      ? info(metric, ['Weeks with no constraint', '% of weeks', 'share', null, 'roles'])
      : info(metric, [`Weeks ${roleLabel(role)} was the constraint`, '% of weeks', 'share', null, 'roles'], role);
  }
  const upsell = /^upsell_rate\.(queue|hour)_(.+)$/.exec(metric);
  if (upsell !== null) {
    const when = upsell[1] === 'hour' ? `at ${upsell[2]}:00` : `with ${upsell[2].replace('_plus', ' or more').replace('_', '-')} calls waiting`;
    return info(metric, [`Upsells per order call ${when}`, '%', 'share', 'up', 'sales']);
  }
  return { metric, label: capitalized(words(metric.replaceAll('.', ' '))), unit: '', format: 'number', better: null, area: 'other' };
}

function info(metric: string, [label, unit, format, better, area]: Entry, of?: string): MetricInfo {
  return { metric, label, unit, format, better, area, ...(of === undefined ? {} : { of }) };
}

/** 'Revenue ($/week)': a label with its unit, for a row or an axis. */
export function labelWithUnit(m: MetricInfo): string {
  return m.unit === '' ? m.label : `${m.label} (${m.unit})`;
}

/**
 * A value as a reader reads it: dollars rounded to the dollar, shares as
 * percentages, durations and counts to three significant digits (whole numbers
 * from 1,000 on). `signed` writes a difference (+ or - before it; a share's in percentage points).
 */
export function formatValue(x: number, format: MetricFormat, signed = false): string {
  if (!Number.isFinite(x)) return '-';
  const sign = signed && x > 0 ? '+' : x < 0 ? '-' : '';
  const a = Math.abs(x);
  switch (format) {
    case 'money': return `${sign}$${a >= 100 ? Math.round(a).toLocaleString('en-US') : a.toFixed(2)}`;
    // A difference of two shares is in percentage points, not a percentage of either.
    case 'share': return signed ? `${sign}${percent(100 * a)} pts` : `${sign}${percent(100 * a)}%`;
    case 'hours': return `${sign}${plain(a)} h`;
    case 'days': return `${sign}${plain(a)} d`;
    case 'months': return `${sign}${plain(a)} mo`;
    default: return `${sign}${plain(a)}`;
  }
}

/** A percentage to one decimal (none when it is whole), two significant digits below 1%. */
function percent(p: number): string {
  if (p === 0) return '0';
  return p >= 1 ? p.toFixed(1).replace(/\.0$/, '') : p.toPrecision(2);
}

function plain(a: number): string {
  if (a === 0) return '0';
  if (a >= 1000) return Math.round(a).toLocaleString('en-US');
  if (Number.isInteger(a)) return String(a);
  return a >= 100 ? a.toFixed(0) : a >= 10 ? a.toFixed(1) : a >= 1 ? a.toFixed(2) : a.toPrecision(2);
}
