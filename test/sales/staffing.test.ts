import { resolve } from 'node:path';
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
import { ROOT } from '../support/study.js';

/**
 * Runtime staffing (M15): hires join after the role's hiring delay and ramp
 * up; people leave (on request or by attrition) and their queued work goes
 * back to routing. White-box checks on the model itself.
 */
const IO = 'scenarios/inside-out.yaml';

interface Action { at: number; act: (m: SalesModel) => void }

function build(set: string[], seed = 1) {
  const loaded = loadSales(resolve(ROOT, IO), ['run.horizon=20 wk', 'run.warmup=0 wk', ...set]);
  if (loaded.kind !== 'sales') throw new Error('not sales');
  const sim = new Simulation();
  const model = new SalesModel(loaded.spec, sim, new RandomStreams(replicationSeed(seed, 0)));
  return { spec: loaded.spec, sim, model };
}

/** Runs with actions at given times; `probe` runs at each action time after it (and at the end). */
function runWith(set: string[], actions: Action[], seed = 1) {
  const b = build(set, seed);
  const h = b.sim.register({ handle: (k) => actions[k].act(b.model) });
  b.model.start();
  actions.forEach((a, k) => b.sim.at(a.at, h, k));
  b.sim.run(b.spec.run.horizon);
  return b;
}

const role = (m: SalesModel, id: string) => m.spec.roles.findIndex((r) => r.id === id);

type OrgInternals = { shared: IndexedQueue[]; persons: Person[][]; departing: Person[]; staff: Person[][]; pools: ServerPool[] };

/** Every live work item is in exactly one place: a queue or someone's hands. */
function locate(model: SalesModel): { queued: number[]; inHand: number[] } {
  const org = model.org as unknown as OrgInternals;
  const queued: number[] = [];
  const inHand: number[] = [];
  const held = (p: Person) => org.pools[p.role].job[p.index];
  org.shared.forEach((q) => queued.push(...q.toArray()));
  for (const ps of org.persons) for (const p of ps) {
    queued.push(...p.own.toArray());
    if (held(p) >= 0) inHand.push(held(p));
  }
  for (const p of org.departing) if (held(p) >= 0) inHand.push(held(p));
  return { queued, inHand };
}

describe('staffing: hires, leavers, ramp-up (M15)', () => {
  it('conserves work: under hires, leaves and attrition every item ends exactly once', () => {
    const churn = ['customer_service', 'sales_coordinator', 'field_salesperson', 'inside_sales', 'production'];
    const set = [
      ...churn.map((r) => `roles.${r}.leavers=8/yr`), // about one leaver per person every six weeks
      ...churn.map((r) => `roles.${r}.hiring={ delay: 2 wk }`),
    ];
    const actions: Action[] = [];
    for (let w = 1; w < 20; w++) {
      const r = churn[w % churn.length];
      actions.push({ at: w * HOURS_PER_WEEK + 10.5, act: (m) => (w % 2 === 0 ? m.leave(role(m, r), 2) : m.hire(role(m, r), 2)) });
    }
    // Leave everybody of a territory role for a while, then hire them back.
    actions.push({ at: 6 * HOURS_PER_WEEK + 11, act: (m) => m.leave(role(m, 'sales_coordinator'), 99) });
    actions.push({ at: 7 * HOURS_PER_WEEK + 11, act: (m) => m.org.hire(role(m, 'sales_coordinator'), 3) });
    const b = build(set);
    const store = b.model.store;
    let ends = 0;
    const twice: number[] = [];
    const release = store.release.bind(store);
    store.release = (w: number) => {
      // An item ends once, and never while it still waits in a queue.
      if (store.serial[w] === 0 || store.queue[w] >= 0) twice.push(w);
      ends++;
      release(w);
    };
    const h = b.sim.register({ handle: (k) => actions[k].act(b.model) });
    b.model.start();
    actions.forEach((a, k) => b.sim.at(a.at, h, k));
    b.sim.run(b.spec.run.horizon);
    const c = b.model.snapshot();
    expect(twice).toEqual([]);
    expect(c[C.leavers]).toBeGreaterThan(20);
    expect(c[C.hires]).toBeGreaterThan(c[C.leavers]);
    expect(ends).toBeGreaterThan(10000);
    const { queued, inHand } = locate(b.model);
    const all = [...queued, ...inHand];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(store.live);
    // Every queued item waits where it belongs: a territory role's area work with the area's owner.
    const org = b.model.org as unknown as OrgInternals;
    b.spec.roles.forEach((spec, r) => {
      if (!spec.territory) return;
      const ps = org.persons[r];
      for (const p of ps) for (const w of p.own.toArray()) if (store.area[w] >= 0) expect(ps[store.area[w] % ps.length]).toBe(p);
      if (ps.length > 0) for (const w of org.shared[r].toArray()) expect(store.area[w]).toBeLessThan(0);
    });
  });

  it('respects the hiring delay: hires join after it, not before; leavers go at once', () => {
    const seen: number[] = [];
    const probe = (m: SalesModel) => seen.push(m.org.headcount(role(m, 'customer_service')));
    const b = runWith(['roles.customer_service.hiring={ delay: 3 wk }'], [
      { at: 2 * HOURS_PER_WEEK, act: (m) => { m.hire(role(m, 'customer_service'), 2); probe(m); } },
      { at: 5 * HOURS_PER_WEEK - 0.01, act: probe },
      { at: 5 * HOURS_PER_WEEK + 0.01, act: probe },
      { at: 6 * HOURS_PER_WEEK, act: (m) => { m.leave(role(m, 'customer_service'), 3); probe(m); } },
    ]);
    expect(seen).toEqual([4, 4, 6, 3]);
    expect(b.model.hiring(role(b.model, 'customer_service'))).toBe(0);
  });

  it('ramp-up is visible: a hire takes 1/productivity times as long, a veteran the task time', () => {
    // Constant 12-minute order entry, no call interruptions: the elapsed time of an
    // order entry started and finished within one shift is 12 min / productivity.
    const b = build([
      'tasks.order_entry.duration=12 min',
      'roles.customer_service.answers_calls=false',
      'roles.customer_service.hiring={ delay: 0 wk, ramp: { weeks: 8, start: 0.4 } }',
    ]);
    const cs = role(b.model, 'customer_service');
    const cal = b.spec.roles[cs].calendar;
    const started = new Map<number, number>();
    const ratios: { person: number; at: number; ratio: number }[] = [];
    const st = b.model.store;
    const starting = b.model.starting.bind(b.model);
    const finished = b.model.org.finished.bind(b.model.org);
    b.model.starting = (w, r, p) => { if (st.task[w] === b.model.spec.part.order && r === cs) started.set(st.serial[w], b.sim.now); return starting(w, r, p); };
    // Who finished it: the service's hook hears of the person, the model only of the role.
    b.model.org.finished = (w, r, s) => {
      const t0 = started.get(st.serial[w]);
      if (st.task[w] === b.model.spec.part.order && r === cs && t0 !== undefined && cal.nextChange(t0) >= b.sim.now) {
        ratios.push({ person: s, at: t0, ratio: (b.sim.now - t0) / 0.2 });
      }
      finished(w, r, s);
    };
    const h = b.sim.register({ handle: () => b.model.org.hire(cs, 2) });
    b.model.start();
    b.sim.at(4 * HOURS_PER_WEEK, h);
    b.sim.run(14 * HOURS_PER_WEEK);
    const veterans = ratios.filter((x) => x.person < 4);
    const hires = ratios.filter((x) => x.person >= 4);
    expect(veterans.length).toBeGreaterThan(100);
    expect(hires.length).toBeGreaterThan(100);
    for (const v of veterans) expect(v.ratio).toBeCloseTo(1, 9);
    const joined = 4 * HOURS_PER_WEEK;
    for (const x of hires) {
      const p = Math.min(1, 0.4 + (0.6 * (x.at - joined)) / (8 * HOURS_PER_WEEK));
      expect(x.ratio).toBeCloseTo(1 / p, 9);
    }
    // Early on a hire is clearly slower: about 1 / 0.4.
    expect(Math.max(...hires.map((x) => x.ratio))).toBeGreaterThan(2.2);
  });

  it('payroll is the integral of headcount x salary; capacity counts the people employed', () => {
    const log: { t: number; heads: number[] }[] = [];
    const b = build([
      'roles.customer_service.absence=0',
      'roles.inside_sales.leavers=6/yr',
      'roles.sales_manager.leavers=4/yr',
      'roles.customer_service.hiring={ delay: 1 wk }',
    ]);
    const staffChanged = b.model.staffChanged.bind(b.model);
    const snapshotHeads = () => log.push({ t: b.sim.now, heads: b.spec.roles.map((_, r) => b.model.org.headcount(r)) });
    b.model.staffChanged = (r) => { staffChanged(r); snapshotHeads(); };
    const cs = role(b.model, 'customer_service');
    const h = b.sim.register({ handle: (k) => (k === 0 ? b.model.hire(cs, 3) : b.model.leave(cs, 5)) });
    b.model.start();
    snapshotHeads();
    b.sim.at(3 * HOURS_PER_WEEK + 30, h, 0);
    b.sim.at(9 * HOURS_PER_WEEK + 50, h, 1);
    const weekly: Float64Array[] = [];
    const clock = b.sim.register({ handle: () => { weekly.push(b.model.snapshot()); b.sim.after(HOURS_PER_WEEK, clock); } });
    b.sim.at(0, clock);
    b.sim.run(b.spec.run.horizon);
    const end = b.model.snapshot();
    let integral = 0;
    log.forEach((e, k) => {
      const until = k + 1 < log.length ? log[k + 1].t : b.sim.now;
      integral += (until - e.t) * e.heads.reduce((a, n, r) => a + n * b.spec.roles[r].salaryPerWeek, 0);
    });
    expect(log.length).toBeGreaterThan(5);
    expect(end[C.payroll_area]).toBeCloseTo(integral, 3);
    expect(end[b.model.layout.people(cs)]).toBeCloseTo(log.reduce((a, e, k) => a + ((k + 1 < log.length ? log[k + 1].t : b.sim.now) - e.t) * e.heads[cs], 0), 6);
    // On-shift capacity per week: 45 office hours x the people employed (no absence).
    const L = b.model.layout;
    const capacity = (w: number) => weekly[w + 1][L.capacity(cs)] - weekly[w][L.capacity(cs)];
    expect(capacity(1)).toBeCloseTo(4 * 45, 6);
    expect(capacity(6)).toBeCloseTo(7 * 45, 6); // hired in week 4, joined a week later
    expect(capacity(12)).toBeCloseTo(2 * 45, 6);
  });
});
