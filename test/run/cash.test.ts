import { describe, expect, it } from 'vitest';
import { cashFlow, chargedCosts, WEEKS_PER_YEAR } from '../../src/run/cash.js';
import type { StudyResult } from '../../src/run/study.js';
import { WeeklyStats } from '../../src/run/weekly.js';
import { compare, loadScenario } from '../../src/index.js';
import { loadSales } from '../support/load.js';

/** A study holding only weekly gross margins, replication by replication (rows: replications, columns: weeks). */
function margins(rows: number[][]): StudyResult {
  const weekly = new WeeklyStats();
  for (const row of rows) weekly.addReplication(['gross_margin_week'], row.map((x) => [x]));
  return { summary: [], events: 0, count: rows.length, first: 0, names: [], values: new Float64Array(0), weekly };
}

describe('the cash of a change', () => {
  it('payback week, ROI and NPV by hand', () => {
    // Weeks 1-2 are the warm-up (not counted); B gains 100, 100, 100, 100 a week in replication 1 and 50 a week in 2.
    const a = margins([[0, 0, 10, 10, 10, 10], [0, 0, 10, 10, 10, 10]]);
    const b = margins([[5, 5, 110, 110, 110, 110], [5, 5, 60, 60, 60, 60]]);
    // 250 of hiring decided in week 1 (charged in week 3, the first measured one), 50 more in week 4 (its fourth week, from 0: 3.x).
    const costs = chargedCosts([], [{ week: 0.5, what: 'hire', amount: 250 }, { week: 3.2, what: 'lump', amount: 50 }], [], 3);
    expect(costs.map((c) => c.week)).toEqual([3, 4]);
    const f = cashFlow({ model: 'b', baseline: 'a' }, a, b, costs, { from: 3, to: 6 }, 0.1)!;
    // Replication 1: cumulative -150, -100, 0, 100: pays back in week 5. Replication 2: -200, -200, -150, -100: never.
    expect(f.weeks.map((w) => w.cumulative.mean)).toEqual([-175, -150, -75, 0]);
    expect(f.paidBack).toBe(1);
    expect(f.payback.mean).toBe(5);
    expect(f.oneOffTotal).toBe(300);
    // ROI: (400 - 300) / 300 and (200 - 300) / 300.
    expect(f.roi.mean).toBeCloseTo((1 / 3 - 1 / 3) / 2, 12);
    // NPV of replication 1: -150 + 50 / d1 + 100 / d2 + 100 / d3, d_k = 1.1^(k / 52.18).
    const d = (k: number) => 1.1 ** (k / WEEKS_PER_YEAR);
    const npv1 = -150 + 50 / d(1) + 100 / d(2) + 100 / d(3);
    const npv2 = -200 + 0 / d(1) + 50 / d(2) + 50 / d(3);
    expect(f.npv.mean).toBeCloseTo((npv1 + npv2) / 2, 9);
  });

  it("spares the baseline's own one-off costs and charges what is decided before measurement at its start", () => {
    const costs = chargedCosts([{ week: 2, what: 'hire x', amount: 100 }], [{ week: 20, what: 'hire y', amount: 40 }], [{ week: 12, what: 'switch', amount: 7 }], 13);
    expect(costs).toEqual([
      { week: 13, what: 'switch', amount: 7 },
      { week: 13, what: 'spared: hire x', amount: -100 },
      { week: 21, what: 'hire y', amount: 40 },
    ]);
  });

  it('the one-off costs of a transition come from its headcounts: hires, leavers and lump sums', () => {
    const t = loadSales('scenarios/transition.yaml', [
      'company.economics.hiring_cost=1000', 'company.economics.training_cost=500', 'roles.field_rep.severance=7000',
      'roles.technical_specialist.hiring_cost=9000', 'phases.0.one_off=12345',
    ]);
    const byWhat = new Map(t.spec.oneOff.map((c) => [c.what, c]));
    expect(byWhat.get('hire 4 customer_service')).toEqual({ week: 1, what: 'hire 4 customer_service', amount: 6000 });
    expect(byWhat.get('hire 4 technical_specialist')!.amount).toBe(4 * 9500);
    expect(byWhat.get('let 6 field_rep go')).toEqual({ week: 39, what: 'let 6 field_rep go', amount: 42000 });
    expect(byWhat.get('hire customer service and its manager')!.amount).toBe(12345);
    // A phase that changes no headcount costs nothing.
    expect(t.spec.oneOff.filter((c) => c.week === 13)).toEqual([]);
  });

  it('a comparison reports the switch from one roster to the other; one-off costs change nothing but the cash', async () => {
    const options = { replications: 3, weeks: 20 };
    const run = async (set: string[]) => compare([
      loadScenario('scenarios/outside-in.yaml', { ...options, set }), loadScenario('scenarios/inside-out.yaml', { ...options, set }),
    ], { workers: 1 });
    const plain = await run([]);
    const dearer = await run(['company.economics.hiring_cost=20000']);
    const [a, b] = [plain.cash[0], dearer.cash[0]];
    // Outside-in's 10 reps go (severance 18,500 each: outside-in.yaml); inside-out's 14 people come (hiring + training).
    expect(a.oneOff.find((c) => c.what === 'let 10 field_rep go')!.amount).toBe(185000);
    const hires = a.oneOff.filter((c) => c.what.startsWith('hire ')).reduce((n, c) => n + Number(c.what.split(' ')[1]), 0);
    expect(hires).toBe(14);
    expect(a.oneOffTotal).toBe(185000 + hires * (4700 + 1300));
    expect(b.oneOffTotal - a.oneOffTotal).toBe(hires * (20000 - 4700));
    // The simulation is the same to the bit: only the cash moves, by the extra cost in every week from the first.
    expect(dearer.models.map((m) => m.study.summary)).toEqual(plain.models.map((m) => m.study.summary));
    a.weeks.forEach((w, k) => expect(b.weeks[k].cumulative.mean).toBeCloseTo(w.cumulative.mean - (b.oneOffTotal - a.oneOffTotal), 6));
    expect(b.npv.mean).toBeCloseTo(a.npv.mean - (b.oneOffTotal - a.oneOffTotal), 6);
    expect([a.from, a.to]).toEqual([13, 20]);
  });
});
