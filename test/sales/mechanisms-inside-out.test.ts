import { describe, expect, it } from 'vitest';
import { Layout } from '../../src/sales/ledger.js';
import { expectAbove, expectBelow, expectHigher, meanSatisfaction, note, paired, run, runModel } from './mechanisms-support.js';

/**
 * Mechanisms of docs/model.md#mechanisms shown on the inside-out scenario (M1, M3 overflow,
 * M4, M12, M13): each test changes one thing with a `--set` override and shows
 * the consequence the mechanism predicts, so that it fails if the mechanism is
 * taken out. 26-week runs, 6 replications, common random numbers.
 */
const IO = 'scenarios/inside-out.yaml';

describe('M1 demand', () => {
  it('repeat orders come from the customer base at the segment rates', () => {
    // 900 small accounts at 0.1 orders/wk more: about 90 more orders a week.
    const base = run(IO);
    const more = run(IO, ['company.segments.small.orders=0.2/wk']);
    const d = paired(base, more, 'orders_week');
    expectAbove(d, 0.75 * 90);
    expectBelow(d, 1.25 * 90);
  });

  it('promotion campaigns bring opportunities in batches', () => {
    // 60 leads every 2 weeks, 40% qualify: 12 opportunities a week.
    const base = run(IO);
    const none = run(IO, ['company.campaigns.qualify=0']);
    const d = paired(none, base, 'opportunities_week');
    expectAbove(d, 0.75 * 12);
    expectBelow(d, 1.25 * 12);
  });

  it('calls arrive in working hours, following the time-of-day profile', () => {
    // Order calls counted per hour of the day when they are answered (inside-out answers at once).
    const calls = new Float64Array(24);
    for (let rep = 0; rep < 3; rep++) {
      const { model, counters } = runModel(IO, [], 1, rep);
      const L: Layout = model.layout;
      for (let h = 0; h < 24; h++) calls[h] += counters[L.hourCalls(h)];
    }
    const total = calls.reduce((a, b) => a + b, 0);
    const open = calls.slice(8, 17).reduce((a, b) => a + b, 0);
    // A few calls that waited past 17:00 at most.
    note('share of order calls in 08-17', open / total);
    expect(open / total).toBeGreaterThan(0.995);
    // company.yaml: hour_of_day [1.2, 1.6, 1.5, 1.2 | 0.7, 1.0, 1.0, 0.8, 0.6] from 08:00: 5.5 of 9.6 before noon.
    const morning = calls.slice(8, 12).reduce((a, b) => a + b, 0) / open;
    note('share of order calls before noon', morning);
    expect(Math.abs(morning - 5.5 / 9.6)).toBeLessThan(0.02);
    // The peak hour (09:00, 1.6) has more than twice the calls of the quietest (16:00, 0.6).
    note('order calls 09:00 / 16:00', calls[9] / calls[16]);
    expect(calls[9]).toBe(Math.max(...calls));
    expect(calls[16]).toBe(Math.min(...calls.slice(8, 17)));
    expect(calls[9] / calls[16]).toBeGreaterThan(2);
  });
});

describe('M3 routing: overflow roles', () => {
  it('inside sales pick up the calls customer service cannot take', () => {
    const withOverflow = run(IO, ['roles.customer_service.headcount=2']);
    const without = run(IO, ['roles.customer_service.headcount=2', 'routing.inbound_call=[customer_service]']);
    expectAbove(withOverflow.row('role.inside_sales.time_share.inbound_call'), 0.005);
    expect(without.has('role.inside_sales.time_share.inbound_call')).toBe(false);
    // Without the overflow, many more callers give up.
    expectAbove(paired(withOverflow, without, 'calls_abandoned_fraction'), 0.04);
    expectBelow(paired(withOverflow, without, 'service_level'), -0.04);
  });
});

describe('M4 field work and travel', () => {
  it('a coordinator batching meetings by area cuts travel and raises BD meetings', () => {
    const batched = run(IO);
    const scattered = run(IO, ['roles.field_salesperson.batch_by_area=false']);
    expectBelow(paired(batched, scattered, 'bd_meetings_per_field_rep_week'), -3);
    expectAbove(paired(batched, scattered, 'role.field_salesperson.time_share.travel'), 0.1);
  });

  it('travel time between areas is what field work costs', () => {
    const base = run(IO);
    const close = run(IO, ['company.travel.between_areas=30 min']);
    expectBelow(paired(base, close, 'role.field_salesperson.time_share.travel'), -0.05);
    expectAbove(paired(base, close, 'bd_meetings_per_field_rep_week'), 2);
  });
});

describe('M12 production', () => {
  it('lead time grows as production capacity shrinks; late deliveries are counted', () => {
    const full = run(IO);
    const six = run(IO, ['roles.production.headcount=6']);
    const four = run(IO, ['roles.production.headcount=4']);
    const two = run(IO, ['roles.production.headcount=2']);
    const lead = 'production_lead_time_d_mean';
    expectHigher(six.row(lead), full.row(lead));
    expectHigher(four.row(lead), six.row(lead));
    expectHigher(two.row(lead), four.row(lead));
    expect(full.row('late_delivery_fraction').mean).toBeLessThan(0.01);
    expectAbove(two.row('late_delivery_fraction'), 0.9);
  });

  it('proactive delivery updates from customer service soften late deliveries', () => {
    const updates = run(IO, ['roles.production.headcount=2']);
    const silent = run(IO, ['roles.production.headcount=2', 'routing.delivery_update=[]']);
    expectAbove(updates.row('role.customer_service.time_share.delivery_update'), 0.1);
    // Same lateness, but the customers who were warned keep ordering.
    expectBelow(paired(updates, silent, 'late_delivery_fraction'), 0.02);
    expectBelow(paired(updates, silent, 'orders_week'), -3);
    expectAbove(paired(updates, silent, 'churn_rate'), 0.005);
  });
});

describe('M13 satisfaction feedback', () => {
  // A production bottleneck without delivery updates: nearly every delivery is late.
  const LATE = ['roles.production.headcount=2', 'routing.delivery_update=[]'];

  it('late deliveries lower satisfaction', () => {
    const normal = runModel(IO, [], 1, 0);
    const late = runModel(IO, LATE, 1, 0);
    const forgiven = runModel(IO, [...LATE, 'company.satisfaction.effects.late_delivery=0'], 1, 0);
    const sNormal = meanSatisfaction(normal.model);
    const sLate = meanSatisfaction(late.model);
    const sForgiven = meanSatisfaction(forgiven.model);
    note('satisfaction normal / late / late forgiven', sNormal);
    note('  late', sLate);
    note('  forgiven', sForgiven);
    expect(sLate).toBeLessThan(sNormal - 0.05);
    expect(Math.abs(sForgiven - sNormal)).toBeLessThan(0.01);
  });

  it('lower satisfaction cuts reorders (demand elasticity)', () => {
    const late = run(IO, LATE);
    const inelastic = run(IO, [...LATE, 'company.satisfaction.demand_elasticity=0']);
    const forgiven = run(IO, [...LATE, 'company.satisfaction.effects.late_delivery=0']);
    expectAbove(paired(late, inelastic, 'orders_week'), 0);
    expectAbove(paired(late, forgiven, 'orders_week'), 5);
  });

  it('lower satisfaction raises churn (churn sensitivity)', () => {
    const late = run(IO, LATE, { short: false });
    const insensitive = run(IO, [...LATE, 'company.churn.sensitivity=0'], { short: false });
    expectBelow(paired(late, insensitive, 'churn_rate'), 0);
  });
});
