import { z } from 'zod';
import { Lookup } from '../kernel/lookup.js';
import { duration } from '../scenario/distribution-schema.js';
import { finiteNumber, id, probability } from '../scenario/schema.js';
import { shaped } from '../scenario/shapes.js';

/**
 * The market's response to delivery delay and the company's growth policies
 * (Forrester 1968; docs/model.md#forrester), as scenario data:
 *
 *   market:    how the delivery delay is known (backlog over the average delivery
 *              rate, recognized by the company, then by the market) and how the
 *              market's perception of it moves the win probability of deals;
 *   policies:  budget_hiring  (a role's headcount follows a budget that is a share
 *                              of trailing revenue), and
 *              capacity_goal  (a role's capacity is expanded or cut on the delivery
 *                              delay against a goal, with an acquisition delay).
 *
 * Behavioural relationships are tables (`{ x: [...], y: [...] }`, linear in
 * between and flat beyond the ends), not code.
 */

const nonNegative = shaped(finiteNumber.refine((x) => x >= 0, 'expected a number >= 0'), { json: { type: 'number', minimum: 0 } });
const positiveDuration = shaped(duration.refine((h) => h > 0, 'expected a duration > 0'), { unit: 'positiveDuration' });

/** A lookup table: y at increasing points x. */
function table<X extends z.ZodType<number>>(x: X) {
  return z.strictObject({ x: z.array(x).min(2, 'expected at least 2 points'), y: z.array(finiteNumber) }).superRefine((t, ctx) => {
    if (t.y.length !== t.x.length) ctx.issues.push({ code: 'custom', path: ['y'], input: t.y, message: `expected ${t.x.length} values, one per x` });
    for (let i = 1; i < t.x.length; i++) {
      if (!(t.x[i] > t.x[i - 1])) { ctx.issues.push({ code: 'custom', path: ['x', i], input: t.x, message: 'expected x to increase' }); break; }
    }
  });
}

export const MarketSchema = z.strictObject({
  description: z.string().optional(),
  delivery_delay: z.strictObject({
    averaging: positiveDuration.prefault('1 mo').describe('The delivery rate is averaged over this time (Forrester DRAT); delay = backlog / that average.'),
    company_recognition: duration.describe('First-order smoothing by which the company recognizes the delay (TDDRC)...'),
    market_recognition: duration.describe('...and then the market (TDDRM): the market\'s perception lags the company\'s.'),
    initial: positiveDuration.describe('The delay at the start (the initial backlog over the initial delivery rate).'),
  }),
  initial_backlog: nonNegative.default(0).describe('Orders in production at the start, in value (drawn as jobs of the opportunity value, part made).'),
  win_multiplier: table(duration).optional().describe('Multiplier of every deal\'s win probability, by the delivery delay the market perceives (x: durations).'),
  /**
   * Share of its nominal speed the plant achieves by its backlog cover (backlog /
   * capacity, x: durations): with a thin backlog it cannot schedule efficiently.
   * A production job starting takes its work content / this.
   */
  production_efficiency: table(duration).optional().describe('Share of its nominal speed the plant achieves by its backlog cover (x: durations).'),
});

export const PoliciesSchema = z.strictObject({
  review: positiveDuration.prefault('1 wk').describe('How often the books are read and the policies act (the time step of the feedback loops).'),
  budget_hiring: z.strictObject({
    role: id.describe('The role hired and let go.'),
    revenue_share: probability.describe('Budget = this share of revenue delivered (averaged over market.delivery_delay.averaging); indicated headcount = budget / salary.'),
    adjustment: positiveDuration.describe('Hiring (or leaving) closes the gap between indicated and current headcount at gap / adjustment per unit time (first order).'),
  }).optional(),
  capacity_goal: z.strictObject({
    role: id.describe('The role whose headcount is the capacity (production crews).'),
    goal: positiveDuration.describe('The management\'s delivery-delay goal...'),
    tradition: z.strictObject({ weight: probability, averaging: positiveDuration }).prefault({ weight: 0, averaging: '12 mo' }).describe('...weighted with the delay of tradition (the company\'s recognized delay averaged over `averaging`): weight 0 keeps the goal fixed, 1 lets it erode.'),
    bias: finiteNumber.default(0).describe('Delay condition = recognized delay / goal - bias.'),
    expansion_per_month: table(finiteNumber).describe('Capacity ordered per month, as a fraction of capacity, by the delay condition.'),
    acquisition_delay: positiveDuration.describe('Mean time from ordering capacity to its arrival (a third-order delay: each crew\'s is Erlang-3).'),
  }).optional(),
});

export type MarketDef = z.output<typeof MarketSchema>;
export type PoliciesDef = z.output<typeof PoliciesSchema>;

/** Compiled: times in hours, tables built, roles as indices. */
export interface MarketSpec {
  averaging: number;
  companyRecognition: number;
  marketRecognition: number;
  initialDelay: number;
  initialBacklog: number;
  winMultiplier: Lookup | null;
  productionEfficiency: Lookup | null;
  review: number;
  budgetHiring: { role: number; revenueShare: number; adjustment: number } | null;
  capacityGoal: {
    role: number; goal: number; traditionWeight: number; traditionAveraging: number; bias: number;
    expansionPerMonth: Lookup; acquisitionDelay: number;
  } | null;
}

/** Cross-field checks (roles exist and do the work the policy assumes). */
export function checkMarket(
  market: MarketDef | undefined, policies: PoliciesDef | undefined,
  roles: Record<string, { cost_only: boolean }>, routing: Partial<Record<string, string[]>>,
  issue: (path: (string | number)[], message: string) => void,
): void {
  if (policies === undefined) return;
  const names = Object.keys(roles).join(', ') || 'none';
  const hiring = policies.budget_hiring;
  if (hiring !== undefined) {
    if (!(hiring.role in roles)) issue(['policies', 'budget_hiring', 'role'], `unknown role '${hiring.role}' (roles: ${names})`);
    else if (roles[hiring.role].cost_only) issue(['policies', 'budget_hiring', 'role'], `role '${hiring.role}' is cost_only: hire a role that works`);
  }
  const cap = policies.capacity_goal;
  if (cap !== undefined) {
    if (!(cap.role in roles)) issue(['policies', 'capacity_goal', 'role'], `unknown role '${cap.role}' (roles: ${names})`);
    else if (!(routing.production_job ?? []).includes(cap.role)) issue(['policies', 'capacity_goal', 'role'], `role '${cap.role}' does not do production_job: capacity is the production role's headcount`);
  }
  if ((hiring !== undefined || cap !== undefined) && market === undefined) {
    issue(['policies'], 'budget_hiring and capacity_goal read revenue and delivery delay from the books: expected a `market:` section (delivery_delay)');
  }
}

function lookup(t: { x: number[]; y: number[] } | undefined): Lookup | null {
  return t === undefined ? null : new Lookup(t.x, t.y);
}

export function compileMarket(market: MarketDef | undefined, policies: PoliciesDef | undefined, roleIds: string[]): MarketSpec | null {
  if (market === undefined) return null;
  const d = market.delivery_delay;
  const hiring = policies?.budget_hiring;
  const cap = policies?.capacity_goal;
  return {
    averaging: d.averaging,
    companyRecognition: d.company_recognition,
    marketRecognition: d.market_recognition,
    initialDelay: d.initial,
    initialBacklog: market.initial_backlog,
    winMultiplier: lookup(market.win_multiplier),
    productionEfficiency: lookup(market.production_efficiency),
    review: policies?.review ?? 168,
    budgetHiring: hiring === undefined ? null
      : { role: roleIds.indexOf(hiring.role), revenueShare: hiring.revenue_share, adjustment: hiring.adjustment },
    capacityGoal: cap === undefined ? null : {
      role: roleIds.indexOf(cap.role), goal: cap.goal, traditionWeight: cap.tradition.weight,
      traditionAveraging: cap.tradition.averaging, bias: cap.bias,
      expansionPerMonth: lookup(cap.expansion_per_month)!,
      acquisitionDelay: cap.acquisition_delay,
    },
  };
}
