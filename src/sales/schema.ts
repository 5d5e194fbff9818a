import { z } from 'zod';
import { DEFAULT_LIMITS } from '../kernel/runaway.js';
import { distribution, duration } from '../scenario/distribution-schema.js';
import { CalendarSchema, RateProfileSchema, RunSchema, count, finiteNumber, headcountOf, id, probability, rate, shift } from '../scenario/schema.js';
import { shaped } from '../scenario/shapes.js';
import { GROWTH_RE, parseDuration } from '../scenario/units.js';
import { checkMarket, MarketSchema, PoliciesSchema } from './market-schema.js';
import { TASKS, type TaskName } from './tasks.js';

/**
 * The shape of a sales-organization scenario (`kind: sales`). As for network
 * scenarios, this schema is the single source of truth for the types.
 *
 * A file has two halves. The company (`company`, `tasks`) is what the customers
 * do and how long each piece of work takes; it is shared, through `extends`, by
 * every operating model compared on it. The operating model (`roles`,
 * `routing`) is who does what and how: the roster, each role's policies and
 * the task-to-role routing.
 */

const taskName = z.enum(TASKS as unknown as [TaskName, ...TaskName[]]);
const money = shaped(finiteNumber.refine((x) => x >= 0, 'expected an amount >= 0'), { json: { type: 'number', minimum: 0 } });
const nonNegative = shaped(finiteNumber.refine((x) => x >= 0, 'expected a number >= 0'), { json: { type: 'number', minimum: 0 } });
const signed = finiteNumber;

export const SegmentSchema = z.strictObject({
  /** Accounts in the segment at the start. */
  accounts: count.refine((n) => n <= 1_000_000, 'expected at most 1,000,000 accounts'),
  /** Repeat orders per account (M1). */
  orders: rate,
  order_value: distribution('number'),
  /** Share of orders placed by phone (the rest arrive by email). */
  phone_share: probability.default(0.6),
  quote_requests: rate,
  complex_quote_share: probability.default(0.2),
  service_issues: rate,
  /** Share of service issues reported by phone (the rest by email). */
  issue_phone_share: probability.default(0.7),
  engineering_requests: rate,
  /** Account-management visits the account expects (no business-development objective). */
  visits: rate,
  /** Business-development opportunities inside the account (expansion, new sites). */
  bd_opportunities: rate,
  /** New-logo opportunities the account refers. */
  referrals: rate,
  contract: z.strictObject({
    /** Share of accounts on an annual contract, renewed on its anniversary (M10). */
    share: probability,
    value: distribution('number'),
  }).optional(),
  description: z.string().optional(),
});

export const SatisfactionSchema = z.strictObject({
  initial: probability.default(0.7),
  /** The level at which demand runs at its nominal rates and churn at its base rate. */
  reference: probability.default(0.7),
  /** Demand multiplier = 1 + elasticity x (satisfaction - reference), for orders, quotes and referrals. */
  demand_elasticity: nonNegative.default(1),
  /** Weekly pull back toward the reference (memory fades): fraction of the gap closed per week. */
  drift_per_week: probability.default(0.02),
  /** Change in satisfaction per experience (M13). */
  effects: z.strictObject({
    on_time: signed.default(0.005),
    late: signed.default(-0.03),
    lost: signed.default(-0.1),
    call_abandoned: signed.default(-0.02),
    late_delivery: signed.default(-0.06),
    late_delivery_updated: signed.default(-0.015),
    visit: signed.default(0.01),
    /** Per week without any contact beyond `neglect_after`. */
    neglect: signed.default(-0.01),
  }).prefault({}),
  neglect_after: duration.prefault('13 wk'),
});

/** '30%/yr': compound growth per period (any duration unit); negative shrinks. As a continuous rate per hour. */
const growth = shaped(z.unknown().transform((v, ctx): number => {
  const m = typeof v === 'string' ? GROWTH_RE.exec(v) : null;
  const hours = m === null ? null : parseDuration(`1 ${m[2]}`);
  const pct = m === null ? NaN : Number(m[1]);
  if (m === null || hours === null || !(hours > 0) || !(pct > -100) || !Number.isFinite(pct)) {
    ctx.issues.push({ code: 'custom', message: `expected a growth such as '30%/yr' or '-5%/yr', got ${JSON.stringify(v)}`, input: v });
    return z.NEVER;
  }
  return Math.log1p(pct / 100) / hours;
}), { unit: 'growth' });

export const CompanySchema = z.strictObject({
  description: z.string().optional(),
  /**
   * Demand growth inside the run: every account's demand (orders, quotes,
   * service issues, engineering requests, visits, BD opportunities, referrals)
   * and the market's leads are multiplied by (1 + g)^(t / period).
   */
  growth: growth.optional(),
  /** Geographic areas (cities) accounts sit in (M4). */
  areas: count.refine((n) => n >= 1, 'expected at least 1 area').refine((n) => n <= 10_000, 'expected at most 10,000 areas'),
  travel: z.strictObject({
    /** Travel to a meeting in another area. */
    between_areas: distribution('duration'),
    /** Travel between two meetings in the same area. */
    within_area: distribution('duration'),
  }),
  /** When customers call, email and meet. */
  calendar: CalendarSchema.default('office'),
  profile: RateProfileSchema.optional(),
  segments: z.record(id, SegmentSchema),
  satisfaction: SatisfactionSchema.prefault({}),
  /** Yearly churn of accounts without a contract, at the reference satisfaction. */
  churn: z.strictObject({
    base: rate,
    /** Churn hazard x exp(sensitivity x (reference - satisfaction)). */
    sensitivity: nonNegative.default(4),
  }),
  /** New-logo enquiries from the market (web, trade shows), in random areas. */
  market_leads: rate,
  opportunities: z.strictObject({
    value: distribution('number'),
    /** Delay between booking a meeting and the meeting (the customer's calendar). */
    booking_lead: distribution('duration'),
    /** Notes, proposal and CRM after each BD meeting: admin work for whoever does admin. */
    meeting_admin: distribution('duration'),
    /** Probability that a BD meeting leads to another one. */
    follow_up: probability,
    /** Decision time after the last meeting. */
    cycle: distribution('duration'),
    /** Win probability = role win rate x exp(-wait before the first meeting / win_decay). */
    win_decay: duration,
    /** Segment a won new logo joins, by weight. */
    new_account_segment: z.record(id, nonNegative),
    /** Share of a won deal's value booked as its first order (the rest is the account's future orders). */
    first_order_share: probability.default(0.25),
    /** Probability a won deal starts with an engineering/design request (a project). */
    project_share: probability.default(0.3),
  }),
  campaigns: z.strictObject({
    /** A promotions coordinator releases a campaign this often (M1). */
    every: duration,
    /** Leads per campaign. */
    leads: distribution('number'),
    /** Share of leads that become opportunities worth a meeting. */
    qualify: probability,
  }).optional(),
  quotes: z.strictObject({
    /** Probability a quote turns into an order, before it went stale. */
    win: probability,
    /** Win probability x exp(-turnaround / decay). */
    decay: duration,
    /** Order value relative to the account's usual order. */
    value_factor: nonNegative.default(2),
  }),
  engineering: z.strictObject({
    /** Probability that a design needs a technical visit to the site (M11). */
    field_visit: probability,
    /** Probability that the design leads to a complex quote. */
    quote: probability,
  }),
  production: z.strictObject({
    /** Order value produced per production hour (work content of a job = value / this). */
    value_per_hour: finiteNumber.refine((x) => x > 0, 'expected an amount > 0'),
    /** Delivery promised this long after the order is entered. */
    promise: duration,
    /** A late job is flagged this long before its promise date (for a proactive update). */
    update_notice: duration.prefault('3 d'),
  }),
  upsell: z.strictObject({
    /** Value added by a successful upsell, relative to the order. */
    value_factor: nonNegative,
    /** Upsell probability x exp(-calls waiting / queue_scale) (M8). */
    queue_scale: finiteNumber.refine((x) => x > 0, 'expected a number > 0'),
    /** Extra talk time for an upsell attempt. */
    extra_time: distribution('duration'),
  }),
  calls: z.strictObject({
    /** Probability that a caller who gives up leaves a voicemail (a callback task, M7). */
    voicemail: probability,
    /** Service level: calls answered within this time. */
    answer_target: duration,
  }),
  economics: z.strictObject({
    /** Gross margin on revenue before the payroll of the roles in the scenario. */
    margin: probability,
    /** Orders below this value are "small" (reported apart, M6). */
    small_order: money,
  }),
});

export const TaskDefSchema = z.strictObject({
  /** Not for production_job, whose work content follows from the order value. */
  duration: distribution('duration').optional(),
  /** The customer expects it done within this time from the request (on-time fraction). */
  tolerance: duration.optional(),
  /** A waiting task is dropped after this time (the order goes elsewhere, the renewal lapses). */
  patience: distribution('duration').optional(),
  description: z.string().optional(),
});

const tierList = z.array(z.union([taskName, z.array(taskName).min(1)]));

export const SalesRoleSchema = z.strictObject({
  description: z.string().optional(),
  headcount: headcountOf(0),
  /** Yearly salary plus on-costs, per person. */
  salary: money,
  calendar: CalendarSchema.default('office'),
  /** Managers and other roles that only cost money. */
  cost_only: z.boolean().default(false),
  /** Sales support (customer service, coordinators, inside sales): it should never be the constraint (F9). */
  support: z.boolean().default(false),
  /** Works in the field: field tasks need travel (M4). */
  field: z.boolean().default(false),
  /** Each person owns the accounts of a share of the areas; their work waits in their own queue. */
  territory: z.boolean().default(false),
  /** Work order: tiers of tasks, first tier first (M3, M6). Unlisted tasks come last. */
  priority: tierList.default([]),
  /** Order within a tier: first come first served, highest value first (commission focus), earliest due date. */
  discipline: z.enum(['fifo', 'value', 'edd']).default('fifo'),
  /** Field work is taken area by area: the next meeting in the current area first (M4). */
  batch_by_area: z.boolean().default(false),
  /** An inbound call interrupts desk work (which resumes after it). */
  answers_calls: z.boolean().default(true),
  /** Work done when there is nothing else to do. */
  filler: taskName.optional(),
  /** Time blocks reserved for one task; inbound calls are not answered meanwhile (M9). */
  blocks: z.array(z.strictObject({ when: z.union([shift, z.array(shift).min(1)]), task: taskName })).default([]),
  /** Duration multipliers per task (proficiency: speed). */
  speed: z.partialRecord(taskName, finiteNumber.refine((x) => x > 0, 'expected a multiplier > 0')).default({}),
  /** Probability of winning a BD opportunity met without delay (M5). */
  win_rate: probability.default(0.2),
  /** Probability of an upsell attempt succeeding on a quiet phone (M8). */
  upsell: probability.default(0),
  renewal: z.strictObject({
    uplift: distribution('number'),
    retention: probability,
  }).optional(),
  /** Outcomes of one outbound call. */
  outbound: z.strictObject({ order: probability, opportunity: probability }).optional(),
  /** Per person and week: internal meetings, reports, expenses. */
  admin: duration.default(0),
  /** Probability that a person is absent on a given day. */
  absence: probability.default(0),
  /**
   * Hiring (M15): a hire joins `delay` after the decision, at productivity
   * `ramp.start`, rising linearly to 1 over `ramp.weeks`. Defaults: REFERENCES
   * section 4 (ramp: AE about 5 months, SDR about 3): 22 weeks for field roles,
   * 13 for everyone else, starting at 0.25 (the first quarter of the spreadsheet
   * ramp curve 0/25/75/100%); an 8-week hiring delay [est].
   */
  hiring: z.strictObject({
    delay: duration.prefault('8 wk'),
    ramp: z.strictObject({
      weeks: nonNegative.optional(),
      start: finiteNumber.refine((x) => x > 0 && x <= 1, 'expected a productivity in (0, 1]').default(0.25),
    }).prefault({}),
  }).prefault({}),
  /** Attrition: people leaving per person and year, e.g. '0.12/yr' (default none). */
  leavers: rate.optional(),
  /** Each leaver is replaced by a hire (through the hiring delay). */
  replace: z.boolean().default(true),
});

/**
 * A phase (M15): from `at` on, the scenario as of the previous phase with this
 * overlay deep-merged onto it (as `extends` merges: mappings key by key, lists
 * replaced, null deletes). The loader validates each merged phase as a whole
 * scenario, so the overlay's fields are only checked for their place here.
 */
/**
 * Drum-buffer-rope (M14): while the work waiting at the constraint (the drum)
 * exceeds the buffer, in hours of its work, the rope holds back new work:
 * `bd_meeting` the booking of new opportunities' first meeting, `campaign` the
 * release of promotion campaigns. Held work is released, first held first,
 * when the backlog falls to the buffer.
 */
export const ThrottleSchema = z.strictObject({
  constraint: id,
  buffer: duration,
  rope: z.array(z.enum(['bd_meeting', 'campaign'])).min(1, 'expected what to hold back: bd_meeting, campaign'),
});

/**
 * One rope, or a list of them, each tied to its own drum: a transition can
 * protect customer service and production at once (DOMAIN M14, "CS or
 * production"). New work of a kind is held while any drum whose rope holds
 * that kind is over its buffer.
 */
export const ThrottlesSchema = z.union([ThrottleSchema, z.array(ThrottleSchema).min(1, 'expected at least one drum')]);

/** The ropes of a `throttle` field as a list, whichever way it was written. */
export function ropesOf(throttle: z.output<typeof ThrottlesSchema> | undefined): z.output<typeof ThrottleSchema>[] {
  return throttle === undefined ? [] : Array.isArray(throttle) ? throttle : [throttle];
}

export const PhaseSchema = z.strictObject({
  at: duration,
  description: z.string().optional(),
  company: z.record(z.string(), z.unknown()).optional(),
  tasks: z.record(z.string(), z.unknown()).optional(),
  roles: z.record(id, z.unknown()).optional(),
  routing: z.record(z.string(), z.unknown()).optional(),
  throttle: z.unknown().optional(),
});

export const SalesScenarioSchema = z.strictObject({
  kind: z.literal('sales'),
  name: id.optional(),
  description: z.string().optional(),
  extends: z.string().optional(),
  run: RunSchema.default({ warmup: 0, replications: 10, seed: 1, max_in_progress: DEFAULT_LIMITS.items }),
  calendars: z.record(id, z.union([shift, z.array(shift).min(1)])).default({}),
  company: CompanySchema,
  tasks: z.partialRecord(taskName, TaskDefSchema),
  roles: z.record(id, SalesRoleSchema),
  /** Which roles do each task: primary first, then overflow. A task with no roles is not done. */
  routing: z.partialRecord(taskName, z.array(id)),
  /** Drum-buffer-rope (M14): one drum, or several. */
  throttle: ThrottlesSchema.optional(),
  /** Changes at given times (M15): headcounts, routing, policies, demand. */
  phases: z.array(PhaseSchema).default([]),
  /** The market's response to delivery delay (Forrester 1968): market-schema.ts. */
  market: MarketSchema.optional(),
  /** Growth policies acting on the books: budget_hiring, capacity_goal (market-schema.ts). */
  policies: PoliciesSchema.optional(),
}).superRefine((s, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.issues.push({ code: 'custom', message, path, input: undefined });
  const names = (o: object) => Object.keys(o).join(', ') || 'none';
  const calendarOk = (c: unknown) => typeof c !== 'string' || c === '24/7' || c in s.calendars;
  if (s.run.horizon === undefined) issue(['run', 'horizon'], "expected a horizon such as '52 wk'");
  s.phases.forEach((p, i) => {
    const before = i === 0 ? 0 : s.phases[i - 1].at;
    if (!(p.at > before)) issue(['phases', i, 'at'], `expected a time after ${i === 0 ? 'the start' : `the previous phase's (phases[${i - 1}].at)`}: phases come in order`);
  });
  if (!calendarOk(s.company.calendar)) issue(['company', 'calendar'], `unknown calendar '${String(s.company.calendar)}' (expected '24/7' or one of: ${names(s.calendars)})`);
  if (Object.keys(s.company.segments).length === 0) issue(['company', 'segments'], 'expected at least one segment');
  for (const seg of Object.keys(s.company.opportunities.new_account_segment)) {
    if (!(seg in s.company.segments)) issue(['company', 'opportunities', 'new_account_segment', seg], `unknown segment '${seg}' (segments: ${names(s.company.segments)})`);
  }
  for (const t of TASKS) {
    if (t === 'production_job') continue;
    if (s.tasks[t] === undefined) issue(['tasks', t], `missing (every task but production_job needs a duration; tasks: ${TASKS.join(', ')})`);
    else if (s.tasks[t].duration === undefined) issue(['tasks', t, 'duration'], "missing (expected a duration such as '20 min')");
  }
  for (const [task, roles] of Object.entries(s.routing)) {
    if (task !== 'renewal') continue;
    for (const r of roles) {
      if (r in s.roles && s.roles[r].renewal === undefined) issue(['roles', r, 'renewal'], 'missing: a role that renews contracts needs renewal terms (uplift, retention)');
    }
  }
  const drums = new Set<string>();
  ropesOf(s.throttle).forEach((t, i) => {
    const at = Array.isArray(s.throttle) ? ['throttle', i, 'constraint'] : ['throttle', 'constraint'];
    const d = t.constraint;
    if (!(d in s.roles)) issue(at, `unknown role '${d}' (roles: ${names(s.roles)})`);
    else if (s.roles[d].cost_only) issue(at, `role '${d}' is cost_only and does no work`);
    else if (drums.has(d)) issue(at, `role '${d}' is already a drum: one buffer per drum`);
    drums.add(d);
  });
  for (const [rid, r] of Object.entries(s.roles)) {
    if (!calendarOk(r.calendar)) issue(['roles', rid, 'calendar'], `unknown calendar '${String(r.calendar)}' (expected '24/7' or one of: ${names(s.calendars)})`);
  }
  for (const [task, roles] of Object.entries(s.routing)) {
    roles.forEach((r, i) => {
      if (!(r in s.roles)) issue(['routing', task, i], `unknown role '${r}' (roles: ${names(s.roles)})`);
      else if (s.roles[r].cost_only) issue(['routing', task, i], `role '${r}' is cost_only and does no tasks`);
    });
  }
  // Work the customers generate must have somebody to do it.
  for (const t of ['inbound_call', 'callback', 'order_entry', 'quote_simple', 'quote_complex', 'service_issue', 'renewal', 'meeting_scheduling', 'bd_meeting', 'production_job', 'design'] as const) {
    if ((s.routing[t] ?? []).length === 0) issue(['routing', t], `expected at least one role for '${t}' (customers generate this work)`);
  }
  checkMarket(s.market, s.policies, s.roles, s.routing, issue);
});

export type SalesScenario = z.output<typeof SalesScenarioSchema>;
export type SalesRoleDef = z.output<typeof SalesRoleSchema>;
export type SegmentDef = z.output<typeof SegmentSchema>;
