import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams, replicationSeed } from '../../src/kernel/random.js';
import { Simulation } from '../../src/kernel/simulation.js';
import { loadSales as loadScenario } from '../support/load.js';
import { ITEM_KINDS, K } from '../../src/sales/item-book.js';
import { SalesModel } from '../../src/sales/model.js';
import { runSalesReplication } from '../../src/sales/replication.js';
import type { SalesSpec } from '../../src/sales/spec.js';
import { expectConserved } from '../support/conservation.js';
import { ROOT } from '../support/study.js';

/**
 * Every call, order, quote, opportunity and renewal that arrives ends in exactly
 * one state (completed, abandoned, lost) or is still in progress, and the counts
 * in summary.csv and weekly.csv add up, as test/network/conservation.test.ts
 * checks a network's items.
 */

function load(file: string, set: string[] = []): SalesSpec {
  const loaded = loadScenario(resolve(ROOT, file), set);
  if (loaded.kind !== 'sales') throw new Error('not sales');
  return loaded.spec;
}

/** The model run to its horizon, for a look at what is still alive. */
function runModel(spec: SalesSpec, seed = 1): SalesModel {
  const sim = new Simulation();
  const model = new SalesModel(spec, sim, new RandomStreams(replicationSeed(seed, 0)));
  model.start();
  sim.run(spec.run.horizon);
  return model;
}

describe('conservation of the customer\'s items', () => {
  for (const file of ['scenarios/inside-out.yaml', 'scenarios/outside-in.yaml', 'scenarios/transition-throttled.yaml', 'scenarios/inbound-peaks.yaml']) {
    it(`holds in ${file}, over the measured window and week by week`, () => {
      const r = runSalesReplication(load(file, [`run.horizon=${file.includes('transition') ? 40 : 30} wk`, 'run.warmup=4 wk']), '1');
      expectConserved(r, ITEM_KINDS);
      // Every kind was exercised, and some ended in each way, so the test means something.
      const v = (m: string) => r.values[r.names.indexOf(m)];
      for (const kind of ITEM_KINDS) expect(v(`items.${kind}.completed`), kind).toBeGreaterThan(0);
      expect(v('items.call.abandoned') + v('items.order.lost') + v('items.opportunity.lost')).toBeGreaterThan(0);
    });
  }

  it('the items in progress at the end are the live work items and open opportunities', () => {
    const model = runModel(load('scenarios/outside-in.yaml', ['run.horizon=20 wk', 'run.warmup=0 wk']));
    const alive = new Array<number>(ITEM_KINDS.length).fill(0);
    const st = model.store;
    for (let w = 0; w < st.allocated; w++) if (st.serial[w] !== 0 && model.spec.tasks[st.task[w]].kind >= 0) alive[model.spec.tasks[st.task[w]].kind]++;
    alive[K.opportunity] = model.openOpportunities.value;
    expect(Array.from(model.items.live)).toEqual(alive);
  });

  it('holds for random one-desk organizations: patience, calls, voicemail, phases, nobody to do the work (property)', () => {
    const desk = fc.record({
      headcount: fc.integer({ min: 0, max: 3 }),
      calendar: fc.constantFrom('24/7', 'office'),
      // Rates in tenths per hour (tiny doubles would leave the desk idle), shares in tenths.
      orders: fc.integer({ min: 0, max: 30 }).map((x) => x / 10),
      phone: fc.integer({ min: 0, max: 10 }).map((x) => x / 10),
      quotes: fc.integer({ min: 0, max: 10 }).map((x) => x / 10),
      contracts: fc.integer({ min: 0, max: 10 }).map((x) => x / 10),
      leads: fc.integer({ min: 0, max: 20 }).map((x) => x / 10),
      patience: fc.constantFrom('10 min', '2 h', '1 d'),
      voicemail: fc.integer({ min: 0, max: 10 }).map((x) => x / 10),
      phaseHeadcount: fc.integer({ min: 0, max: 3 }),
      keying: fc.boolean(),
    });
    fc.assert(fc.property(desk, fc.nat(1000), (d, seed) => {
      const set = [
        'run.horizon=6 wk', 'run.warmup=1 wk', 'calendars={"office":{"days":"mon-fri","hours":"08:00-17:00"}}',
        `roles.desk.headcount=${d.headcount}`, `roles.desk.calendar=${JSON.stringify(d.calendar)}`,
        `company.segments.customers.orders=${d.orders}/h`, `company.segments.customers.phone_share=${d.phone}`,
        `company.segments.customers.quote_requests=${d.quotes}/h`, `company.segments.customers.service_issues=0/h`,
        `company.segments.customers.contract={"share":${d.contracts},"value":1000}`,
        `company.market_leads=${d.leads}/h`, `company.calls={"voicemail":${d.voicemail}}`, 'company.quotes={"win":0.5}',
        'routing={"inbound_call":["desk"],"callback":["desk"],"order_entry":["desk"],"quote_simple":["desk"],"quote_complex":["desk"],"renewal":["desk"],"meeting_scheduling":["desk"],"bd_meeting":["desk"],"design":["desk"]}',
        'roles.desk.renewal={"uplift":0.02,"retention":0.9}',
        // Durations and patience set field by field: the tasks' flows come from the workflow the scenario extends.
        ...Object.entries({
          inbound_call: ['{"exponential":"6 min"}', `{"exponential":"${d.patience}"}`], callback: ['8 min', d.patience],
          order_entry: ['{"exponential":"20 min"}', d.patience], quote_simple: ['30 min', d.patience], quote_complex: ['1 h', null],
          renewal: ['1 h', d.patience], meeting_scheduling: ['10 min', d.patience], bd_meeting: ['1 h', d.patience], design: ['2 h', null],
        }).flatMap(([t, [duration, patience]]) => [`tasks.${t}.duration=${duration}`, ...(patience === null ? [] : [`tasks.${t}.patience=${patience}`])]),
        // A phase changes the headcount and may take order keying away: queued orders are then dropped.
        `phases=[{"at":"3 wk","roles":{"desk":{"headcount":${d.phaseHeadcount}}}${d.keying ? '' : ',"routing":{"order_entry":null}'}}]`,
      ];
      let spec: SalesSpec;
      try {
        spec = load('scenarios/theory/sales-mmc.yaml', set);
      } catch (e) {
        // A phase without order keying while orders come by email is refused at load: not a run to check.
        if (e instanceof Error && /order_entry/.test(e.message)) return;
        throw e;
      }
      expectConserved(runSalesReplication(spec, String(seed)), ITEM_KINDS);
    }), { numRuns: 25 });
  });
});
