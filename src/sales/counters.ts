import { ITEM_KINDS, ITEM_STATES, ItemBook } from './item-book.js';

// Where each count of a sales run sits in the ledger's flat array. Its own module
// because the organization, the growth policies and the ledger's metrics all
// write or read it, and the ledger's metrics also read the policies' (no cycle).

/**
 * The books of a sales run: cumulative counters (meetings held, revenue, calls
 * abandoned...), kept in one flat array so that a snapshot is a copy and a
 * window (a week, the run after warm-up) is the difference of two snapshots.
 * The hot path only adds.
 */
export const COUNTERS = [
  'bd_meetings', 'opportunities', 'opportunities_cold', 'wins', 'losses', 'new_accounts',
  'orders', 'revenue', 'revenue_orders', 'revenue_small_orders', 'revenue_upsell', 'revenue_renewals', 'revenue_new_business',
  'renewals_renewed', 'renewals_not_retained', 'renewals_lapsed', 'renewal_uplift_sum',
  'order_calls', 'upsells', 'upsell_attempts',
  'calls_offered', 'calls_answered', 'calls_in_target', 'calls_abandoned', 'voicemails',
  'requests_done', 'requests_on_time', 'requests_lost',
  'lost_abandonment', 'lost_patience', 'lost_lapse',
  'churned', 'jobs_done', 'jobs_late', 'production_lead_sum',
  'am_visits', 'delivery_updates', 'quotes_won',
  'block_samples', 'callbacks_at_block_start', 'callbacks_at_block_end',
  'hires', 'leavers',
  'throttle_held', 'throttle_released', 'throttle_held_hours',
  // areas (integrals over time, hours)
  'accounts_area', 'open_opportunities_area', 'payroll_area', 'throttle_holding_area',
  // the pipeline: won deals' value and their time from creation to the decision; open value over time
  'won_value', 'won_cycle_sum', 'open_value_area',
] as const;
export type Counter = (typeof COUNTERS)[number];
export const C = Object.fromEntries(COUNTERS.map((k, i) => [k, i])) as { [K in Counter]: number };

/** Upsell attempts and successes by calls waiting when the call started (M8). */
export const QUEUE_BUCKETS = ['queue_0', 'queue_1_2', 'queue_3_5', 'queue_6_plus'] as const;
export function queueBucket(waiting: number): number {
  return waiting <= 0 ? 0 : waiting <= 2 ? 1 : waiting <= 5 ? 2 : 3;
}

export const STAGE_ENTERED = 0;
export const STAGE_CONVERTED = 1;
export const STAGE_LOST = 2;
export const STAGE_COLD = 3;
export const STAGE_HOURS = 4;
export const STAGE_EXITS = 5;
export const STAGE_BINS_AT = 6;
/**
 * Hours in a stage as a histogram of log-spaced bins (a window's percentile is the
 * difference of two snapshots, as every counter): from 0.1 h, x1.2 a bin, to
 * about 14 years; a percentile is read to within 10%.
 */
export const STAGE_BINS = 80;
export const STAGE_BIN_FROM = 0.1;
export const STAGE_BIN_RATIO = 1.2;
const PER_STAGE = STAGE_BINS_AT + STAGE_BINS;

/** The histogram bin of a time in stage. */
export function stageBin(hours: number): number {
  if (!(hours > STAGE_BIN_FROM)) return 0;
  const b = Math.floor(Math.log(hours / STAGE_BIN_FROM) / Math.log(STAGE_BIN_RATIO)) + 1;
  return b >= STAGE_BINS ? STAGE_BINS - 1 : b;
}

/** The q-quantile of a histogram of times (bins[b] counts), interpolated geometrically within its bin. */
export function binQuantile(bins: (b: number) => number, q: number): number {
  let total = 0;
  for (let b = 0; b < STAGE_BINS; b++) total += bins(b);
  if (!(total > 0)) return NaN;
  const target = q * total;
  let seen = 0;
  for (let b = 0; b < STAGE_BINS; b++) {
    const n = bins(b);
    if (seen + n >= target && n > 0) {
      if (b === 0) return STAGE_BIN_FROM;
      const lo = STAGE_BIN_FROM * STAGE_BIN_RATIO ** (b - 1);
      return lo * STAGE_BIN_RATIO ** ((target - seen) / n);
    }
    seen += n;
  }
  return STAGE_BIN_FROM * STAGE_BIN_RATIO ** (STAGE_BINS - 1);
}

export class Layout {
  readonly roleBase: number;
  readonly bucketBase: number;
  readonly hourBase: number;
  /** The market block (policies.ts): flows and areas of Forrester's levels. */
  readonly marketBase: number;
  /** Per task: the waits of the work that left its queues (hours summed, items), as per role. */
  readonly taskBase: number;
  /** The customer's items (item-book.ts): four transition counts per kind, then the levels in progress. */
  readonly itemBase: number;
  readonly itemLiveBase: number;
  /** Per declared opportunity stage: entered, converted, lost, gone cold, hours in stage summed, exits, then a histogram of hours in stage. */
  readonly stageBase: number;
  readonly size: number;
  /**
   * Per role: busy hours per activity, filler hours, on-shift person-hours, queue-length area, BD meetings,
   * headcount area, the customer requests it answers for (done, done on time, lost), and the
   * waits in its queues (hours summed, items that left the queue), items that expired in its queues,
   * busy hours on protected time, and what its people were credited with (bookings, revenue: credit.ts).
   */
  readonly perRole: number;
  /** Time-share categories: the tasks, then travel (which is not queued but accompanies field tasks). */
  readonly activities: number;
  /** The activity index of travel. */
  readonly travel: number;
  constructor(readonly roles: number, readonly tasks: number, readonly stages = 0) {
    this.travel = tasks;
    this.activities = tasks + 1;
    this.perRole = this.activities + 14;
    this.roleBase = COUNTERS.length;
    this.bucketBase = this.roleBase + roles * this.perRole;
    this.hourBase = this.bucketBase + 2 * QUEUE_BUCKETS.length;
    this.marketBase = this.hourBase + 2 * 24;
    this.taskBase = this.marketBase + MARKET_COUNTERS.length;
    this.itemBase = this.taskBase + 2 * tasks;
    this.itemLiveBase = this.itemBase + ITEM_KINDS.length * ITEM_STATES.length;
    this.stageBase = this.itemLiveBase + ITEM_KINDS.length;
    this.size = this.stageBase + stages * PER_STAGE;
  }
  busy(r: number, activity: number): number { return this.roleBase + r * this.perRole + activity; }
  filler(r: number): number { return this.roleBase + r * this.perRole + this.activities; }
  capacity(r: number): number { return this.roleBase + r * this.perRole + this.activities + 1; }
  queue(r: number): number { return this.roleBase + r * this.perRole + this.activities + 2; }
  meetings(r: number): number { return this.roleBase + r * this.perRole + this.activities + 3; }
  /** People on the books integrated over time (person-hours employed, M15). */
  people(r: number): number { return this.roleBase + r * this.perRole + this.activities + 4; }
  requestsDone(r: number): number { return this.roleBase + r * this.perRole + this.activities + 5; }
  requestsOnTime(r: number): number { return this.roleBase + r * this.perRole + this.activities + 6; }
  requestsLost(r: number): number { return this.roleBase + r * this.perRole + this.activities + 7; }
  waitSum(r: number): number { return this.roleBase + r * this.perRole + this.activities + 8; }
  waitCount(r: number): number { return this.roleBase + r * this.perRole + this.activities + 9; }
  /** Items that waited past their patience in the role's queues (blocked flow). */
  expired(r: number): number { return this.roleBase + r * this.perRole + this.activities + 10; }
  /** Busy hours on the role's protected tasks and the travel to them (protected-time.ts). */
  protectedTime(r: number): number { return this.roleBase + r * this.perRole + this.activities + 11; }
  /** Value of the opportunities won from the role's work (credit.ts). */
  bookings(r: number): number { return this.roleBase + r * this.perRole + this.activities + 12; }
  /** Revenue booked from the role's work: first orders of its wins, renewals, orders keyed, upsells (credit.ts). */
  credited(r: number): number { return this.roleBase + r * this.perRole + this.activities + 13; }
  attempts(b: number): number { return this.bucketBase + b; }
  successes(b: number): number { return this.bucketBase + QUEUE_BUCKETS.length + b; }
  /** Upsell opportunities (order calls) and successes by hour of the day. */
  hourCalls(h: number): number { return this.hourBase + h; }
  hourUpsells(h: number): number { return this.hourBase + 24 + h; }
  taskWaitSum(t: number): number { return this.taskBase + 2 * t; }
  taskWaitCount(t: number): number { return this.taskBase + 2 * t + 1; }
  item(kind: number, state: number): number { return ItemBook.slot(this.itemBase, kind, state); }
  /** Items of the kind in progress (a level, set at each snapshot). */
  itemLive(kind: number): number { return this.itemLiveBase + kind; }
  /** Stage s's count `what` (STAGE_ENTERED...), or its histogram bin `what` = STAGE_BINS_AT + bin. */
  stage(s: number, what: number): number { return this.stageBase + s * PER_STAGE + what; }
}

export interface SalesMetric {
  name: string;
  weekly: boolean;
  /** Value over a window: d = end - start snapshot, span = hours, end = snapshot at the end. */
  value(d: Float64Array, span: number, end: Float64Array): number;
}

/**
 * Counters of the market block of the ledger: flows (added as they happen) and
 * areas of the levels (integrals over hours, written at each snapshot).
 */
export const MARKET_COUNTERS = [
  'orders_booked', 'orders_booked_value', 'delivered_value',
  'backlog_area', 'delay_indicated_area', 'delay_company_area', 'delay_perceived_area',
  'win_multiplier_area', 'indicated_reps_area',
] as const;
