import { z } from 'zod';
import { distribution, duration } from '../scenario/distribution-schema.js';
import { CalendarSchema, RateProfileSchema, SCENARIO_FIELDS, count, finiteNumber, headcountOf, id, probability, rate, shift } from '../scenario/schema.js';
import { shaped } from '../scenario/shapes.js';
import { GROWTH_RE, parseDuration } from '../scenario/units.js';
import { checkCoverage, isRules, RoutingEntrySchema, routedRoles, TerritoriesSchema } from './coverage-schema.js';
import { checkMarket, MarketSchema, PoliciesSchema } from './market-schema.js';
import { checkProtect, ProtectSchema } from './protected-time.js';
import { CONVENTIONAL, type Part } from './tasks.js';
import { eachStep, misplacedSteps, partTasks, StageSchema, stageIssues, stepReferences, TasksSchema, WorkflowSchema } from './workflow-schema.js';

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

/** A task of the scenario's own (declared under `tasks`: checked against them below). */
const taskName = id;
const money = shaped(finiteNumber.refine((x) => x >= 0, 'expected an amount >= 0'), { json: { type: 'number', minimum: 0 } });
const nonNegative = shaped(finiteNumber.refine((x) => x >= 0, 'expected a number >= 0'), { json: { type: 'number', minimum: 0 } });
const signed = finiteNumber;

export const SegmentSchema = z.strictObject({
  accounts: count.refine((n) => n <= 1_000_000, 'expected at most 1,000,000 accounts').describe('Accounts in the segment at the start.'),
  orders: rate.prefault('0/wk').describe('Repeat orders per account (M1).'),
  order_value: distribution('number').prefault(0).describe('Value of an order (default 0: a model without revenue).'),
  phone_share: probability.default(0.6).describe('Share of orders placed by phone (the rest arrive by email).'),
  quote_requests: rate.prefault('0/wk'),
  complex_quote_share: probability.default(0.2),
  service_issues: rate.prefault('0/wk'),
  issue_phone_share: probability.default(0.7).describe('Share of service issues reported by phone (the rest by email).'),
  engineering_requests: rate.prefault('0/wk'),
  visits: rate.prefault('0/wk').describe('Account-management visits the account expects (no business-development objective).'),
  bd_opportunities: rate.prefault('0/yr').describe('Business-development opportunities inside the account (expansion, new sites).'),
  referrals: rate.prefault('0/yr').describe('New-logo opportunities the account refers.'),
  contract: z.strictObject({
    share: probability.describe('Share of accounts on an annual contract, renewed on its anniversary (M10).'),
    value: distribution('number'),
  }).optional(),
  description: z.string().optional(),
});

export const SatisfactionSchema = z.strictObject({
  initial: probability.default(0.7),
  reference: probability.default(0.7).describe('The level at which demand runs at its nominal rates and churn at its base rate.'),
  demand_elasticity: nonNegative.default(1).describe('Demand multiplier = 1 + elasticity x (satisfaction - reference), for orders, quotes and referrals.'),
  drift_per_week: probability.default(0.02).describe('Weekly pull back toward the reference (memory fades): fraction of the gap closed per week.'),
  /** Change in satisfaction per experience (M13). */
  effects: z.strictObject({
    on_time: signed.default(0.005),
    late: signed.default(-0.03),
    lost: signed.default(-0.1),
    call_abandoned: signed.default(-0.02),
    late_delivery: signed.default(-0.06),
    late_delivery_updated: signed.default(-0.015),
    visit: signed.default(0.01),
    neglect: signed.default(-0.01).describe('Per week without any contact beyond `neglect_after`.'),
  }).prefault({}).describe('Change in satisfaction per experience (M13).'),
  neglect_after: duration.prefault('13 wk').describe('Time without contact after which neglect starts to count (default 13 wk).'),
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
  growth: growth.optional().describe("Demand growth inside the run ('30%/yr'): every account's demand and the market's leads are multiplied by (1 + g)^(t / period)."),
  areas: count.refine((n) => n >= 1, 'expected at least 1 area').refine((n) => n <= 10_000, 'expected at most 10,000 areas').default(1).describe('Geographic areas (cities) accounts sit in (M4).'),
  travel: z.strictObject({
    between_areas: distribution('duration').prefault('1.5 h').describe('Travel to a meeting in another area.'),
    within_area: distribution('duration').prefault('30 min').describe('Travel between two meetings in the same area.'),
  }).prefault({}).describe('Travel to field work (default 1.5 h between areas, 30 min within one).'),
  calendar: CalendarSchema.default('office').describe('When customers call, email and meet.'),
  profile: RateProfileSchema.optional(),
  segments: z.record(id, SegmentSchema).describe('Groups of accounts with their demand: accounts, orders, quotes, service issues, visits, opportunities.'),
  satisfaction: SatisfactionSchema.prefault({}).describe('Customer satisfaction (M13): it moves demand and churn.'),
  /** Yearly churn of accounts without a contract, at the reference satisfaction. */
  churn: z.strictObject({
    base: rate,
    sensitivity: nonNegative.default(4).describe('Churn hazard x exp(sensitivity x (reference - satisfaction)).'),
  }).prefault({ base: '0/yr' }).describe('Yearly churn of accounts without a contract, at the reference satisfaction (default none).'),
  market_leads: rate.prefault('0/wk').describe('New-logo enquiries from the market (web, trade shows), in random areas.'),
  // A model without opportunities (a service desk) leaves this out: the defaults are never used.
  opportunities: z.strictObject({
    value: distribution('number').prefault(0),
    booking_lead: distribution('duration').prefault('1 d').describe('Delay between booking a meeting and the meeting (the customer\'s calendar).'),
    meeting_admin: distribution('duration').prefault(0).describe('Notes, proposal and CRM after each BD meeting: admin work for whoever does admin.'),
    follow_up: probability.default(0).describe('Probability that a BD meeting leads to another one.'),
    cycle: distribution('duration').prefault('4 wk').describe('Decision time after the last meeting.'),
    win_decay: duration.prefault('8 wk').describe('Win probability = role win rate x exp(-wait before the first meeting / win_decay).'),
    new_account_segment: z.record(id, nonNegative).default({}).describe('Segment a won new logo joins, by weight (default: the first segment).'),
    first_order_share: probability.default(0.25).describe('Share of a won deal\'s value booked as its first order (the rest is the account\'s future orders).'),
    project_share: probability.default(0.3).describe('Probability a won deal starts with an engineering/design request (a project).'),
    stages: z.array(StageSchema).default([]).describe('The pipeline, stage by stage (lead -> qualified -> demo -> proposal...): each worked by a task, with its conversion and cycle; none: the built-in booking, meeting and decision.'),
  }).prefault({}),
  campaigns: z.strictObject({
    every: duration.describe('A promotions coordinator releases a campaign this often (M1).'),
    leads: distribution('number').describe('Leads per campaign.'),
    qualify: probability.describe('Share of leads that become opportunities worth a meeting.'),
  }).optional(),
  quotes: z.strictObject({
    win: probability.default(0).describe('Probability a quote turns into an order, before it went stale.'),
    decay: duration.prefault('2 wk').describe('Win probability x exp(-turnaround / decay).'),
    value_factor: nonNegative.default(2).describe('Order value relative to the account\'s usual order.'),
  }).prefault({}),
  engineering: z.strictObject({
    field_visit: probability.default(0).describe('Probability that a design needs a technical visit to the site (M11).'),
    quote: probability.default(0).describe('Probability that the design leads to a complex quote.'),
  }).prefault({}),
  production: z.strictObject({
    value_per_hour: finiteNumber.refine((x) => x > 0, 'expected an amount > 0').default(1000).describe('Order value produced per production hour (work content of a job = value / this).'),
    promise: duration.prefault('2 wk').describe('Delivery promised this long after the order is entered.'),
    update_notice: duration.prefault('3 d').describe('A late job is flagged this long before its promise date (for a proactive update).'),
  }).prefault({}),
  upsell: z.strictObject({
    value_factor: nonNegative.default(0).describe('Value added by a successful upsell, relative to the order.'),
    queue_scale: finiteNumber.refine((x) => x > 0, 'expected a number > 0').default(3).describe('Upsell probability x exp(-calls waiting / queue_scale) (M8).'),
    extra_time: distribution('duration').prefault(0).describe('Extra talk time for an upsell attempt.'),
  }).prefault({}),
  calls: z.strictObject({
    voicemail: probability.default(0).describe('Probability that a caller who gives up leaves a voicemail (a callback task, M7).'),
    answer_target: duration.prefault('20 s').describe('Service level: calls answered within this time.'),
  }).prefault({}),
  economics: z.strictObject({
    margin: probability.default(0).describe('Gross margin on revenue before the payroll of the roles in the scenario.'),
    small_order: money.default(0).describe('Orders below this value are "small" (reported apart, M6).'),
    travel_cost: money.default(0).describe('Cost of an hour of field travel (car, fuel, lodging, meals), $ per hour: an operating expense.'),
    other_costs: money.default(0).describe('Other operating expense per week ($): offices, systems, anything not in the roles\' salaries.'),
    hiring_cost: money.default(0).describe('One-off cost of hiring a person (recruiting fees, advertising, interviews), $ per hire: charged when a phase raises a headcount.'),
    training_cost: money.default(0).describe('One-off cost of training a new hire (courses, a trainer\'s time; the ramp-up\'s lost output is simulated, not charged here), $ per hire.'),
    severance: money.default(0).describe('One-off cost of letting a person go, $ per leaver: charged when a phase lowers a headcount.'),
    discount_rate: shaped(finiteNumber.refine((x) => x >= 0 && x < 1, 'expected a yearly rate between 0 and 1, e.g. 0.1'), { json: { type: 'number', minimum: 0, exclusiveMaximum: 1 } })
      .default(0).describe('Yearly discount rate for the net present value of a change\'s cash flow (0: undiscounted).'),
  }).prefault({}),
});

const tierList = z.array(z.union([taskName, z.array(taskName).min(1)]));

export const SalesRoleSchema = z.strictObject({
  description: z.string().optional(),
  headcount: headcountOf(0),
  salary: money.describe('Yearly salary plus on-costs, per person.'),
  hiring_cost: money.optional().describe('This role\'s one-off cost per hire (default company.economics.hiring_cost).'),
  training_cost: money.optional().describe('This role\'s one-off training cost per hire (default company.economics.training_cost).'),
  severance: money.optional().describe('This role\'s one-off cost per leaver (default company.economics.severance).'),
  calendar: CalendarSchema.default('office'),
  cost_only: z.boolean().default(false).describe('Managers and other roles that only cost money.'),
  support: z.boolean().default(false).describe('Sales support (customer service, coordinators, inside sales): it should never be the constraint (F9).'),
  field: z.boolean().default(false).describe('Works in the field: field tasks need travel (M4).'),
  territory: z.boolean().default(false).describe('Each person owns the accounts of a share of the areas (area modulo headcount); their work waits in their own queue.'),
  territories: TerritoriesSchema.optional().describe(
    'Who owns what, instead of area modulo headcount (it makes the role a territory role): the areas of each person, in the order people are on the books '
    + '([[0, 1, 2], [3, 4]]), or `accounts` (each account has one named owner, wherever it is). With area lists, a list is a seat: a leaver\'s seat goes to the '
    + 'first person on the books without one, else to the next hire; a person beyond the lists owns no areas and takes only the role\'s shared work; '
    + 'the work of areas nobody is listed for, or whose seat is empty, is shared by the role.',
  ),
  priority: tierList.default([]).describe('Work order: tiers of tasks, first tier first (M3, M6). Unlisted tasks come last.'),
  discipline: z.enum(['fifo', 'value', 'edd']).default('fifo').describe('Order within a tier: first come first served, highest value first (commission focus), earliest due date.'),
  batch_by_area: z.boolean().default(false).describe('Field work is taken area by area: the next meeting in the current area first (M4).'),
  answers_calls: z.boolean().default(true).describe('An inbound call interrupts desk work (which resumes after it).'),
  filler: taskName.optional().describe('Work done when there is nothing else to do.'),
  blocks: z.array(z.strictObject({ when: z.union([shift, z.array(shift).min(1)]), task: taskName })).default([]).describe('Time blocks reserved for one task; inbound calls are not answered meanwhile (M9).'),
  protect: ProtectSchema.default([]).describe(
    'Protected time: a share of each person\'s hours worked in the week reserved for some tasks. While their hours on them this week are below the share '
    + 'of the hours they have worked this week, a protected task waiting for them is taken ahead of the priority tiers; with none waiting they do other work.',
  ),
  speed: z.record(taskName, finiteNumber.refine((x) => x > 0, 'expected a multiplier > 0')).default({}).describe('Duration multipliers per task (proficiency: speed).'),
  win_rate: probability.default(0.2).describe('Probability of winning a BD opportunity met without delay (M5).'),
  upsell: probability.default(0).describe('Probability of an upsell attempt succeeding on a quiet phone (M8).'),
  renewal: z.strictObject({
    uplift: distribution('number').describe('Change in contract value at renewal, relative (0.03 is +3%).'),
    retention: probability.describe('Probability the contract is renewed.'),
  }).optional().describe('Renewal terms of a role that renews contracts.'),
  outbound: z.strictObject({ order: probability, opportunity: probability }).optional().describe('Outcomes of one outbound call.'),
  quota: shaped(finiteNumber.refine((x) => x > 0, 'expected an amount > 0 (leave quota out for a role without one)'), { json: { type: 'number', exclusiveMinimum: 0 } })
    .optional().describe('Yearly quota per person (money): attainment is what each person on the books for the whole measured period booked, annualised, over it.'),
  quota_on: z.enum(['bookings', 'revenue']).default('bookings')
    .describe("What the quota is measured on: bookings (value of the opportunities won from the person's BD meetings) or revenue (everything booked from their work)."),
  admin: duration.default(0).describe('Per person and week: internal meetings, reports, expenses.'),
  absence: probability.default(0).describe('Probability that a person is absent on a given day.'),
  /**
   * Hiring (M15): a hire joins `delay` after the decision, at productivity
   * `ramp.start`, rising linearly to 1 over `ramp.weeks`. Defaults: docs/model.md#parameters
   * (ramp: AE about 5 months, SDR about 3): 22 weeks for field roles,
   * 13 for everyone else, starting at 0.25 (the first quarter of the spreadsheet
   * ramp curve 0/25/75/100%); an 8-week hiring delay [est].
   */
  hiring: z.strictObject({
    delay: duration.prefault('8 wk'),
    ramp: z.strictObject({
      weeks: nonNegative.optional(),
      start: finiteNumber.refine((x) => x > 0 && x <= 1, 'expected a productivity in (0, 1]').default(0.25),
    }).prefault({}),
  }).prefault({}).describe('A hire joins delay (default 8 wk) after the decision, at productivity ramp.start (0.25), rising to 1 over ramp.weeks (22 for field roles, 13 for others).'),
  leavers: rate.optional().describe('Attrition: people leaving per person and year, e.g. \'0.12/yr\' (default none).'),
  replace: z.boolean().default(true).describe('Each leaver is replaced by a hire (through the hiring delay).'),
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
  constraint: id.describe('The drum: the role whose waiting work is watched.'),
  buffer: duration.describe('Hours of its work that may wait before the rope holds new work back.'),
  rope: z.array(z.enum(['bd_meeting', 'campaign'])).min(1, 'expected what to hold back: bd_meeting, campaign')
    .describe("What is held back: bd_meeting (new opportunities' first meeting), campaign (promotion campaigns)."),
});

/**
 * One rope, or a list of them, each tied to its own drum: a transition can
 * protect customer service and production at once (docs/model.md#m14). New work of a kind is held while any drum whose rope holds
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
  one_off: money.default(0).describe('A one-off cost at this phase, $ (systems, consultants, relocation): beside the hires\' and leavers\' own.'),
  company: z.record(z.string(), z.unknown()).optional(),
  tasks: z.record(z.string(), z.unknown()).optional(),
  roles: z.record(id, z.unknown()).optional(),
  routing: z.record(z.string(), z.unknown()).optional(),
  throttle: z.unknown().optional(),
  constraint: z.unknown().optional(),
});

/** Metric names as summary.csv writes them (checked against the scenario's metrics when `size` runs). */
const metricName = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected a metric name such as gross_margin_week');
export const ObjectiveSchema = z.strictObject({ maximize: metricName.optional(), minimize: metricName.optional() })
  .refine((o) => (o.maximize === undefined) !== (o.minimize === undefined), 'expected { maximize: METRIC } or { minimize: METRIC }, e.g. { maximize: gross_margin_week }');

/**
 * The default ceiling on support roles' committed utilization. Protective
 * capacity means planned utilization well below 100% so that variation does not
 * starve the constraint (docs/model.md#protective-capacity); by Erlang C an M/M/5
 * desk's mean wait at 0.85 is 0.57 of its wait at 0.9 and a quarter of its wait
 * at 0.95, and 0.85 is below the 0.9 at which a role counts as saturated.
 */
export const DEFAULT_PROTECTIVE_CAPACITY = 0.85;
const ceiling = shaped(finiteNumber.refine((x) => x > 0 && x < 1, 'expected a share between 0 and 1 (exclusive), e.g. 0.85'), { json: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 } });

export const SalesScenarioSchema = z.strictObject({
  kind: z.literal('sales').describe('A sales organization.'),
  ...SCENARIO_FIELDS,
  company: CompanySchema.describe('What the customers do: segments, demand, satisfaction, churn, opportunities, quotes, production, economics.'),
  tasks: TasksSchema,
  workflow: WorkflowSchema,
  roles: z.record(id, SalesRoleSchema).describe('The roster: each role\'s headcount, salary, calendar and policies.'),
  routing: z.record(taskName, RoutingEntrySchema).describe(
    'Which roles do each task: primary first, then overflow; or rules, first match wins ([{ when: { segment: [key] }, roles: [field_rep] }, { roles: [inside_sales] }]) '
    + 'by the account\'s segment, the item\'s value (value_at_least, value_below) and its area. A task with no roles is not done, nor an item no rule matches.',
  ),
  throttle: ThrottlesSchema.optional().describe('Drum-buffer-rope (M14): one drum, or several.'),
  constraint: id.optional().describe('The designated constraint: the role the operating model means to be the constraint (stress reports it apart from the roles that break; size keeps it the constraint).'),
  objective: ObjectiveSchema.optional().describe('What `size` judges a staffing on: { maximize: METRIC } or { minimize: METRIC } (a summary.csv metric, or payroll). Default: gross_margin_week, throughput minus operating expense.'),
  protective_capacity: ceiling.optional().describe(`Protective capacity: size keeps every support role's committed utilization below this share with confidence (default ${DEFAULT_PROTECTIVE_CAPACITY}).`),
  phases: z.array(PhaseSchema).default([]).describe('Changes at given times (M15): headcounts, routing, policies, demand.'),
  market: MarketSchema.optional().describe('The market\'s response to delivery delay (Forrester 1968): market-schema.ts.'),
  policies: PoliciesSchema.optional().describe('Growth policies acting on the books: budget_hiring, capacity_goal (market-schema.ts).'),
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
  // Every task named anywhere is one the scenario declares.
  const declared = (t: string) => Object.hasOwn(s.tasks, t);
  const tasksList = `tasks: ${names(s.tasks)}`;
  const unknownTask = (path: (string | number)[], t: string) => issue(path, `unknown task '${t}' (${tasksList})`);
  for (const ref of stepReferences(s.tasks)) if (!declared(ref.task)) unknownTask(ref.path, ref.task);
  for (const m of misplacedSteps(s.tasks)) issue(m.path, m.message);
  for (const m of stageIssues(s.company.opportunities.stages, s.tasks)) issue(m.path, m.message);
  eachStep(s.tasks, (t, side, i, step) => {
    for (const seg of typeof step === 'string' ? [] : step.when?.segment ?? []) {
      if (!(seg in s.company.segments)) issue(['tasks', t, side, i, 'when', 'segment'], `unknown segment '${seg}' (segments: ${names(s.company.segments)})`);
    }
  });
  for (const [part, t] of Object.entries(s.workflow)) if (!declared(t)) unknownTask(['workflow', part], t);
  for (const t of Object.keys(s.routing)) if (!declared(t)) unknownTask(['routing', t], t);
  for (const [rid, r] of Object.entries(s.roles)) {
    r.priority.forEach((tier, k) => (Array.isArray(tier) ? tier : [tier]).forEach((t, j) => {
      if (!declared(t)) unknownTask(Array.isArray(tier) ? ['roles', rid, 'priority', k, j] : ['roles', rid, 'priority', k], t);
    }));
    if (r.filler !== undefined && !declared(r.filler)) unknownTask(['roles', rid, 'filler'], r.filler);
    r.blocks.forEach((b, k) => { if (!declared(b.task)) unknownTask(['roles', rid, 'blocks', k, 'task'], b.task); });
    for (const t of Object.keys(r.speed)) if (!declared(t)) unknownTask(['roles', rid, 'speed', t], t);
    r.protect.forEach((e, k) => (Array.isArray(e.task) ? e.task : [e.task]).forEach((t, j) => {
      if (!declared(t)) unknownTask(['roles', rid, 'protect', k, 'task', ...(Array.isArray(e.task) ? [j] : [])], t);
    }));
  }
  const part = partTasks(s.tasks, s.workflow);
  // A task somebody does needs a duration; one nobody does may be left out.
  const routedTo = (t: string) => routedRoles(s.routing[t]);
  const routed = (t: string | undefined) => t !== undefined && routedTo(t).length > 0;
  const filled = new Set(Object.values(s.roles).flatMap((r) => [...(r.filler === undefined ? [] : [r.filler]), ...r.blocks.map((b) => b.task)]));
  for (const [t, d] of Object.entries(s.tasks)) {
    if (t === part.production || !(routed(t) || filled.has(t))) continue;
    if (d.duration === undefined) issue(['tasks', t, 'duration'], `missing (every task a role does, but the production part (${part.production ?? 'none'}), needs a duration such as '20 min')`);
  }
  for (const [task, entry] of Object.entries(s.routing)) {
    if (task !== part.renewal) continue;
    for (const r of routedRoles(entry)) {
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
  if (s.constraint !== undefined) {
    // The designated constraint is judged on its work: a role that does none cannot be it.
    const c = s.constraint;
    if (!(c in s.roles)) issue(['constraint'], `unknown role '${c}' (roles: ${names(s.roles)})`);
    else if (s.roles[c].cost_only) issue(['constraint'], `role '${c}' is cost_only and does no work`);
  }
  for (const [rid, r] of Object.entries(s.roles)) {
    if (!calendarOk(r.calendar)) issue(['roles', rid, 'calendar'], `unknown calendar '${String(r.calendar)}' (expected '24/7' or one of: ${names(s.calendars)})`);
    if (r.quota !== undefined && r.cost_only) issue(['roles', rid, 'quota'], `role '${rid}' is cost_only: it books nothing to measure a quota on`);
  }
  for (const [task, entry] of Object.entries(s.routing)) {
    if (entry === undefined || isRules(entry)) continue; // rules: checkCoverage
    entry.forEach((r, i) => {
      if (!(r in s.roles)) issue(['routing', task, i], `unknown role '${r}' (roles: ${names(s.roles)})`);
      else if (s.roles[r].cost_only) issue(['routing', task, i], `role '${r}' is cost_only and does no tasks`);
    });
  }
  checkCoverage(s.routing, s.roles, Object.keys(s.company.segments), s.company.areas, issue);
  for (const [rid, r] of Object.entries(s.roles)) checkProtect(rid, r.protect, (t) => routedTo(t).includes(rid), issue, part.admin);
  // Work the customers generate must have somebody to do it (work they cannot generate may go unrouted).
  // A declared pipeline: every stage's task needs somebody, when opportunities arise at all.
  const stages = s.company.opportunities.stages;
  const gen = generated(s);
  if (stages.length > 0 && gen.has('booking')) {
    gen.delete('booking');
    gen.delete('meeting');
    stages.forEach((st, i) => {
      if (Object.hasOwn(s.tasks, st.task) && !routed(st.task)) issue(['routing', st.task], `expected at least one role for '${st.task}' (it works stage '${st.name}', company.opportunities.stages[${i}])`);
    });
  }
  for (const p of gen) {
    const t = part[p];
    if (t === undefined) issue(['workflow', p], `missing: customers generate ${p} work, and no task plays the part (declare tasks.${CONVENTIONAL[p]} or set workflow.${p})`);
    else if (!routed(t)) issue(['routing', t], `expected at least one role for '${t}' (customers generate this work)`);
  }
  // The market's capacity goal reads the production part's routing (production_job in the manufacturer's names).
  checkMarket(s.market, s.policies, s.roles, { production_job: part.production === undefined ? [] : routedTo(part.production) }, issue);
});

/**
 * The tasks the scenario's customers can generate, from the demand it has: a
 * one-desk model needs only its desk. What follows from other work (the keying of
 * an order taken by phone, the production job of an order keyed) may go unrouted:
 * the model then ends there.
 */
function generated(s: z.output<typeof SalesScenarioSchema>): Set<Part> {
  const out = new Set<Part>();
  const c = s.company;
  const segs = Object.values(c.segments);
  const roles = Object.values(s.roles);
  const opportunities = segs.some((g) => g.accounts > 0 && (g.bd_opportunities.perHour > 0 || g.referrals.perHour > 0))
    || c.market_leads.perHour > 0 || c.campaigns !== undefined || roles.some((r) => r.outbound !== undefined && r.outbound.opportunity > 0);
  // A segment without accounts gets some when opportunities are won.
  const any = (f: (g: (typeof segs)[number]) => boolean) => segs.some((g) => (g.accounts > 0 || opportunities) && f(g));
  // Orders taken by phone are keyed after the call: a call-centre model may leave the keying out.
  const orders = any((g) => g.orders.perHour > 0 && g.phone_share < 1) || roles.some((r) => r.outbound !== undefined && r.outbound.order > 0);
  const quotes = any((g) => g.quote_requests.perHour > 0);
  const engineering = any((g) => g.engineering_requests.perHour > 0);
  const calls = any((g) => (g.orders.perHour > 0 && g.phone_share > 0) || (g.service_issues.perHour > 0 && g.issue_phone_share > 0));
  if (calls) out.add('call');
  if (calls && c.calls.voicemail > 0) out.add('callback');
  if (orders || (quotes && c.quotes.win > 0)) out.add('order');
  if (any((g) => g.quote_requests.perHour > 0 && g.complex_quote_share < 1)) out.add('quote');
  if (any((g) => g.quote_requests.perHour > 0 && g.complex_quote_share > 0) || ((engineering || opportunities) && c.engineering.quote > 0)) out.add('complex_quote');
  if (any((g) => g.service_issues.perHour > 0 && g.issue_phone_share < 1)) out.add('issue');
  if (any((g) => g.contract !== undefined && g.contract.share > 0)) out.add('renewal');
  if (opportunities) { out.add('booking'); out.add('meeting'); }
  if (engineering || (opportunities && c.opportunities.project_share > 0)) out.add('design');
  return out;
}

export type SalesScenario = z.output<typeof SalesScenarioSchema>;
export type SalesRoleDef = z.output<typeof SalesRoleSchema>;
export type SegmentDef = z.output<typeof SegmentSchema>;
