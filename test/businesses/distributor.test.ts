import { describe, expect, it } from 'vitest';
import { ARRIVED, K } from '../../src/sales/item-book.js';
import { paired, per, type Probe, replicate, show } from './support.js';

/**
 * The distributor's order desk (docs/businesses.md#distributor, case 4 in docs/model.md):
 * D1-D4 on its three models, paired on common random numbers (replication r of every
 * model runs on the same seed: the same callers, draw for draw). Shorter than the
 * shipped year (26 weeks measured after 4 of warm-up, 8 replications): the paired
 * differences are narrow (their standard errors are quoted beside each threshold,
 * measured with SALESIM_TEST_LOG=1), and the levels of D4 are far from their bands.
 */
const DIR = 'scenarios/distributor';
const A = `${DIR}/desk-outcall-peak.yaml`;
const B = `${DIR}/desk-outcall-trough.yaml`;
const C = `${DIR}/desk-split.yaml`;
const SHORT = ['run.horizon=26 wk', 'run.warmup=4 wk'];
const REPS = 8;

/** Per hour of the day, calls offered and abandoned (by the hour they came in); per role, outcalls made and the orders they brought. */
interface Desk {
  offered: number[];
  abandoned: number[];
  outcalls: Map<string, number>;
  outcallOrders: number;
}

/** Watches the measured window only: what hangs up, what is answered, what an outcall leads to. */
const desk: Probe<Desk> = (model, sim) => {
  const out: Desk = { offered: new Array(24).fill(0), abandoned: new Array(24).fill(0), outcalls: new Map(), outcallOrders: 0 };
  const warm = model.spec.run.warmup;
  const hour = (w: number) => Math.floor(model.store.requested[w]) % 24;
  const { expired, starting, done } = model;
  const orders = model.layout.item(K.order, ARRIVED);
  model.expired = (w) => {
    if (sim.now >= warm && model.store.task[w] === model.spec.part.call) { out.offered[hour(w)]++; out.abandoned[hour(w)]++; }
    expired.call(model, w);
  };
  model.starting = (w, role, person) => {
    if (sim.now >= warm && model.store.task[w] === model.spec.part.call) out.offered[hour(w)]++;
    return starting.call(model, w, role, person);
  };
  model.done = (w, role) => {
    if (sim.now < warm || model.store.task[w] !== model.spec.part.outbound) return done.call(model, w, role);
    const id = model.spec.roles[role].id;
    out.outcalls.set(id, (out.outcalls.get(id) ?? 0) + 1);
    const before = model.counters[orders];
    done.call(model, w, role);
    out.outcallOrders += model.counters[orders] - before;
  };
  return () => out;
};

const run = (file: string) => replicate(file, SHORT, REPS, desk, 'desk');
const outcalls = (d: Desk) => [...d.outcalls.values()].reduce((a, b) => a + b, 0);
const ratio = (b: number[], a: number[]) => b.map((x, i) => x / a[i]);

describe('D1: in model A, suggestive selling falls with the queue and the outcall hour breeds callbacks and hang-ups', () => {
  it('upsell success with 1-2 calls waiting lies wholly below success with none, and is >= 40% lower with 3-5 waiting', () => {
    const a = run(A);
    const none = a.row('upsell_rate.queue_0');
    const some = a.row('upsell_rate.queue_1_2');
    show('upsell queue_0', none);
    show('upsell queue_1_2', some);
    // Measured 0.151 [0.150, 0.152] against 0.095 [0.090, 0.100]: the intervals are 0.05 apart.
    expect(some.ci95_high).toBeLessThan(none.ci95_low);
    // 3-5 waiting: a ratio of 0.33 to none (se 0.02): 13 standard errors below 0.6.
    const busy = per('upsell queue_3_5 / queue_0', ratio(a.each('upsell_rate.queue_3_5'), a.each('upsell_rate.queue_0')));
    show('upsell 3-5 / none', busy);
    expect(busy.ci95_high).toBeLessThan(0.6);
  });

  it('callbacks waiting at the end of the outcall hour are >= 5x those at its start', () => {
    const a = run(A);
    const x = per('callbacks at block end / start', ratio(a.each('callbacks_waiting_block_end_mean'), a.each('callbacks_waiting_block_start_mean')));
    show('callbacks end / start', x);
    // Measured 8.3x (se 0.3); over the shipped year 10.8 against 1.24, 8.7x.
    expect(x.ci95_low).toBeGreaterThan(5);
  });

  it('calls coming in during the outcall hour are abandoned >= 3x as often as in the rest of the day', () => {
    const a = run(A);
    const x = per('abandonment 10:00 / rest of day', a.probed.map((d) => {
      const rate = (ab: number, off: number) => ab / off;
      const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
      return rate(d.abandoned[10], d.offered[10]) / rate(sum(d.abandoned) - d.abandoned[10], sum(d.offered) - d.offered[10]);
    }));
    show('abandonment ratio, block hour / rest', x);
    // Measured 4.6x (se 0.06); over the shipped year 22% of the calls coming in at 10:00 against 4.9%.
    expect(x.ci95_low).toBeGreaterThan(3);
  });
});

describe('D2: moving the same outcall hour from the 10:00 peak to the 14:00 trough (B vs A) keeps the yield and cuts the damage', () => {
  it('abandonment over the day falls', () => {
    const a = run(A);
    const b = run(B);
    const cut = per('abandonment, 1 - B / A', ratio(b.each('calls_abandoned_fraction'), a.each('calls_abandoned_fraction')).map((x) => 1 - x));
    show('abandonment A', a.row('calls_abandoned_fraction'));
    show('abandonment B', b.row('calls_abandoned_fraction'));
    show('abandonment cut', cut);
    // Measured: 7.8% -> 6.6% of calls, a cut of 16% (se 0.6 points). D2's ">= 30%" is not
    // reached (docs/businesses.md 2d): the morning peak itself, on ten CSRs, abandons ~12% of
    // its calls with nobody in the outcall room, so a day without any outcall hour already
    // loses 5.9%, and the hour adds 1.7 points at 10:00 but 0.6 at 14:00 (the next test).
    expect(cut.ci95_low).toBeGreaterThan(0.1);
  });

  it('the outcall hour\'s own damage, abandonment above the same desk without it, falls by at least half', () => {
    const none = replicate(A, [...SHORT, 'roles.csr_outcall.blocks=[]'], REPS, desk, 'desk');
    const above = (r: ReturnType<typeof run>) => r.each('calls_abandoned_fraction').map((x, i) => x - none.each('calls_abandoned_fraction')[i]);
    const x = per('damage, B / A', ratio(above(run(B)), above(run(A))));
    show('abandonment without an outcall hour', none.row('calls_abandoned_fraction'));
    show('damage B / A', x);
    // Measured over the shipped year: 5.9% without the hour, +1.7 points with it at 10:00, +0.6 at 14:00: 0.34.
    expect(x.ci95_high).toBeLessThan(0.5);
  });

  it('callbacks waiting at the block end are at most half of A\'s', () => {
    const x = per('callbacks at block end, B / A', ratio(run(B).each('callbacks_waiting_block_end_mean'), run(A).each('callbacks_waiting_block_end_mean')));
    show('callbacks at block end B / A', x);
    // Measured 2.9 against 10.8, 0.27 (se ~0.01).
    expect(x.ci95_high).toBeLessThan(0.5);
  });

  it('the outcalls made, and the orders they bring, are within 5% of A\'s', () => {
    const a = run(A);
    const b = run(B);
    const calls = per('outcalls, B / A - 1', ratio(b.probed.map(outcalls), a.probed.map(outcalls)).map((x) => x - 1));
    const orders = per('outcall orders, B / A - 1', ratio(b.probed.map((d) => d.outcallOrders), a.probed.map((d) => d.outcallOrders)).map((x) => x - 1));
    show('outcalls A', per('outcalls A', a.probed.map(outcalls)));
    show('outcalls B / A - 1', calls);
    show('outcall orders B / A - 1', orders);
    // Outcalls +3.4% (se 0.25 points): at 10:00 the three are more often on a call when the
    // hour starts, and finish it first. Orders +2.8% (se 0.5 points): the same outcome draws
    // per outcall (common random numbers), so the outcalls' difference and a little noise;
    // 4 standard errors inside the 5%.
    expect(Math.abs(calls.ci95_low)).toBeLessThan(0.05);
    expect(Math.abs(calls.ci95_high)).toBeLessThan(0.05);
    expect(Math.abs(orders.ci95_low)).toBeLessThan(0.05);
    expect(Math.abs(orders.ci95_high)).toBeLessThan(0.05);
  });

  it('revenue lost to callers who hung up and to messages returned too late falls', () => {
    const lost = (r: ReturnType<typeof run>) => r.each('lost_revenue_abandonment_week').map((x, i) => x + r.each('lost_revenue_patience_week')[i]);
    const a = run(A);
    const b = run(B);
    const d = per('lost revenue, B - A ($/week)', lost(b).map((x, i) => x - lost(a)[i]));
    show('lost revenue B - A', d);
    // Measured -$4,800 a week (se $400); over the shipped year -$3,800 ($30.0k against $26.2k).
    expect(d.ci95_high).toBeLessThan(0);
  });
});

describe('D3: a split desk (C: 8 CSRs, 2 inside salespeople with protected outcall time) sells more without hurting service', () => {
  it('outcalls at least double, and their orders with them; the service level is not more than 5 points worse; upsell revenue not lower', () => {
    const a = run(A);
    const c = run(C);
    const more = per('outcalls, C / A', ratio(c.probed.map(outcalls), a.probed.map(outcalls)));
    const orders = per('outcall orders, C / A', ratio(c.probed.map((d) => d.outcallOrders), a.probed.map((d) => d.outcallOrders)));
    show('outcalls C / A', more);
    show('outcall orders C / A', orders);
    // Measured 4.3x (se 0.02): 30 protected hours a week against 15, plus the filler hours the phones leave.
    expect(more.ci95_low).toBeGreaterThan(2);
    // The same yield per call (0.08) and order values in both: outcall revenue follows the orders.
    expect(c.spec.roles.find((r) => r.id === 'inside_sales')?.outbound?.order).toBe(a.spec.roles.find((r) => r.id === 'csr_outcall')?.outbound?.order);
    expect(orders.ci95_low).toBeGreaterThan(2);
    const service = paired(a, c, 'service_level');
    show('service level C - A', service);
    // Measured +1.7 points (se 0.07): better, not worse.
    expect(service.ci95_low).toBeGreaterThan(-0.05);
    const upsell = paired(a, c, 'revenue_upsell_week');
    show('upsell revenue C - A', upsell);
    // Measured +$1,860 a week (se $125; +$1,350 over the shipped year): the salespeople's
    // overflow calls at 0.30 more than make up for the CSRs' 0.15.
    expect(upsell.ci95_low).toBeGreaterThan(0);
  });
});

describe('D4: the load is the story\'s (model B)', () => {
  it('50-100 calls offered per CSR a day, >= 90% answered, occupancy 0.65-0.85', () => {
    const b = run(B);
    // Measured 55.2 a day (se 0.07), 6.6% abandoned (se 0.06 points), occupancy 0.826 (se 0.0015).
    const perCsrDay = per('calls per CSR a day', b.each('calls_offered_week').map((x) => x / 10 / 5));
    show('calls per CSR a day', perCsrDay);
    expect(perCsrDay.ci95_low).toBeGreaterThan(50);
    expect(perCsrDay.ci95_high).toBeLessThan(100);
    show('abandonment B', b.row('calls_abandoned_fraction'));
    expect(b.row('calls_abandoned_fraction').ci95_high).toBeLessThan(0.1);
    // Occupancy: hours on the desk's work over the hours at the desk, the outcall hour out of
    // both (5 of the rota's 45 hours a week). Both roles keep the same calendar and absence,
    // so on-shift hours go as headcount.
    const roles = [{ id: 'csr', n: 7, block: 0 }, { id: 'csr_outcall', n: 3, block: 5 / 45 }];
    const occupancy = per('occupancy', b.values.map((_, i) => {
      let busy = 0;
      let open = 0;
      for (const r of roles) {
        busy += r.n * b.each(`role.${r.id}.utilization`)[i] * (1 - (b.values[i].get(`role.${r.id}.time_share.outbound_call`) ?? 0));
        open += r.n * (1 - r.block);
      }
      return busy / open;
    }));
    show('occupancy B', occupancy);
    expect(occupancy.ci95_low).toBeGreaterThan(0.65);
    expect(occupancy.ci95_high).toBeLessThan(0.85);
  });
});
