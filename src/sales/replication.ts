import { HOURS_PER_WEEK } from '../kernel/calendar.js';
import { RandomStreams } from '../kernel/random.js';
import { limitsOf } from '../kernel/runaway.js';
import { complete, Simulation } from '../kernel/simulation.js';
import type { ReplicationResult } from '../scenario/model-kind.js';
import { attainmentMetrics, type PersonBooks } from './credit.js';
import { constraintOf, salesMetrics, saturatedRoles } from './ledger.js';
import { SalesModel } from './model.js';
import type { SalesSpec } from './spec.js';

/** A replication of a sales scenario: the usual numeric results plus the weekly constraint. */
export interface SalesReplicationResult extends ReplicationResult {
  /** Text series per week, e.g. the constraint. */
  weeklyLabels: { name: string; values: string[] }[];
}

/**
 * Runs one replication: snapshots at the end of the warm-up, at every week
 * boundary and at the horizon; weekly values and the constraint come from
 * differences of consecutive snapshots, the summary from end minus warm-up.
 */
export function runSalesReplication(spec: SalesSpec, seed: string): SalesReplicationResult {
  return complete(salesReplicationSlices(spec, seed, Infinity));
}

/**
 * runSalesReplication in slices of `slice` events, pausing (yield) between them:
 * the same events in the same order, so the same result, whatever the slice.
 */
export function* salesReplicationSlices(spec: SalesSpec, seed: string, slice: number): Generator<void, SalesReplicationResult> {
  const sim = new Simulation(limitsOf(spec.run.maxInProgress));
  const model = new SalesModel(spec, sim, new RandomStreams(seed));
  const metrics = salesMetrics(spec, model.layout);
  const weekly = metrics.filter((m) => m.weekly);
  const weeks: Float64Array[] = [];
  const constraint: string[] = [];
  const saturated: number[][] = [];
  const { horizon, warmup } = spec.run;
  let previous: Float64Array | null = null;
  let previousQueues: number[] = [];
  let warm: Float64Array | null = null;
  let warmBooks: PersonBooks | null = null;

  const clock = sim.register({
    handle(kind: number) {
      const snap = model.snapshot();
      if (kind === 0) {
        const queues = model.queueLengths();
        if (previous !== null) {
          const d = diff(snap, previous);
          weeks.push(Float64Array.from(weekly, (m) => m.value(d, HOURS_PER_WEEK, snap)));
          constraint.push(constraintOf(spec, model.layout, d, queues.map((q, r) => q - previousQueues[r])));
          saturated.push(saturatedRoles(spec, model.layout, d));
        }
        previous = snap;
        previousQueues = queues;
        if (sim.now + HOURS_PER_WEEK <= horizon) sim.at(sim.now + HOURS_PER_WEEK, clock, 0);
      } else {
        warm = snap;
        warmBooks = model.credit.snapshot();
      }
    },
  });
  model.start();
  // Registered after the model's own time-0 events, so the first snapshot sees the initial state.
  sim.at(0, clock, 0);
  if (warmup > 0 && warmup < horizon) sim.at(warmup, clock, 1);
  while (!sim.run(horizon, slice)) yield;

  const end = model.snapshot();
  const start = warm ?? new Float64Array(end.length);
  const span = sim.now - (warm === null ? 0 : warmup);
  const d = diff(end, start);
  // Each person's results over the measured window, against their role's quota.
  const people = attainmentMetrics(spec, warmBooks ?? { bookings: [], revenue: [] }, model.credit, model.org.staff, sim.now - span, sim.now);
  // Share of the measured weeks (those starting after the warm-up) each role was the constraint.
  const measured = constraint.filter((_, w) => w * HOURS_PER_WEEK >= (warm === null ? 0 : warmup));
  const shareNames = [...spec.roles.filter((r) => !r.costOnly).map((r) => r.id), 'none'];
  const shares = shareNames.map((id) => (measured.length > 0 ? measured.filter((c) => c === id).length / measured.length : NaN));
  // Share of the same weeks each role was saturated: every saturated role counts, not only the week's constraint.
  const measuredSaturated = saturated.filter((_, w) => w * HOURS_PER_WEEK >= (warm === null ? 0 : warmup));
  const working = spec.roles.flatMap((r, k) => (r.costOnly ? [] : [k]));
  const saturatedShares = working.map((k) => (measuredSaturated.length > 0 ? measuredSaturated.reduce((n, week) => n + week[k], 0) / measuredSaturated.length : NaN));
  return {
    names: [
      ...metrics.map((m) => m.name), ...people.names, ...shareNames.map((id) => `constraint_share.${id}`),
      ...working.map((k) => `role.${spec.roles[k].id}.saturated_share`), 'run.duration_h',
    ],
    values: Float64Array.from([...metrics.map((m) => m.value(d, span, end)), ...people.values, ...shares, ...saturatedShares, span]),
    weeklyNames: weekly.map((m) => m.name),
    weeks,
    weeklyLabels: [{ name: 'constraint', values: constraint }],
    endTime: sim.now,
    events: sim.events,
  };
}

function diff(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}
