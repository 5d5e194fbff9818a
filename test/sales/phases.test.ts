import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOURS_PER_WEEK } from '../../src/kernel/calendar.js';
import { RandomStreams, replicationSeed } from '../../src/kernel/random.js';
import { Simulation } from '../../src/kernel/simulation.js';
import { loadSales } from '../support/load.js';
import { C } from '../../src/sales/ledger.js';
import { SalesModel } from '../../src/sales/model.js';
import type { Person } from '../../src/sales/organization.js';
import type { IndexedQueue } from '../../src/kernel/resource/indexed-queue.js';
import type { ServerPool } from '../../src/kernel/resource/server-pool.js';
import { tempDir } from '../support/cli.js';
import { ROOT } from '../support/study.js';

/**
 * Phases (M15): at given weeks the organization switches to the scenario as
 * of that phase; headcount differences become hires (through the hiring delay)
 * or leavers; queued work follows the new routing.
 */
const IO = resolve(ROOT, 'scenarios/inside-out.yaml');

function write(text: string): string {
  const file = join(tempDir(), 'phased.yaml');
  writeFileSync(file, text);
  return file;
}

function loadError(text: string): string {
  try {
    loadSales(write(text));
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a load error');
}

const HEAD = `extends: ${IO}\nrun: { horizon: 20 wk, warmup: 0 wk }\n`;

describe('phases: validation at load time', () => {
  it('locates a bad field inside a phase', () => {
    const msg = loadError(`${HEAD}phases:
  - at: 4 wk
    roles: { customer_service: { headcount: 6 } }
  - at: 8 wk
    roles:
      customer_service:
        headcount: -1
`);
    expect(msg).toMatch(/phased\.yaml:9:9: phases\[1\]\.roles\.customer_service\.headcount: expected a number >= 0$/);
  });

  it('locates a bad item in a list of drums, in the scenario and inside a phase', () => {
    const drums = `  - { constraint: customer_service, buffer: 8 h, rope: [bd_meeting] }
  - constraint: production
    buffer: 2 d
    rope: [bd_meeting, meetings]
`;
    expect(loadError(`${HEAD}throttle:\n${drums}`)).toMatch(/phased\.yaml:7:24: throttle\.1\.rope\.1: expected one of "bd_meeting"\|"campaign"$/);
    expect(loadError(`${HEAD}phases:\n  - at: 4 wk\n    throttle: 5\n`)).toMatch(/phased\.yaml:5:5: phases\[0\]\.throttle: expected object or array, received number$/);
  });

  it('checks each phase as a whole scenario: routing to a role the phase removed', () => {
    const msg = loadError(`${HEAD}phases:
  - at: 4 wk
    roles: { inside_sales: null }
`);
    expect(msg).toMatch(/phased\.yaml:\d+:\d+: phases\[0\]\.routing\.\w+\.\d: unknown role 'inside_sales'/);
  });

  it('phases come in order; only company, tasks, roles and routing change', () => {
    expect(loadError(`${HEAD}phases:\n  - at: 8 wk\n  - at: 4 wk\n`)).toMatch(/phased\.yaml:5:5: phases\[1\]\.at: expected a time after/);
    expect(loadError(`${HEAD}phases:\n  - at: 8 wk\n    run: { horizon: 30 wk }\n`)).toMatch(/phased\.yaml:5:5: phases\[0\]\.run: unknown field 'run'$/);
    expect(loadError(`${HEAD}phases:\n  - at: 8 wk\n    roles: { customer_service: { calendar: plant } }\n`))
      .toMatch(/phases\[0\]\.roles\.customer_service\.calendar: a phase cannot change a role's calendar/);
  });

  it('roles of any phase exist from the start, with no people until hired', () => {
    const loaded = loadSales(write(`${HEAD}phases:
  - at: 4 wk
    roles: { trainee: { headcount: 2, salary: 40000 } }
    routing: { outbound_call: [inside_sales, trainee] }
`));
    if (loaded.kind !== 'sales') throw new Error('not sales');
    const ids = loaded.spec.roles.map((r) => r.id);
    expect(ids[ids.length - 1]).toBe('trainee');
    expect(loaded.spec.phases[0].spec.roles.map((r) => r.id)).toEqual(ids);
    expect(loaded.spec.roles[ids.length - 1].headcount).toBe(0);
    expect(loaded.spec.phases[0].spec.roles[ids.length - 1].headcount).toBe(2);
    expect(loaded.spec.phases[0].at).toBe(4 * HOURS_PER_WEEK);
  });
});

type OrgInternals = { shared: IndexedQueue[]; persons: Person[][]; pools: ServerPool[] };

function queued(model: SalesModel): number[] {
  const org = model.org as unknown as OrgInternals;
  const out: number[] = [];
  org.shared.forEach((q) => out.push(...q.toArray()));
  for (const ps of org.persons) for (const p of ps) out.push(...p.own.toArray());
  return out;
}

describe('phases: the switch', () => {
  it('hires through the delay, re-routes queued work, switches demand, and loses no work', () => {
    // Week 4: customer service is to grow to 6 (2-week hiring delay), order entry moves to
    // inside sales, the market's leads stop. Week 10: back to 3 in customer service.
    const file = write(`${HEAD}roles:
  customer_service: { hiring: { delay: 2 wk } }
phases:
  - at: 4 wk
    roles: { customer_service: { headcount: 6 } }
    routing: { order_entry: [inside_sales] }
    company: { market_leads: 0/wk }
  - at: 10 wk
    roles: { customer_service: { headcount: 3 } }
`);
    const loaded = loadSales(file);
    if (loaded.kind !== 'sales') throw new Error('not sales');
    const sim = new Simulation();
    const model = new SalesModel(loaded.spec, sim, new RandomStreams(replicationSeed(1, 0)));
    const cs = loaded.spec.roles.findIndex((r) => r.id === 'customer_service');
    const is = loaded.spec.roles.findIndex((r) => r.id === 'inside_sales');
    const seen: { t: number; heads: number; orderEntryAtCs: number; orderEntryAtIs: number }[] = [];
    const probe = sim.register({
      handle: () => {
        const st = model.store;
        const q = queued(model).filter((w) => st.task[w] === model.spec.part.order);
        seen.push({ t: sim.now, heads: model.org.headcount(cs), orderEntryAtCs: q.filter((w) => st.pool[w] === cs).length, orderEntryAtIs: q.filter((w) => st.pool[w] === is).length });
      },
    });
    // Market leads: count them through the opportunity counter's weekly increments.
    const weekly: Float64Array[] = [];
    const clock = sim.register({ handle: () => { weekly.push(model.snapshot()); sim.after(HOURS_PER_WEEK, clock); } });
    let ends = 0;
    const release = model.store.release.bind(model.store);
    model.store.release = (w) => { ends++; release(w); };
    model.start();
    sim.at(0, clock);
    for (const t of [3.9, 4.01, 5.9, 6.1, 9.9, 10.01]) sim.at(t * HOURS_PER_WEEK, probe);
    sim.run(loaded.spec.run.horizon);
    expect(seen.map((s) => s.heads)).toEqual([4, 4, 4, 6, 6, 3]);
    // From the switch on, no order entry waits with customer service.
    for (const s of seen.slice(1)) expect(s.orderEntryAtCs).toBe(0);
    const all = queued(model);
    expect(all.filter((w) => model.store.task[w] === model.spec.part.order && model.store.pool[w] !== is)).toEqual([]);
    // The market's leads stop: fewer opportunities a week after week 4 than before.
    const opps = (w: number) => weekly[w + 1][C.opportunities] - weekly[w][C.opportunities];
    const before = [0, 1, 2, 3].reduce((a, w) => a + opps(w), 0) / 4;
    const after = [5, 6, 7, 8].reduce((a, w) => a + opps(w), 0) / 4;
    expect(after).toBeLessThan(before - 8); // 14 market leads a week gone
    // Conservation: every live item is queued or in someone's hands.
    const org = model.org as unknown as OrgInternals & { departing: Person[] };
    let inHand = 0;
    for (const ps of org.persons) for (const p of ps) if (org.pools[p.role].job[p.index] >= 0) inHand++;
    for (const p of org.departing) if (org.pools[p.role].job[p.index] >= 0) inHand++;
    expect(all.length + inHand).toBe(model.store.live);
    expect(ends).toBeGreaterThan(1000);
    // Payroll follows: 6 then 3 people in customer service.
    const payrollWeek = (w: number) => (weekly[w + 1][C.payroll_area] - weekly[w][C.payroll_area]) / HOURS_PER_WEEK;
    const salary = loaded.spec.roles[cs].salaryPerWeek;
    expect(payrollWeek(7) - payrollWeek(2)).toBeCloseTo(2 * salary, 6);
    expect(payrollWeek(12) - payrollWeek(2)).toBeCloseTo(-1 * salary, 6);
  });
});
