import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Runaway } from '../../src/kernel/runaway.js';
import { complete, Simulation } from '../../src/kernel/simulation.js';
import { runJobs } from '../../src/run/parallel.js';
import { replicationSlices, runReplication } from '../../src/network/replication.js';
import { runOne } from '../../src/run/study.js';
import { runSalesReplication, salesReplicationSlices } from '../../src/sales/replication.js';
import type { SalesSpec } from '../../src/sales/spec.js';
import type { NetworkSpec } from '../../src/network/spec.js';
import { UserError } from '../../src/scenario/load.js';
import { loadScenario } from '../../src/models/index.js';
import { tempDir } from '../support/cli.js';
import { ROOT } from '../support/study.js';

const at = (file: string) => resolve(ROOT, file);

/** The UserError loadScenario throws (its message), or 'no error'. */
function refusal(file: string, set: string[]): string {
  try {
    loadScenario(at(file), set);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  return 'no error';
}

/** A network scenario file in a fresh folder. */
function network(text: string): string {
  const file = join(tempDir(), 's.yaml');
  writeFileSync(file, text);
  return file;
}

const HOT = `name: hot
run: { horizon: 4 wk, replications: 2 }
roles: { server: { headcount: 1 } }
tasks: { service: { role: server, duration: { exponential: 1 h } } }
items: { customer: { arrivals: { rate: 1e308/h }, first_task: service } }
`;

/** After its first task each customer goes to echo, which takes no time and spawns a ping, which goes to echo... */
const LOOP = `name: loop
run: { horizon: 4 wk, replications: 2 }
roles: { server: { headcount: 1 } }
tasks:
  start: { role: server, duration: { exponential: 1 h }, next: echo }
  echo: { role: server, duration: 0 h, spawn: [{ items: ping }] }
items:
  customer: { arrivals: { rate: 1/h }, first_task: start }
  ping: { first_task: echo }
`;

describe('a run that cannot be right is refused before it starts', () => {
  it('a warm-up at or past the horizon, naming both fields, where each came from and what was expected', () => {
    expect(refusal('scenarios/inside-out.yaml', ['run.horizon=8 wk'])).toMatch(
      /scenarios\/inside-out\.yaml: run\.horizon: 8 wk \(--set run\.horizon=8 wk\) must be longer than the warm-up, run\.warmup: 12 wk \(.*scenarios\/company\.yaml:15:3\)/);
    // Equal is refused too (nothing left to measure); a network scenario as well.
    expect(refusal('scenarios/theory/mm1.yaml', ['run.horizon=4 wk'])).toMatch(/run\.horizon: 4 wk .*must be longer than the warm-up, run\.warmup: 4 wk \(.*mm1\.yaml:13:3\)/);
    // The flag that made it wrong is the one named first.
    expect(refusal('scenarios/theory/mm1.yaml', ['run.warmup=200 wk'])).toMatch(/run\.warmup: 200 wk \(--set run\.warmup=200 wk\) must be shorter than the run, run\.horizon: 104 wk \(.*mm1\.yaml:12:3\)/);
    // Both in the file: file:line:col of the horizon.
    expect(refusal(network(HOT.replace('horizon: 4 wk', 'horizon: 4 wk, warmup: 5 wk')), [])).toMatch(/s\.yaml:2:8: run\.horizon: 4 wk must be longer than the warm-up, run\.warmup: 5 wk \(.*s\.yaml:2:23\)/);
  });

  it('a horizon of 0 or less, for both kinds of scenario', () => {
    expect(refusal('scenarios/theory/mm1.yaml', ['run.horizon=0 wk'])).toBe("--set run.horizon=0 wk: run.horizon: expected a horizon longer than 0, such as '52 wk'");
    expect(refusal('scenarios/inside-out.yaml', ['run.horizon=0'])).toBe("--set run.horizon=0: run.horizon: expected a horizon longer than 0, such as '52 wk'");
    expect(refusal('scenarios/inside-out.yaml', ['run.horizon=-2 wk'])).toMatch(/run\.horizon: expected a non-negative duration/);
    expect(refusal(network(HOT.replace('horizon: 4 wk', 'horizon: 0 wk')), [])).toMatch(/s\.yaml:2:8: run\.horizon: expected a horizon longer than 0/);
  });

  it('a phase at or past the horizon (it would never take effect)', () => {
    expect(refusal('scenarios/transition.yaml', ['run.horizon=20 wk'])).toMatch(
      /transition\.yaml:\d+:\d+: phases\[3\]\.at: 26 wk must be before the end of the run, run\.horizon: 20 wk \(--set run\.horizon=20 wk\)/);
  });
});

describe('a runaway run stops with one line naming where and when', () => {
  it('a rate of 1e308/h: stopped at the item limit, at once, naming the task', () => {
    const spec = loadScenario(network(HOT));
    expect(() => runOne(spec, '1')).toThrow(UserError);
    expect(() => runOne(spec, '1')).toThrow(/^runaway: 250,000 items in progress at week 1, Mon 00:00, most of them at task 'service' \(a zero-duration loop or a rate too high\? run\.max_in_progress raises the limit\)$/);
  });

  it('a zero-duration task spawning items with no delay: stopped after a million events at one instant', () => {
    const spec = loadScenario(network(LOOP));
    expect(() => runOne(spec, '1')).toThrow(/^runaway: 1,000,000 events without the clock moving at week 1, Mon \d\d:\d\d, most of them at task 'echo' /);
  });

  it('run.max_in_progress sets the item limit', () => {
    const spec = loadScenario(network(HOT), ['run.max_in_progress=1000']);
    expect(() => runOne(spec, '1')).toThrow(/^runaway: 1,000 items in progress/);
  });

  it('a sales organization whose demand has no end', () => {
    const spec = loadScenario(at('scenarios/inside-out.yaml'), ['company.segments.key.orders=1e308/h']);
    // Demand comes only in open hours: the endless orders arrive at the first opening and fill the item limit.
    expect(() => runOne(spec, '1')).toThrow(/^runaway: 250,000 work items in progress at week 1, Mon 08:00, most of them at task 'inbound_call' /);
  });

  it('a finite rate far too high: a million events within one simulated hour (the fuzz test found a per-account rate x 1e9 running for hours in flat memory)', () => {
    const spec = loadScenario(at('scenarios/engineering-by-reps.yaml'), ['company.segments.key.engineering_requests=2e8/wk', 'run.horizon=3 wk', 'run.warmup=1 wk']);
    // Demand comes only in open hours (candidates are no longer drawn and dropped through the night): at the
    // first opening the requests are kept, and the item limit stops the run before the burst check would.
    expect(() => runOne(spec, '1')).toThrow(/^runaway: 250,000 work items in progress at week 1, Mon 08:00, most of them at task 'engineering_request' /);
  });

  it('events pending past the limit', () => {
    const sim = new Simulation({ pending: 1000 });
    const h = sim.register({ handle: () => { sim.after(1, h); sim.after(1, h); } });
    sim.at(0, h);
    expect(() => sim.run()).toThrow(Runaway);
    expect(sim.pending).toBeLessThanOrEqual(1000);
  });

  it('on worker threads and serially: a UserError with the same line', async () => {
    const job = { file: network(LOOP), set: [] };
    for (const workers of [2, 1]) {
      const run = runJobs([job], { workers });
      await expect(run).rejects.toBeInstanceOf(UserError);
      await expect(run).rejects.toThrow(/^runaway: 1,000,000 events without the clock moving at week 1, .* at task 'echo' /);
    }
  });
});

describe('a replication in slices', () => {
  it('gives exactly the unsliced results, for both kinds of scenario', () => {
    const net = loadScenario(at('test/fixtures/everything.yaml'), ['run.horizon=2 wk']).spec as NetworkSpec;
    expect(complete(replicationSlices(net, 'x', 997))).toEqual(runReplication(net, 'x'));
    const sales = loadScenario(at('scenarios/inside-out.yaml'), ['run.horizon=3 wk', 'run.warmup=1 wk']).spec as SalesSpec;
    let pauses = 0;
    const slices = salesReplicationSlices(sales, 'y', 1_000);
    let step = slices.next();
    for (; step.done !== true; step = slices.next()) pauses++;
    expect(pauses).toBeGreaterThan(3);
    expect(step.value).toEqual(runSalesReplication(sales, 'y'));
  });
});
