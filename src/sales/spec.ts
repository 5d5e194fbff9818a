import type { OneOff } from '../scenario/model-kind.js';
import type { WorkingCalendar } from '../kernel/calendar.js';
import type { Distribution } from '../kernel/distributions.js';
import type { RoutingRules, TerritorySpec } from './coverage-schema.js';
import type { MarketSpec } from './market-schema.js';
import type { ProtectSpec } from './protected-time.js';
import type { Part } from './tasks.js';

/**
 * A sales organization ready to simulate: the validated scenario with units in
 * hours, names resolved to indices and distributions built. Plain data.
 */
export interface SalesSpec {
  name: string;
  /** maxInProgress: work items in progress at once past which the run is stopped as a runaway. */
  run: { horizon: number; warmup: number; maxInProgress: number };
  company: CompanySpec;
  /** The scenario's tasks, in the order declared (the same in every phase). */
  tasks: TaskSpec[];
  /** The task playing each part of the built-in mechanisms (tasks.ts PARTS), or -1: nobody is asked for that work. */
  part: PartTasks;
  roles: RoleSpec[];
  /** Drum-buffer-rope (M14), or null. */
  /** Drum-buffer-rope (M14): one entry per drum; empty without throttling. */
  throttle: ThrottleSpec[];
  /** The designated constraint (the scenario's `constraint`): a role index, or -1 when the scenario names none. */
  constraint: number;
  /** Phases (M15): from `at` on, the organization runs as `spec` (same roles, same order; no phases of its own). */
  phases: { at: number; spec: SalesSpec }[];
  /** The one-off costs of the phases (hires, leavers, lump sums), in time order (one-off.ts). */
  oneOff: OneOff[];
  /** Market response to delivery delay and growth policies (Forrester 1968), or null. */
  market: MarketSpec | null;
}

/** The spec and those of its phases: what the run may ever look like (for metrics laid out once). */
export function everySpec(spec: SalesSpec): SalesSpec[] {
  return [spec, ...spec.phases.map((p) => p.spec)];
}

/** What customers ask for, per account; rates are per simulated hour of calendar time. */
export const DEMAND = ['orders', 'quote_requests', 'service_issues', 'engineering_requests', 'visits', 'bd_opportunities', 'referrals'] as const;
export type DemandKind = (typeof DEMAND)[number];
export const D = Object.fromEntries(DEMAND.map((k, i) => [k, i])) as { [K in DemandKind]: number };
/** Demand that grows and shrinks with the account's satisfaction (M13). */
export const SATISFACTION_DRIVEN: readonly boolean[] = DEMAND.map((k) => k === 'orders' || k === 'quote_requests' || k === 'referrals');

export interface SegmentSpec {
  id: string;
  accounts: number;
  /** Per account, per hour, indexed by DEMAND. */
  rates: Float64Array;
  orderValue: Distribution;
  phoneShare: number;
  complexQuoteShare: number;
  issuePhoneShare: number;
  contractShare: number;
  contractValue: Distribution | null;
}

export interface StageSpec {
  name: string;
  task: number;
  conversion: number;
  cycle: Distribution;
}

export interface ThrottleSpec {
  /** The drum: the role whose backlog sets the pace. */
  role: number;
  /** Hours of its work that may wait before the rope holds new work back. */
  buffer: number;
  holdMeetings: boolean;
  holdCampaigns: boolean;
}

export interface CompanySpec {
  areas: number;
  /** Demand growth: continuous rate per hour (multiplier exp(growth x t)); 0 for none. */
  growth: number;
  travelBetween: Distribution;
  travelWithin: Distribution;
  /** When customers call, email and meet. */
  calendar: WorkingCalendar;
  /** Demand multiplier at time t, averaging 1 over the open hours of a week (volume is set by the rates). */
  profile: (t: number) => number;
  profilePeak: number;
  /** The profile's highest value in each hour of the week (Monday 00:00 first; 0: closed the whole hour): demand's thinning bound. */
  profileHours: Float64Array;
  segments: SegmentSpec[];
  satisfaction: {
    initial: number; reference: number; elasticity: number; driftPerWeek: number; neglectAfter: number;
    onTime: number; late: number; lost: number; callAbandoned: number; lateDelivery: number; lateDeliveryUpdated: number;
    visit: number; neglect: number;
  };
  churnPerHour: number;
  churnSensitivity: number;
  marketLeadsPerHour: number;
  opportunities: {
    value: Distribution; meetingAdmin: Distribution; bookingLead: Distribution; followUp: number; cycle: Distribution;
    winDecay: number; newAccountSegment: Distribution; firstOrderShare: number; projectShare: number;
    /** The declared pipeline (empty: the built-in booking, meeting and decision). */
    stages: StageSpec[];
  };
  campaigns: { every: number; leads: Distribution; qualify: number } | null;
  quotes: { win: number; decay: number; valueFactor: number };
  engineering: { fieldVisit: number; quote: number };
  production: { valuePerHour: number; promise: number; updateNotice: number };
  upsell: { valueFactor: number; queueScale: number; extraTime: Distribution };
  calls: { voicemail: number; answerTarget: number };
  /** Operating expense beside the payroll: field travel per hour, the rest per week. */
  economics: { margin: number; smallOrder: number; travelCostPerHour: number; otherCostsPerWeek: number; discountRate: number };
}

export type PartTasks = { readonly [P in Part]: number };

/** A step's condition, compiled: every field that is set must hold. */
export interface ConditionSpec {
  /** The call's subject (CALL_ORDER, CALL_ISSUE in work.ts), or -1: any. */
  about: number;
  /** Per segment, whether it matches; null: any (a new logo's item matches only null). */
  segments: Uint8Array | null;
  valueAtLeast: number;
  valueBelow: number;
  /** This task must be done by some role, or -1. */
  routed: number;
}

/** A flow step, compiled: a named step (its index in NAMED_STEPS), a move to a next task, or new work. */
export interface StepSpec {
  op: number;
  /** NEXT and SPAWN: the task (NEXT with branches: -1). */
  task: number;
  /** NEXT with probabilities: the tasks and their cumulative probabilities (the rest: no move). */
  branchTasks: Int32Array | null;
  branchUpTo: Float64Array | null;
  when: ConditionSpec | null;
}

export interface TaskSpec {
  name: string;
  /** The customer's item the work is (item-book.ts K), or -1: none. */
  kind: number;
  /** tasks.ts DESK, PHONE or FIELD. */
  channel: number;
  /** An arriving item interrupts desk work of someone who answers calls. */
  interrupts: boolean;
  done: StepSpec[];
  expired: StepSpec[];
  duration: Distribution;
  /** Hours the customer tolerates from request to done (Infinity: no expectation). */
  tolerance: number;
  patience: Distribution | null;
  /**
   * Roles doing the task: primary first, then overflow. Empty: nobody does it.
   * With rules, every role of the rules once, in rule order: who does the task for some item.
   */
  roles: number[];
  /** Routing by the item's account and value (coverage.ts): first match wins; null: `roles` for every item. */
  rules: RoutingRules | null;
}

export const DISCIPLINE = { fifo: 0, value: 1, edd: 2 } as const;

export interface RoleSpec {
  id: string;
  headcount: number;
  salaryPerWeek: number;
  /** One-off cost per person hired (hiring + training) and per person let go, $. */
  hireCost: number;
  severance: number;
  calendar: WorkingCalendar;
  costOnly: boolean;
  /** Sales support: flagged when it is the constraint (F9). */
  support: boolean;
  field: boolean;
  territory: boolean;
  /** Who owns which areas or accounts (coverage.ts); null with `territory`: area modulo headcount. */
  territories: TerritorySpec | null;
  /** Tier of each task (smaller first). */
  tierOf: Int32Array;
  discipline: 0 | 1 | 2;
  batchByArea: boolean;
  answersCalls: boolean;
  filler: number;
  blocks: { calendar: WorkingCalendar; task: number }[];
  /** Hours reserved for some tasks (protected-time.ts), or null. */
  protect: ProtectSpec | null;
  /** Duration multiplier per task. */
  speed: Float64Array;
  winRate: number;
  upsell: number;
  renewal: { uplift: Distribution; retention: number } | null;
  outbound: { order: number; opportunity: number } | null;
  /** Yearly quota per person (money), or null; measured on bookings or revenue (credit.ts). */
  quota: number | null;
  quotaOn: 'bookings' | 'revenue';
  adminPerWeek: number;
  absence: number;
  /** Staffing (M15): a hire joins `delay` hours after the decision, at productivity `rampStart`, fully productive `rampHours` later. */
  hiring: { delay: number; rampHours: number; rampStart: number };
  /** Attrition: leavers per person per hour; each replaced through the hiring delay if `replace`. */
  leaversPerHour: number;
  replace: boolean;
}
