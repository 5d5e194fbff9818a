import { HOURS_PER_WEEK, HOURS_PER_YEAR } from '../kernel/time.js';
import { pipelineMetrics } from './pipeline-metrics.js';
import { C, type Layout, QUEUE_BUCKETS, type SalesMetric } from './counters.js';
import { primaryRoles } from './coverage.js';
import { marketMetrics } from './policies.js';
import { everySpec, type SalesSpec } from './spec.js';
import { ITEM_KINDS, ITEM_STATES, itemMetric } from './item-book.js';
import { SALES_METRIC as M } from './metric-names.js';
import { NAMED_STEPS } from './workflow-schema.js';

// The counters' layout lives in counters.ts (the organization and the policies write to it too);
// re-exported here, where the metrics read it.
export { C, COUNTERS, type Counter, Layout, MARKET_COUNTERS, QUEUE_BUCKETS, queueBucket, type SalesMetric } from './counters.js';

const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

/** Roles whose headcount does a task (in any phase): the denominator of "per field rep". */
function rolesDoing(spec: SalesSpec, task: number): number[] {
  if (task < 0) return [];
  return everySpec(spec).flatMap((s) => s.tasks[task].roles).filter((r, i, a) => a.indexOf(r) === i);
}

export function salesMetrics(spec: SalesSpec, L: Layout): SalesMetric[] {
  const m: SalesMetric[] = [];
  const perWeek = (name: string, k: number, weekly = true) =>
    m.push({ name, weekly, value: (d, span) => ratio(d[k], span / HOURS_PER_WEEK) });
  const bdRoles = rolesDoing(spec, spec.part.meeting);
  // With a declared pipeline, deals are credited to whoever works the last stage (model.ts starting).
  const stages = spec.company.opportunities.stages;
  const closers = stages.length === 0 ? [] : rolesDoing(spec, stages[stages.length - 1].task);
  // The roles whose work books revenue (credit.ts): deals won, renewals, orders keyed, upsells on calls.
  const pt = spec.part;
  const revenueRoles = [pt.meeting, pt.renewal, pt.order, pt.call, pt.callback, ...spec.company.opportunities.stages.map((st) => st.task)]
    .flatMap((t) => rolesDoing(spec, t));
  // Person-weeks employed in the roles doing BD meetings (headcount may change during the run, M15).
  const bdPersonWeeks = (d: Float64Array) => bdRoles.reduce((a, r) => a + d[L.people(r)], 0) / HOURS_PER_WEEK;

  // A business without the parts has no such figures (a software company's pipeline has stages, not BD meetings).
  const has = (part: number) => part >= 0;
  if (has(spec.part.meeting)) {
    m.push({ name: M.bd_meetings_per_field_rep_week, weekly: true, value: (d) => ratio(d[C.bd_meetings], bdPersonWeeks(d)) });
    perWeek(M.bd_meetings_week, C.bd_meetings);
  }
  perWeek(M.opportunities_week, C.opportunities);
  perWeek('opportunities_cold_week', C.opportunities_cold, false);
  // Opportunities that went cold waiting for a meeting, per opportunity created: unmet appointment demand.
  m.push({ name: 'opportunities_cold_fraction', weekly: false, value: (d) => ratio(d[C.opportunities_cold], d[C.opportunities]) });
  perWeek(M.wins_week, C.wins);
  m.push({ name: M.win_rate, weekly: false, value: (d) => ratio(d[C.wins], d[C.wins] + d[C.losses]) });
  if (has(spec.part.order)) perWeek(M.orders_week, C.orders);
  perWeek(M.revenue_week, C.revenue);
  perWeek('revenue_orders_week', C.revenue_orders, false);
  perWeek('revenue_small_orders_week', C.revenue_small_orders, false);
  perWeek('revenue_upsell_week', C.revenue_upsell, false);
  perWeek('revenue_renewals_week', C.revenue_renewals, false);
  perWeek('revenue_new_business_week', C.revenue_new_business, false);
  perWeek(M.new_accounts_week, C.new_accounts);
  m.push({ name: M.renewal_rate, weekly: false, value: (d) => ratio(d[C.renewals_renewed], d[C.renewals_renewed] + d[C.renewals_not_retained] + d[C.renewals_lapsed]) });
  m.push({ name: M.renewal_lapse_rate, weekly: false, value: (d) => ratio(d[C.renewals_lapsed], d[C.renewals_renewed] + d[C.renewals_not_retained] + d[C.renewals_lapsed]) });
  m.push({ name: M.renewal_uplift_mean, weekly: false, value: (d) => ratio(d[C.renewal_uplift_sum], d[C.renewals_renewed]) });
  m.push({ name: M.upsell_rate, weekly: true, value: (d) => ratio(d[C.upsells], d[C.order_calls]) });
  QUEUE_BUCKETS.forEach((b, k) => {
    m.push({ name: `upsell_rate.${b}`, weekly: false, value: (d) => ratio(d[L.successes(k)], d[L.attempts(k)]) });
  });
  for (let h = 0; h < 24; h++) {
    // Only hours in which customers can call (any day of the week).
    if (![0, 1, 2, 3, 4, 5, 6].some((d) => spec.company.profile(d * 24 + h + 0.5) > 0)) continue;
    const hh = String(h).padStart(2, '0');
    m.push({ name: `upsell_rate.hour_${hh}`, weekly: false, value: (d) => ratio(d[L.hourUpsells(h)], d[L.hourCalls(h)]) });
  }
  m.push({ name: 'calls_offered_week', weekly: false, value: (d, span) => ratio(d[C.calls_offered], span / HOURS_PER_WEEK) });
  m.push({ name: M.calls_abandoned_fraction, weekly: true, value: (d) => ratio(d[C.calls_abandoned], d[C.calls_answered] + d[C.calls_abandoned]) });
  m.push({ name: M.service_level, weekly: true, value: (d) => ratio(d[C.calls_in_target], d[C.calls_answered] + d[C.calls_abandoned]) });
  perWeek('voicemails_week', C.voicemails, false);
  m.push({ name: 'callbacks_waiting_block_start_mean', weekly: false, value: (d) => ratio(d[C.callbacks_at_block_start], d[C.block_samples]) });
  m.push({ name: 'callbacks_waiting_block_end_mean', weekly: false, value: (d) => ratio(d[C.callbacks_at_block_end], d[C.block_samples]) });
  m.push({ name: M.on_time_task_fraction, weekly: true, value: (d) => ratio(d[C.requests_on_time], d[C.requests_done] + d[C.requests_lost]) });
  m.push({
    name: M.lost_revenue_week, weekly: true,
    value: (d, span) => ratio(d[C.lost_abandonment] + d[C.lost_patience] + d[C.lost_lapse], span / HOURS_PER_WEEK),
  });
  perWeek('lost_revenue_abandonment_week', C.lost_abandonment, false);
  perWeek('lost_revenue_patience_week', C.lost_patience, false);
  perWeek('lost_revenue_lapse_week', C.lost_lapse, false);
  m.push({ name: M.churn_rate, weekly: false, value: (d, span) => ratio(d[C.churned] * (HOURS_PER_YEAR / span), d[C.accounts_area] / span) });
  m.push({ name: M.accounts_mean, weekly: false, value: (d, span) => ratio(d[C.accounts_area], span) });
  m.push({ name: 'open_opportunities_mean', weekly: false, value: (d, span) => ratio(d[C.open_opportunities_area], span) });
  m.push(...pipelineMetrics(spec, L));
  if (has(spec.part.production)) {
    m.push({ name: M.production_lead_time_d_mean, weekly: true, value: (d) => ratio(d[C.production_lead_sum], d[C.jobs_done] * 24) });
    m.push({ name: 'late_delivery_fraction', weekly: false, value: (d) => ratio(d[C.jobs_late], d[C.jobs_done]) });
  }
  // payroll_area integrates the weekly payroll over hours: its time-average is the payroll per week.
  if (everySpec(spec).some((s) => s.throttle.length > 0)) {
    perWeek('throttle_held_week', C.throttle_held);
    m.push({ name: 'throttle_hold_h_mean', weekly: false, value: (d) => ratio(d[C.throttle_held_hours], d[C.throttle_released]) });
    m.push({ name: 'throttle_holding_mean', weekly: true, value: (d, span) => ratio(d[C.throttle_holding_area], span) });
  }
  perWeek('hires_week', C.hires, false);
  perWeek('leavers_week', C.leavers, false);
  m.push({ name: M.payroll_week, weekly: true, value: (d, span) => ratio(d[C.payroll_area], span) });
  // Operating expense: the payroll, field travel at its hourly cost, other costs per week (company.economics).
  const e = spec.company.economics;
  const travelHours = (d: Float64Array) => spec.roles.reduce((a, _, r) => a + d[L.busy(r, L.travel)], 0);
  const travelCost = (d: Float64Array, span: number) => ratio(travelHours(d) * e.travelCostPerHour, span / HOURS_PER_WEEK);
  const expense = (d: Float64Array, span: number) => ratio(d[C.payroll_area], span) + travelCost(d, span) + e.otherCostsPerWeek;
  if (e.travelCostPerHour > 0 || e.otherCostsPerWeek > 0) {
    if (e.travelCostPerHour > 0) m.push({ name: 'travel_cost_week', weekly: true, value: travelCost });
    m.push({ name: 'operating_expense_week', weekly: true, value: expense });
  }
  m.push({
    name: M.gross_margin_week, weekly: true,
    // Margin on revenue less the operating expense (with neither travel nor other costs declared: less the payroll).
    value: (d, span) => ratio(d[C.revenue] * e.margin, span / HOURS_PER_WEEK) - ratio(d[C.payroll_area], span)
      - (e.travelCostPerHour > 0 ? travelCost(d, span) : 0) - e.otherCostsPerWeek,
  });
  if (spec.part.order >= 0) m.push({ name: 'cost_per_order', weekly: false, value: (d, span) => ratio(expense(d, span), ratio(d[C.orders], span / HOURS_PER_WEEK)) });

  if (spec.market !== null) m.push(...marketMetrics(spec, L));

  // The customer's items, counted as a network's are: arrived, ended in one of three ways, in progress.
  ITEM_KINDS.forEach((_, k) => {
    ITEM_STATES.forEach((state, s) => m.push({ name: itemMetric(k, state), weekly: true, value: (d) => d[L.item(k, s)] }));
    m.push({ name: itemMetric(k, 'in_progress'), weekly: true, value: (_d, _span, end) => end[L.itemLive(k)] });
    m.push({ name: itemMetric(k, 'in_progress_start'), weekly: false, value: (d, _span, end) => end[L.itemLive(k)] - d[L.itemLive(k)] });
  });

  // Waits per task (as per role: zero for work taken up at once, the first wait of work put down and resumed,
  // the time in queue of work that expired), for the tasks some role does in some phase.
  spec.tasks.forEach(({ name }, t) => {
    if (!everySpec(spec).some((s) => s.tasks[t].roles.length > 0)) return;
    m.push({ name: `task.${name}.wait_h_mean`, weekly: false, value: (d) => ratio(d[L.taskWaitSum(t)], d[L.taskWaitCount(t)]) });
  });

  spec.roles.forEach((role, r) => {
    if (role.costOnly) return;
    const p = `role.${role.id}`;
    m.push({ name: `${p}.utilization`, weekly: true, value: (d) => ratio(totalBusy(d, L, r), d[L.capacity(r)]) });
    // What the constraint rule looks at: work that was waiting, not filler or time-block work.
    m.push({ name: `${p}.committed_utilization`, weekly: false, value: (d) => ratio(totalBusy(d, L, r) - d[L.filler(r)], d[L.capacity(r)]) });
    if (answersForRequests(spec, r)) {
      m.push({
        name: `${p}.on_time_fraction`, weekly: false,
        value: (d) => ratio(d[L.requestsOnTime(r)], d[L.requestsDone(r)] + d[L.requestsLost(r)]),
      });
    }
    m.push({ name: `${p}.queue_length_mean`, weekly: true, value: (d, span) => ratio(d[L.queue(r)], span) });
    // Hours from reaching the role to someone taking it up (zero when someone was free), over the work that
    // left the queue in the window; work put down and resumed later counts once, for its first wait.
    m.push({ name: `${p}.wait_h_mean`, weekly: true, value: (d) => ratio(d[L.waitSum(r)], d[L.waitCount(r)]) });
    m.push({ name: `${p}.work_in_week`, weekly: false, value: (d, span) => ratio(d[L.waitCount(r)] * HOURS_PER_WEEK, span) });
    m.push({ name: `${p}.headcount_mean`, weekly: true, value: (d, span) => ratio(d[L.people(r)], span) });
    if (bdRoles.includes(r)) {
      m.push({ name: `${p}.bd_meetings_per_person_week`, weekly: false, value: (d) => ratio(d[L.meetings(r)], d[L.people(r)] / HOURS_PER_WEEK) });
    }
    if (bdRoles.includes(r) || closers.includes(r)) {
      // Bookings and revenue credited to the role's people (credit.ts), per person-week employed (hires and leavers counted for their time).
      m.push({ name: `${p}.bookings_per_person_week`, weekly: false, value: (d) => ratio(d[L.bookings(r)], d[L.people(r)] / HOURS_PER_WEEK) });
    }
    if (revenueRoles.includes(r)) {
      m.push({ name: `${p}.revenue_per_person_week`, weekly: false, value: (d) => ratio(d[L.credited(r)], d[L.people(r)] / HOURS_PER_WEEK) });
    }
    if (everySpec(spec).some((s) => s.roles[r].protect !== null)) {
      // Hours on protected tasks (and the travel to them) over hours worked: whether the reserved share was used.
      m.push({ name: `${p}.protected_share`, weekly: false, value: (d) => ratio(d[L.protectedTime(r)], totalBusy(d, L, r)) });
    }
    [...spec.tasks.map((t) => t.name), 'travel'].forEach((a, k) => {
      if (!doesActivity(spec, r, k)) return;
      m.push({ name: `${p}.time_share.${a}`, weekly: false, value: (d) => ratio(d[L.busy(r, k)], totalBusy(d, L, r)) });
    });
  });
  return m;
}

export function totalBusy(d: Float64Array, L: Layout, r: number): number {
  let s = 0;
  for (let a = 0; a < L.activities; a++) s += d[L.busy(r, a)];
  return s;
}

/**
 * Customer requests (orders, quotes, issues) count against the role that completes them or, when
 * lost waiting (a call, a callback or the request itself), against the first role that task is
 * routed to: see the model's requestDone and lost. These are the roles that can have any.
 */
function answersForRequests(spec: SalesSpec, r: number): boolean {
  return spec.tasks.some((t) => (t.done.some((st) => st.op === REQUEST_DONE) && t.roles.includes(r))
    || (t.expired.some((st) => LOSES_REQUEST.includes(st.op)) && primaryRoles(t).includes(r)));
}

const REQUEST_DONE = NAMED_STEPS.indexOf('request_done');
/** Expiry steps that count a lost request against the task's first role (flows.ts lost). */
const LOSES_REQUEST = (['abandon_call', 'lapse', 'lose'] as const).map((n) => NAMED_STEPS.indexOf(n));

function doesActivity(spec: SalesSpec, r: number, k: number): boolean {
  return everySpec(spec).some((s) => doesActivityIn(s, r, k));
}

function doesActivityIn(spec: SalesSpec, r: number, k: number): boolean {
  const role = spec.roles[r];
  if (k === spec.tasks.length) return role.field; // travel
  if (k === spec.part.admin && role.adminPerWeek > 0) return true;
  if (role.filler === k || role.blocks.some((b) => b.task === k)) return true;
  return spec.tasks[k].roles.includes(r);
}

/** Committed utilization from which a role has no protective capacity left. */
export const CONSTRAINT_UTILIZATION = 0.9;
/** The saturation threshold: the same protective capacity used up, judged for every role, not just the week's constraint. */
export const SATURATION = CONSTRAINT_UTILIZATION;

/** A window's committed utilization of a role: busy hours on queued work (not filler nor time blocks) over on-shift hours. */
function committedUtilization(d: Float64Array, L: Layout, r: number): number {
  return (totalBusy(d, L, r) - d[L.filler(r)]) / d[L.capacity(r)];
}

/**
 * Every role saturated in a window: committed utilization at or above SATURATION.
 * The constraint rule names one role a week; roles saturated at the same time
 * (engineering at 0.999 while customer service is the constraint) show here.
 * Indexed by role: 1 if saturated, else 0 (a role with no shift hours is not).
 */
export function saturatedRoles(spec: SalesSpec, L: Layout, d: Float64Array): number[] {
  return spec.roles.map((role, r) => (!role.costOnly && d[L.capacity(r)] > 0 && committedUtilization(d, L, r) >= SATURATION ? 1 : 0));
}
/** Score added for a queue that grew over the week: it is falling behind. */
export const CONSTRAINT_GROWING = 0.02;
/** Score added for blocked flow: at least BLOCKED_SHARE of the work that reached the role expired in its queue. */
export const CONSTRAINT_BLOCKED = 0.05;
export const BLOCKED_SHARE = 0.05;

/**
 * The constraint of a window (README, "The constraint"). Each role that does
 * work scores its committed utilization (busy hours on queued work, excluding
 * filler and time-block work, over on-shift hours), plus 0.02 if its queue grew
 * over the window, plus 0.05 if its flow was blocked: at least 5% of the work
 * that reached it waited past the customer's patience in its queue (calls
 * abandoned, requests lost, renewals lapsed, opportunities gone cold). The role
 * with the highest score is the constraint, provided the score is at least
 * 0.9 (its protective capacity is used up); "none" when every role has slack.
 */
export function constraintOf(spec: SalesSpec, L: Layout, d: Float64Array, queueGrowth: number[]): string {
  let best = -1;
  let bestScore = CONSTRAINT_UTILIZATION;
  spec.roles.forEach((role, r) => {
    if (role.costOnly || d[L.capacity(r)] <= 0) return;
    const u = committedUtilization(d, L, r);
    const growing = queueGrowth[r] > 0 ? CONSTRAINT_GROWING : 0;
    const blocked = d[L.expired(r)] > 0 && d[L.expired(r)] >= BLOCKED_SHARE * d[L.waitCount(r)] ? CONSTRAINT_BLOCKED : 0;
    const score = u + growing + blocked;
    if (score >= bestScore) { best = r; bestScore = score; }
  });
  return best < 0 ? 'none' : spec.roles[best].id;
}
