import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStudy } from '../../src/run/study.js';
import { loadSales } from '../support/load.js';
import { ROOT } from '../support/study.js';
import { SHORT, run } from './mechanisms-support.js';

/** M16 economics, and consistency of every sales run's numbers. */
const OI = 'scenarios/outside-in.yaml';
// Renewals that lapse after a day: all three causes of lost revenue occur.
const LOSSES = ['tasks.renewal.patience=1 d'];

const SCENARIOS = ['outside-in', 'inside-out', 'inbound-peaks', 'no-inside-sales', 'renewals-desk', 'renewals-by-service', 'engineering-by-reps', 'technical-specialists'];

describe('M16 economics', () => {
  it('payroll is the roster: headcount x salary, a year of 8766 h over weeks of 168 h', () => {
    for (const name of ['outside-in', 'inside-out', 'renewals-desk']) {
      const file = `scenarios/${name}.yaml`;
      const loaded = loadSales(resolve(ROOT, file), SHORT);
      if (loaded.kind !== 'sales') throw new Error('not sales');
      const yearly = Object.values(loaded.scenario.roles).reduce((a, r) => a + r.headcount * r.salary, 0);
      const payroll = run(file).each('payroll_week');
      for (const p of payroll) expect(p / ((yearly * 168) / 8766)).toBeCloseTo(1, 12);
    }
    // outside-in: 10 x 120,000 + 2 x 95,000 (engineering) + 9 x 50,000 (production) + 2 x 150,000 = 2,140,000 a year.
    expect(run(OI).row('payroll_week').mean).toBeCloseTo((2_140_000 * 168) / 8766, 6);
  });

  it('gross margin is margin x revenue - payroll; lost revenue adds up by cause', () => {
    const r = run(OI, LOSSES);
    const v = (m: string) => r.each(m);
    const revenue = v('revenue_week');
    const payroll = v('payroll_week');
    const margin = v('gross_margin_week');
    const lost = v('lost_revenue_week');
    const causes = ['lost_revenue_abandonment_week', 'lost_revenue_patience_week', 'lost_revenue_lapse_week'].map(v);
    revenue.forEach((x, i) => {
      expect(margin[i]).toBeCloseTo(0.35 * x - payroll[i], 6);
      expect(lost[i]).toBeCloseTo(causes[0][i] + causes[1][i] + causes[2][i], 6);
    });
    for (const c of causes) expect(Math.min(...c)).toBeGreaterThan(0);
    // Revenue by source adds up to the total.
    const parts = ['revenue_orders_week', 'revenue_renewals_week', 'revenue_new_business_week'].map(v);
    revenue.forEach((x, i) => expect(parts[0][i] + parts[1][i] + parts[2][i]).toBeCloseTo(x, 6));
  });
});

describe('consistency of a sales run', () => {
  it('every metric is finite where defined; fractions lie in [0, 1]; time shares add up to 1', () => {
    for (const name of SCENARIOS) {
      const r = run(`scenarios/${name}.yaml`);
      for (const values of r.values) {
        r.names.forEach((m, k) => {
          const x = values[k];
          if (Number.isNaN(x)) return;
          expect(Number.isFinite(x), `${name}: ${m} = ${x}`).toBe(true);
          if (/(fraction|_rate|service_level|time_share|constraint_share)/.test(m) && !/upsell_rate\.|renewal_uplift/.test(m)) {
            expect(x, `${name}: ${m}`).toBeGreaterThanOrEqual(0);
            expect(x, `${name}: ${m}`).toBeLessThanOrEqual(1 + 1e-12);
          }
          if (/_week$/.test(m) && m !== 'gross_margin_week') expect(x, `${name}: ${m}`).toBeGreaterThanOrEqual(0);
        });
        const roles = new Set(r.names.filter((m) => m.includes('.time_share.')).map((m) => m.split('.time_share.')[0]));
        for (const role of roles) {
          const total = r.names.reduce((a, m, k) => (m.startsWith(`${role}.time_share.`) ? a + values[k] : a), 0);
          expect(total, `${name}: ${role} time shares`).toBeCloseTo(1, 9);
        }
      }
      // Per-rep meetings are the meetings over the headcount doing them.
      const bd = r.each('bd_meetings_week');
      const perRep = r.each('bd_meetings_per_field_rep_week');
      const heads = r.spec.tasks.find((t) => t.name === 'bd_meeting')!.roles.reduce((a, k) => a + r.spec.roles[k].headcount, 0);
      bd.forEach((x, i) => expect(perRep[i] * heads).toBeCloseTo(x, 9));
    }
  });

  it('committed utilization leaves out filler and block work; requests add up over the roles answering for them', () => {
    for (const name of SCENARIOS) {
      const r = run(`scenarios/${name}.yaml`);
      r.spec.roles.forEach((role) => {
        if (role.costOnly) return;
        const all = r.each(`role.${role.id}.utilization`);
        const committed = r.each(`role.${role.id}.committed_utilization`);
        const spare = role.filler >= 0 || role.blocks.length > 0;
        all.forEach((u, i) => (spare ? expect(committed[i]).toBeLessThanOrEqual(u + 1e-12) : expect(committed[i]).toBeCloseTo(u, 12)));
      });
      // The company's on-time fraction is a weighted mean of the roles'.
      const roles = r.names.filter((m) => m.endsWith('.on_time_fraction'));
      expect(roles.length, name).toBeGreaterThan(0);
      r.each('on_time_task_fraction').forEach((x, i) => {
        const each = roles.map((m) => r.each(m)[i]).filter((y) => !Number.isNaN(y));
        expect(x).toBeGreaterThanOrEqual(Math.min(...each) - 1e-12);
        expect(x).toBeLessThanOrEqual(Math.max(...each) + 1e-12);
      });
      const cold = r.each('opportunities_cold_week');
      const opportunities = r.each('opportunities_week');
      r.each('opportunities_cold_fraction').forEach((x, i) => expect(x).toBeCloseTo(cold[i] / opportunities[i], 9));
    }
    // Outside-in: every request is the field reps'.
    const oi = run(OI);
    expect(oi.each('role.field_rep.on_time_fraction')).toEqual(oi.each('on_time_task_fraction'));
  });

  it('the same seed gives the same results, another seed other results', () => {
    const study = (seed: number) => {
      const loaded = loadSales(resolve(ROOT, OI), SHORT);
      if (loaded.kind !== 'sales') throw new Error('not sales');
      return runStudy(loaded, { replications: 2, seed });
    };
    const a = study(7);
    const b = study(7);
    const c = study(8);
    expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
    expect(b.replications.map((r) => r.weeklyLabels)).toEqual(a.replications.map((r) => r.weeklyLabels));
    expect(JSON.stringify(c.summary)).not.toBe(JSON.stringify(a.summary));
  });
});
