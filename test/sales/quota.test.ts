import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOURS_PER_WEEK } from '../../src/kernel/calendar.js';
import { RandomStreams, replicationSeed } from '../../src/kernel/random.js';
import { Simulation } from '../../src/kernel/simulation.js';
import { HOURS_PER_YEAR } from '../../src/kernel/time.js';
import { attainment, attainmentMetrics, quotaOver, type PersonBooks } from '../../src/sales/credit.js';
import { SalesModel } from '../../src/sales/model.js';
import { runSalesReplication } from '../../src/sales/replication.js';
import { metricValues } from '../../src/run/study.js';
import { loadSales } from '../support/load.js';
import { ROOT, study } from '../support/study.js';

/**
 * Per-person results (credit.ts): bookings and revenue credited to the person
 * whose work booked them, and quota attainment across a role's people who were
 * on the books for the whole measured window.
 */

function write(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'quota-')), name);
  writeFileSync(file, text);
  return file;
}

/** One role, two people, keying email orders of a fixed $1,000 around the clock; a revenue quota. */
// The desk keys orders as the manufacturer's workflow says (revenue booked when keyed).
const DESK = `kind: sales
extends: ${resolve(ROOT, 'scenarios/workflows/manufacturer.yaml')}
name: quota-desk
run: { horizon: 12 wk, warmup: 2 wk, replications: 1, seed: 1 }
company:
  calendar: 24/7
  segments:
    customers: { accounts: 1, orders: 1.5/h, order_value: 1000, phone_share: 0 }
  satisfaction: { demand_elasticity: 0 }
roles:
  desk: { headcount: 2, salary: 50000, calendar: 24/7, quota: 4000000, quota_on: revenue }
routing:
  order_entry: [desk]
tasks:
  order_entry: { duration: { exponential: 1 h } }
`;

const at = (names: string[], values: ArrayLike<number>, metric: string) => {
  const k = names.indexOf(metric);
  if (k < 0) throw new Error(`no metric ${metric}`);
  return values[k];
};

describe('quota attainment', () => {
  it('is the P10/P50/P90 of value / quota (linear interpolation) and the share at or above quota', () => {
    // 300 and 700 against 500: 0.6 and 1.4.
    const [p10, p50, p90, share] = attainment([700, 300], 500);
    expect(p10).toBeCloseTo(0.6 + 0.1 * 0.8, 12);
    expect(p50).toBeCloseTo(1.0, 12);
    expect(p90).toBeCloseTo(0.6 + 0.9 * 0.8, 12);
    expect(share).toBe(0.5);
    // Exactly at quota counts as at quota.
    expect(attainment([500, 499], 500)[3]).toBe(0.5);
    expect(attainment([], 500).every(Number.isNaN)).toBe(true);
  });

  it('counts only the people on the books for the whole window, against the quota pro-rated by phase', () => {
    const spec = loadSales(write('desk.yaml', DESK)).spec;
    const window = { from: 2 * HOURS_PER_WEEK, to: 12 * HOURS_PER_WEEK };
    // A phase halving the quota half-way through the window.
    const phased = { ...spec, phases: [{ at: 7 * HOURS_PER_WEEK, spec: { ...spec, roles: spec.roles.map((r) => ({ ...r, quota: 2_000_000 })) } }] };
    const year = HOURS_PER_YEAR;
    expect(quotaOver(phased, 0, window.from, window.to)).toBeCloseTo((4e6 * 5 * HOURS_PER_WEEK + 2e6 * 5 * HOURS_PER_WEEK) / year, 6);
    const start: PersonBooks = { bookings: [new Float64Array(4)], revenue: [Float64Array.from([100, 0, 0, 0])] };
    const end: PersonBooks = { bookings: [new Float64Array(4)], revenue: [Float64Array.from([500_100, 900_000, 5_000, 7_000])] };
    const staff = [[
      { joined: -Infinity, left: Infinity }, // throughout: 500,000 in the window
      { joined: -Infinity, left: Infinity }, // throughout: 900,000
      { joined: 3 * HOURS_PER_WEEK, left: Infinity }, // a hire after the warm-up: left out
      { joined: -Infinity, left: 9 * HOURS_PER_WEEK }, // a leaver: left out
    ]];
    const m = attainmentMetrics(spec, start, end, staff, window.from, window.to);
    const quota = (4e6 * 10 * HOURS_PER_WEEK) / year;
    // 500,000 and 900,000 against 4,000,000 a year for ten weeks (766,598): 0.65 and 1.17.
    const [lo, hi] = [500_000 / quota, 900_000 / quota];
    expect(m.names).toEqual(['role.desk.attainment_p10', 'role.desk.attainment_p50', 'role.desk.attainment_p90', 'role.desk.at_quota_share']);
    expect(m.values[0]).toBeCloseTo(lo + 0.1 * (hi - lo), 12);
    expect(m.values[1]).toBeCloseTo((lo + hi) / 2, 12);
    expect(m.values[2]).toBeCloseTo(lo + 0.9 * (hi - lo), 12);
    expect(m.values[3]).toBe(0.5);
  });

  it('of a run equals a hand computation from the orders each person keyed after the warm-up', () => {
    const loaded = loadSales(write('desk.yaml', DESK));
    const spec = loaded.spec;
    const seed = replicationSeed(1, 0);
    const rep = runSalesReplication(spec, seed);
    // The same run (same seed), watched: who finished each order after the warm-up.
    const sim = new Simulation();
    const model = new SalesModel(spec, sim, new RandomStreams(seed));
    const keyed = [0, 0];
    const finished = model.org.finished.bind(model.org);
    model.org.finished = (w, r, s) => {
      if (model.store.task[w] === model.spec.part.order && sim.now > spec.run.warmup) keyed[s]++;
      finished(w, r, s);
    };
    model.start();
    sim.run(spec.run.horizon);
    expect(keyed[0]).toBeGreaterThan(100);
    expect(keyed[1]).toBeGreaterThan(100);
    const quota = (4_000_000 * (spec.run.horizon - spec.run.warmup)) / HOURS_PER_YEAR;
    const [lo, hi] = [...keyed].sort((a, b) => a - b).map((n) => (n * 1000) / quota);
    expect(at(rep.names, rep.values, 'role.desk.attainment_p10')).toBeCloseTo(lo + 0.1 * (hi - lo), 9);
    expect(at(rep.names, rep.values, 'role.desk.attainment_p50')).toBeCloseTo(lo + 0.5 * (hi - lo), 9);
    expect(at(rep.names, rep.values, 'role.desk.attainment_p90')).toBeCloseTo(lo + 0.9 * (hi - lo), 9);
    expect(at(rep.names, rep.values, 'role.desk.at_quota_share')).toBe([lo, hi].filter((a) => a >= 1).length / 2);
    // The role's revenue per person-week is the same orders over its two people's weeks.
    expect(at(rep.names, rep.values, 'role.desk.revenue_per_person_week')).toBeCloseTo(((keyed[0] + keyed[1]) * 1000) / (2 * 10), 6);
  });

  it('is ordered (P10 <= P50 <= P90), its share at quota in [0, 1], in the software company and with a quota on the manufacturer', { timeout: 60_000 }, () => {
    const runs: [string, string, string[]][] = [
      ['scenarios/software/saas-renewals-desk.yaml', 'ae', []],
      ['scenarios/outside-in.yaml', 'field_rep', ['roles.field_rep.quota=576000']],
      ['scenarios/inside-out.yaml', 'field_salesperson', ['roles.field_salesperson.quota=624000']],
    ];
    for (const [file, role, set] of runs) {
      const s = study(file, ['run.replications=3', 'run.horizon=30 wk', ...set]);
      const [p10, p50, p90, share] = ['attainment_p10', 'attainment_p50', 'attainment_p90', 'at_quota_share'].map((m) => metricValues(s, `role.${role}.${m}`)!);
      for (let r = 0; r < s.count; r++) {
        expect(p10[r]).toBeGreaterThan(0);
        expect(p10[r]).toBeLessThanOrEqual(p50[r]);
        expect(p50[r]).toBeLessThanOrEqual(p90[r]);
        expect(share[r]).toBeGreaterThanOrEqual(0);
        expect(share[r]).toBeLessThanOrEqual(1);
      }
      expect(s.row(`role.${role}.bookings_per_person_week`).mean).toBeGreaterThan(0);
    }
  });
});

describe('credit', () => {
  it("adds up: the roles' revenue credited is the company's revenue, every replication", { timeout: 60_000 }, () => {
    const s = study('scenarios/inside-out.yaml', ['run.replications=2', 'run.horizon=20 wk']);
    const roles = ['customer_service', 'inside_sales', 'field_salesperson'];
    const revenue = metricValues(s, 'revenue_week')!;
    // Nobody else books revenue: the other roles have no revenue_per_person_week.
    expect(s.names.filter((n) => n.endsWith('.revenue_per_person_week')).sort()).toEqual(roles.map((r) => `role.${r}.revenue_per_person_week`).sort());
    for (let r = 0; r < s.count; r++) {
      const credited = roles.reduce((a, id) => a + metricValues(s, `role.${id}.revenue_per_person_week`)![r] * metricValues(s, `role.${id}.headcount_mean`)![r], 0);
      expect(credited).toBeCloseTo(revenue[r], 6);
    }
    // Bookings are the opportunities won: the field salespeople hold every first meeting.
    expect(s.row('role.field_salesperson.bookings_per_person_week').mean).toBeGreaterThan(0);
  });

  it('changes nothing else: without a quota every other metric is the same to the bit', { timeout: 60_000 }, () => {
    const set = ['run.replications=2', 'run.horizon=20 wk'];
    const withQuota = study('scenarios/outside-in.yaml', [...set, 'roles.field_rep.quota=576000']);
    const without = study('scenarios/outside-in.yaml', set);
    const attainmentRow = (m: string) => /\.(attainment_p\d0|at_quota_share)$/.test(m);
    expect(without.names.some(attainmentRow)).toBe(false);
    expect(withQuota.names.filter(attainmentRow)).toHaveLength(4);
    expect(withQuota.summary.filter((r) => !attainmentRow(r.metric))).toEqual(without.summary);
    expect(withQuota.replications.map((r) => r.weeks)).toEqual(without.replications.map((r) => r.weeks));
    expect(withQuota.replications.map((r) => r.weeklyLabels)).toEqual(without.replications.map((r) => r.weeklyLabels));
  });
});

describe('quota validation', () => {
  const base = resolve(ROOT, 'scenarios/outside-in.yaml');
  it('refuses a quota of zero or below, located in the file', () => {
    for (const q of ['0', '-550000']) {
      const file = write('bad.yaml', `extends: ${base}\nroles:\n  field_rep:\n    quota: ${q}\n`);
      expect(() => loadSales(file)).toThrow(/bad\.yaml:4:\d+: roles\.field_rep\.quota: expected an amount > 0/);
    }
  });

  it('refuses a quota on a cost-only role, and what it is measured on changed by a phase', () => {
    expect(() => loadSales(base, ['roles.sales_manager.quota=100000'])).toThrow(/roles\.sales_manager\.quota: role 'sales_manager' is cost_only/);
    expect(() => loadSales(base, ['roles.field_rep.quota_on=profit'])).toThrow(/roles\.field_rep\.quota_on: expected one of "bookings"\|"revenue"/);
    const file = write('phased.yaml', `extends: ${base}\nphases:\n  - at: 20 wk\n    roles:\n      field_rep: { quota_on: revenue }\n`);
    expect(() => loadSales(file)).toThrow(/phases\[0\]\.roles\.field_rep\.quota_on: a phase cannot change what a role's quota is measured on \(bookings before\)/);
    // A phase may change the quota itself.
    expect(() => loadSales(write('raised.yaml', `extends: ${base}\nphases:\n  - at: 20 wk\n    roles:\n      field_rep: { quota: 600000 }\n`))).not.toThrow();
  });
});
