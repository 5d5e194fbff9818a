import { HOURS_PER_WEEK } from '../kernel/calendar.js';
import { RandomStreams } from '../kernel/random.js';
import { limitsOf } from '../kernel/runaway.js';
import { complete, Simulation } from '../kernel/simulation.js';
import { Network } from './network.js';
import type { NetworkSpec } from './spec.js';
import type { ReplicationResult } from '../scenario/model-kind.js';
import { Probe } from './metrics.js';

export type { ReplicationResult };

/**
 * Runs one replication of a network with the given seed: schedules the week
 * boundaries and the end of the warm-up as ordinary events, runs the simulation to
 * its horizon (or until it has drained after its last arrival), and reads the
 * metrics off the snapshots.
 */
export function runReplication(spec: NetworkSpec, seed: string): ReplicationResult {
  return complete(replicationSlices(spec, seed, Infinity));
}

/**
 * runReplication in slices of `slice` events, pausing (yield) between them: the
 * same events in the same order, so the same result, whatever the slice.
 */
export function* replicationSlices(spec: NetworkSpec, seed: string, slice: number): Generator<void, ReplicationResult> {
  const sim = new Simulation(limitsOf(spec.run.maxInProgress));
  const net = new Network(spec, sim, new RandomStreams(seed));
  const probe = new Probe(net);
  const weeklyDefs = probe.metrics.filter((m) => m.weekly);
  const weeks: Float64Array[] = [];
  let previous = probe.snapshot(0);
  let warm = previous;
  const { horizon, warmup } = spec.run;

  const clock = sim.register({
    handle(kind: number) {
      const now = sim.now;
      if (kind === 0) {
        const snap = probe.snapshot(now);
        const d = diff(snap, previous);
        weeks.push(Float64Array.from(weeklyDefs, (m) => m.value(d, snap, HOURS_PER_WEEK, previous)));
        previous = snap;
        if (now + HOURS_PER_WEEK <= horizon) sim.at(now + HOURS_PER_WEEK, clock, 0);
      } else {
        warm = probe.snapshot(now);
        probe.resetQuantiles();
      }
    },
  });
  if (warmup > 0) sim.at(warmup, clock, 1);
  if (HOURS_PER_WEEK <= horizon) sim.at(HOURS_PER_WEEK, clock, 0);
  net.start();
  while (!sim.run(horizon, slice)) yield;

  const end = sim.now;
  const last = probe.snapshot(end);
  const span = end - (warmup > 0 && end >= warmup ? warmup : 0);
  const d = diff(last, warm);
  const names = [...probe.metrics.map((m) => m.name), ...probe.quantiles.map((q) => q.name)].concat(['run.duration_h']);
  const values = Float64Array.from([
    ...probe.metrics.map((m) => m.value(d, last, span, warm)),
    ...probe.quantiles.map((q) => q.read(net)),
    span,
  ]);
  return { names, values, weeklyNames: weeklyDefs.map((m) => m.name), weeks, endTime: end, events: sim.events };
}

function diff(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}
