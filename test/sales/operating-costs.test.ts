import { describe, expect, it } from 'vitest';
import { study } from '../support/study.js';

/**
 * Operating expense beside the payroll (company.economics.travel_cost per hour of field travel,
 * other_costs per week): it costs money and changes nothing else, so on the same seeds every
 * other figure is the same to the bit and the margin falls by exactly the expense.
 */
describe('operating expense: travel and other costs', () => {
  const set = ['run.replications=2', 'run.horizon=16 wk', 'run.warmup=2 wk'];
  const plain = study('scenarios/outside-in.yaml', set);
  const costly = study('scenarios/outside-in.yaml', [...set, 'company.economics.travel_cost=60', 'company.economics.other_costs=5000']);
  const each = (s: typeof plain, m: string) => Array.from({ length: s.count }, (_, r) => s.values[r * s.names.length + s.names.indexOf(m)]);

  it('the margin falls by the travel hours at their cost plus the other costs, replication by replication', () => {
    const travel = each(costly, 'travel_cost_week');
    // Ten field reps travel several hours a week each: the cost is real money.
    travel.forEach((t) => expect(t).toBeGreaterThan(10 * 60 * 2));
    const before = each(plain, 'gross_margin_week');
    each(costly, 'gross_margin_week').forEach((g, r) => expect(g).toBeCloseTo(before[r] - travel[r] - 5000, 6));
    const payroll = each(costly, 'payroll_week');
    each(costly, 'operating_expense_week').forEach((x, r) => expect(x).toBeCloseTo(payroll[r] + travel[r] + 5000, 6));
    const orders = each(costly, 'orders_week');
    each(costly, 'cost_per_order').forEach((c, r) => expect(c).toBeCloseTo((payroll[r] + travel[r] + 5000) / orders[r], 6));
  });

  it('changes nothing else; without costs declared there are no expense figures beyond the payroll', () => {
    const money = new Set(['gross_margin_week', 'travel_cost_week', 'operating_expense_week', 'cost_per_order']);
    expect(costly.summary.filter((r) => !money.has(r.metric))).toEqual(plain.summary.filter((r) => !money.has(r.metric)));
    expect(plain.names).not.toContain('operating_expense_week');
    expect(plain.names).not.toContain('travel_cost_week');
    expect(plain.names).toContain('cost_per_order');
  });
});
