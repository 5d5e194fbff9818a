import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOURS_PER_WEEK } from '../../src/kernel/calendar.js';
import type { IndexedQueue } from '../../src/kernel/resource/indexed-queue.js';
import { RandomStreams, replicationSeed } from '../../src/kernel/random.js';
import { Simulation } from '../../src/kernel/simulation.js';
import { ruleRoles } from '../../src/sales/coverage.js';
import { ITEM_KINDS } from '../../src/sales/item-book.js';
import { runSalesReplication } from '../../src/sales/replication.js';
import { compileRouting, type RoutingEntry } from '../../src/sales/coverage-schema.js';
import { SalesModel } from '../../src/sales/model.js';
import type { Person } from '../../src/sales/organization.js';
import { MANUFACTURER_TASKS } from '../../src/sales/tasks.js';

/** The manufacturer's task indices (its workflow file declares them in this order). */
const T = Object.fromEntries(MANUFACTURER_TASKS.map((t, i) => [t, i])) as Record<string, number>;
import { WorkStore } from '../../src/sales/work.js';
import { expectConserved } from '../support/conservation.js';
import { loadSales } from '../support/load.js';
import { ROOT } from '../support/study.js';
import { run } from './mechanisms-support.js';

/**
 * Coverage (docs/model.md#m3): routing by the item's account (segment), value
 * and area, first rule that matches; explicit territories (areas per person,
 * held as seats, or named accounts).
 */

const OI = 'scenarios/outside-in.yaml';
const DESK = 'test/fixtures/sales-order-desk.yaml';

describe('routing rules', () => {
  const segments = ['key', 'mid', 'small'];
  const roles = ['field_rep', 'inside_sales', 'desk'];
  const entry: RoutingEntry = [
    { when: { segment: ['key'] }, roles: ['field_rep', 'inside_sales'] },
    { when: { value_at_least: 5000 }, roles: ['field_rep'] },
    { when: { area: [3], value_below: 100 }, roles: ['desk'] },
    { roles: ['inside_sales'] },
  ];

  it('compile to flat data beside the union of their roles, in rule order; a plain list has no rules', () => {
    const c = compileRouting(entry, roles, segments, 10);
    expect(c.roles).toEqual([0, 1, 2]);
    expect(c.rules!.roles).toEqual([[0, 1], [0], [2], [1]]);
    expect(compileRouting(['inside_sales', 'field_rep'], roles, segments, 10)).toEqual({ roles: [1, 0], rules: null });
    const plain = loadSales(resolve(ROOT, OI)).spec;
    expect(plain.tasks.every((t) => t.rules === null)).toBe(true);
  });

  it('the first rule the item matches decides, by segment, value and area; a new logo only matches rules without a segment', () => {
    const rules = compileRouting(entry, roles, segments, 10).rules!;
    const st = new WorkStore();
    const segments3 = [0, 1, 2]; // accounts 0, 1, 2: key, mid, small
    const base = { segmentOf: (a: number) => segments3[a] };
    const item = (account: number, value: number, area: number) => {
      const w = st.item(T.order_entry, 0);
      st.account[w] = account;
      st.value[w] = value;
      st.area[w] = area;
      return ruleRoles(rules, st, base, w);
    };
    expect(item(0, 10, 3)).toEqual([0, 1]); // key: the first rule, whatever the value
    expect(item(2, 5000, 3)).toEqual([0]); // small, at least 5000
    expect(item(2, 4999.99, 3)).toEqual([1]); // small, below 5000, not below 100
    expect(item(1, 99, 3)).toEqual([2]); // area 3, below 100
    expect(item(1, 99, 4)).toEqual([1]);
    expect(item(-1, 50, 3)).toEqual([2]); // a new logo: no segment, but the area rule matches
    expect(item(-1, 50, -1)).toEqual([1]);
    const noDefault = compileRouting(entry.slice(0, 1), roles, segments, 10).rules!;
    const w = st.item(T.order_entry, 0);
    st.account[w] = 2;
    expect(ruleRoles(noDefault, st, base, w)).toEqual([]); // nobody does it
  });

  it('a single rule without conditions routes as the plain list does, draw for draw', () => {
    const plain = run(OI, [], { replications: 2 });
    const tasks = ['inbound_call', 'callback', 'order_entry', 'quote_simple', 'quote_complex', 'service_issue', 'renewal', 'meeting_scheduling', 'bd_meeting'];
    const ruled = run(OI, tasks.map((t) => `routing.${t}=[{ roles: [field_rep] }]`), { replications: 2 });
    expect(ruled.names).toEqual(plain.names);
    expect(ruled.values).toEqual(plain.values);
  });

  it('send each item where its rule says: the small accounts\' orders leave the order desk', () => {
    // The desk keys every order; with the rule, the back office keys the small accounts'.
    const split = 'routing.order_entry=[{ when: { segment: [small] }, roles: [back_office] }, { roles: [order_desk] }]';
    const all = run(DESK, [], { replications: 3 });
    const rest = run(DESK, [split], { replications: 3 });
    expect(all.has('role.back_office.time_share.order_entry')).toBe(false);
    expect(rest.row('role.back_office.time_share.order_entry').mean).toBeGreaterThan(0);
    // Orders a week: key 50 x 0.5 + mid 250 x 0.25 against small 900 x 0.1 (company.yaml): the desk keeps 87.5 / 177.5.
    const kept = rest.row('role.order_desk.work_in_week').mean / all.row('role.order_desk.work_in_week').mean;
    expect(kept).toBeGreaterThan(0.42);
    expect(kept).toBeLessThan(0.56);
    // The desk no longer overloaded: fewer orders lost waiting.
    expect(rest.row('lost_revenue_patience_week').mean).toBeLessThan(all.row('lost_revenue_patience_week').mean);
  });
});

// ---- territories ------------------------------------------------------------------------------

type OrgInternals = { shared: IndexedQueue[]; persons: Person[][] };

function build(set: string[]) {
  const loaded = loadSales(resolve(ROOT, OI), ['run.horizon=12 wk', 'run.warmup=0 wk', ...set]);
  const sim = new Simulation();
  const model = new SalesModel(loaded.spec, sim, new RandomStreams(replicationSeed(1, 0)));
  return { spec: loaded.spec, sim, model, org: model.org as unknown as OrgInternals };
}

/** Runs the model with `actions` at their times, checking `probe` after each and at the end. */
function runWith(b: ReturnType<typeof build>, actions: { at: number; act: () => void }[], probe: () => void): void {
  const h = b.sim.register({ handle: (k) => { actions[k].act(); probe(); } });
  b.model.start();
  actions.forEach((a, k) => b.sim.at(a.at, h, k));
  b.sim.run(b.spec.run.horizon);
  probe();
}

describe('explicit territories', () => {
  // Eight seats of four areas for ten reps: areas 32-39 are nobody's, two reps hold no seat.
  const lists = Array.from({ length: 8 }, (_, k) => [4 * k, 4 * k + 1, 4 * k + 2, 4 * k + 3]);
  const seatOf = (area: number) => (area < 32 ? Math.floor(area / 4) : -1);

  it('area lists are seats: area work waits with the seat\'s holder, the rest is shared; a leaver\'s seat is taken by whoever has none', () => {
    const b = build([`roles.field_rep.territories=${JSON.stringify(lists)}`, 'roles.field_rep.hiring={ delay: 0 wk }']);
    const st = b.model.store;
    const rep = b.spec.roles.findIndex((r) => r.id === 'field_rep');
    const seen = { own: 0, shared: 0, seatless: 0 };
    const probe = () => {
      const ps = b.org.persons[rep];
      for (const p of ps) {
        if (p.seat < 0) seen.seatless++;
        for (const w of p.own.toArray()) {
          // Work the person put down (a call came, the shift ended) waits with them, whoever owns it.
          if (st.area[w] < 0 || st.remaining[w] >= 0) continue;
          expect(seatOf(st.area[w]), `area ${st.area[w]} in the queue of the holder of seat ${p.seat}`).toBe(p.seat);
          seen.own++;
        }
      }
      const held = new Set(ps.map((p) => p.seat).filter((s) => s >= 0));
      expect(held.size).toBe(Math.min(8, ps.length));
      for (const w of b.org.shared[rep].toArray()) {
        if (st.area[w] < 0) continue;
        expect(held.has(seatOf(st.area[w])), `area ${st.area[w]} shared while its seat is held`).toBe(false);
        seen.shared++;
      }
    };
    const W = HOURS_PER_WEEK;
    runWith(b, [
      { at: 2 * W + 10, act: () => b.model.org.leavePerson(rep, 2) }, // a seated rep: the first seatless one takes the seat
      { at: 3 * W + 10, act: () => b.model.org.leave(rep, 3) }, // down to six: two seats empty
      { at: 5 * W + 10, act: () => b.model.org.hire(rep, 4) }, // the seats are taken again, two hires hold none
    ], probe);
    expect(seen.own).toBeGreaterThan(100);
    expect(seen.shared).toBeGreaterThan(10);
    expect(seen.seatless).toBeGreaterThan(0);
  });

  it('lists naming the areas area modulo headcount gives run as `territory: true` does, draw for draw', () => {
    const plain = run(OI, [], { replications: 2 });
    const modulo = Array.from({ length: 10 }, (_, k) => [k, k + 10, k + 20, k + 30]);
    const listed = run(OI, [`roles.field_rep.territories=${JSON.stringify(modulo)}`], { replications: 2 });
    expect(listed.values).toEqual(plain.values);
  });

  it('`accounts`: each account\'s work waits with its named owner, work without an account with the whole role', () => {
    const b = build(['roles.field_rep.territories=accounts']);
    const st = b.model.store;
    const rep = b.spec.roles.findIndex((r) => r.id === 'field_rep');
    let owned = 0;
    runWith(b, [{ at: 3 * HOURS_PER_WEEK + 10, act: () => b.model.org.leave(rep, 1) }], () => {
      const ps = b.org.persons[rep];
      ps.forEach((p, k) => {
        for (const w of p.own.toArray()) {
          if (st.account[w] < 0 || st.remaining[w] >= 0) continue;
          expect(st.account[w] % ps.length).toBe(k);
          owned++;
        }
      });
      for (const w of b.org.shared[rep].toArray()) expect(st.account[w]).toBeLessThan(0);
    });
    expect(owned).toBeGreaterThan(50);
  });

  it('listing nobody for a territory shares its work: one seat for all forty areas overloads its holder', () => {
    const one = run(OI, [`roles.field_rep.territories=${JSON.stringify([Array.from({ length: 40 }, (_, a) => a)])}`], { replications: 2 });
    const none = run(OI, ['roles.field_rep.territories=[]'], { replications: 2 });
    const base = run(OI, [], { replications: 2 });
    // Every area with one rep: the queue is his, and most of it expires; nobody's: the role shares it.
    expect(one.row('role.field_rep.queue_length_mean').mean).toBeGreaterThan(3 * base.row('role.field_rep.queue_length_mean').mean);
    expect(none.row('orders_week').mean).toBeGreaterThan(one.row('orders_week').mean);
  });
});

describe('coverage conserves the customer\'s items', () => {
  it('under rules without a default, listed territories and phases that change both', () => {
    // Visits for key accounts only; three seats for nine reps; then seven reps on two seats, the small
    // accounts' orders back to the reps and simple quotes only for key accounts (the rest not done);
    // then nobody at the desk, whose queue the small accounts' calls still reach.
    const phases = [
      { at: '6 wk', roles: { field_rep: { headcount: 7, territories: [[0, 1], [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]] } },
        routing: { order_entry: ['field_rep'], quote_simple: [{ when: { segment: ['key'] }, roles: ['field_rep'] }] } },
      { at: '12 wk', roles: { inside_sales: { headcount: 0 }, field_rep: { territories: 'accounts' } } },
    ];
    const loaded = loadSales(resolve(ROOT, 'scenarios/key-accounts.yaml'), [
      'run.horizon=20 wk', 'run.warmup=2 wk',
      'routing.am_visit=[{ when: { segment: [key] }, roles: [field_rep] }]',
      'roles.field_rep.territories=[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]',
      `phases=${JSON.stringify(phases)}`,
    ]);
    const r = runSalesReplication(loaded.spec, '1');
    expectConserved(r, ITEM_KINDS);
    const v = (m: string) => r.values[r.names.indexOf(m)];
    expect(v('items.quote.lost')).toBeGreaterThan(0);
    expect(v('items.call.abandoned')).toBeGreaterThan(0);
  });
});

// ---- validation ---------------------------------------------------------------------------------

function overlay(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'coverage-')), 'model.yaml');
  writeFileSync(file, `extends: ${resolve(ROOT, OI)}\n${text}`);
  return file;
}

describe('coverage mistakes are one line with file, line and field', () => {
  const cases: [string, string, RegExp][] = [
    ['an unknown segment', 'routing:\n  order_entry:\n    - when: { segment: [big] }\n      roles: [field_rep]\n',
      /model\.yaml:4:\d+: routing\.order_entry\.0\.when\.segment\.0: unknown segment 'big' \(segments: key, mid, small\)$/],
    ['an unknown role', 'routing:\n  order_entry:\n    - roles: [desk]\n',
      /model\.yaml:4:\d+: routing\.order_entry\.0\.roles\.0: unknown role 'desk' \(roles: [a-z_, ]+\)$/],
    ['an area the company has not', 'routing:\n  order_entry:\n    - when: { area: [40] }\n      roles: [field_rep]\n    - roles: [field_rep]\n',
      /model\.yaml:4:\d+: routing\.order_entry\.0\.when\.area\.0: expected an area from 0 to 39 \(company\.areas: 40\)$/],
    ['a rule after the default', 'routing:\n  order_entry:\n    - roles: [field_rep]\n    - when: { segment: [key] }\n      roles: [field_rep]\n',
      /model\.yaml:5:\d+: routing\.order_entry\.1: never used: rule 0 has no conditions and takes every item first \(the default goes last\)$/],
    ['an empty value range', 'routing:\n  order_entry:\n    - when: { value_at_least: 5000, value_below: 5000 }\n      roles: [field_rep]\n',
      /routing\.order_entry\.0\.when\.value_below: expected more than value_at_least \(5000\): no value matches$/],
    ['an area owned twice', 'roles:\n  field_rep:\n    territories: [[0, 1], [2, 1]]\n',
      /model\.yaml:4:\d+: roles\.field_rep\.territories\.1\.1: area 1 is already person 0's: each area has one owner in a role$/],
    ['a territory beyond the areas', 'roles:\n  field_rep:\n    territories: [[0, 41]]\n',
      /roles\.field_rep\.territories\.0\.1: expected an area from 0 to 39 \(company\.areas: 40\)$/],
    ['a territory that is neither', 'roles:\n  field_rep:\n    territories: areas\n',
      /roles\.field_rep\.territories: .*accounts/],
  ];
  it.each(cases)('%s', (_what, text, message) => {
    expect(() => loadSales(overlay(text))).toThrow(message);
  });
});
