import { resolve } from 'node:path';
import { HOURS_PER_WEEK } from '../../src/kernel/calendar.js';
import { RandomStreams, replicationSeed } from '../../src/kernel/random.js';
import { limitsOf } from '../../src/kernel/runaway.js';
import { Simulation } from '../../src/kernel/simulation.js';
import { summarize, type SummaryRow } from '../../src/run/summary.js';
import { salesMetrics } from '../../src/sales/ledger.js';
import { SalesModel } from '../../src/sales/model.js';
import type { SalesSpec } from '../../src/sales/spec.js';
import { loadSales } from '../support/load.js';
import { ROOT } from '../support/study.js';

/**
 * Runs the business scenarios (docs/businesses.md) replication by replication as
 * `salesim run` does (same seeds, same events: replication r runs on
 * replicationSeed(seed, r), snapshots at the warm-up and every week), keeping what
 * the stories are judged on and the summary files do not hold: every metric over
 * any run of weeks (a timeline after a cut), and what a probe records inside the model (the
 * hour a caller hung up, the outcalls made, the contracts in force at the end).
 * A probe only reads the model: it draws no random number and schedules nothing,
 * so the run is the CLI's, event for event.
 */

/** Installs its watch on a fresh model before it starts; what it returns is called at the horizon. */
export type Probe<X> = (model: SalesModel, sim: Simulation) => () => X;

export interface Replicated<X> {
  spec: SalesSpec;
  /** Per replication: every metric over the measured window (warm-up to horizon). */
  values: Map<string, number>[];
  /** Per replication: what the probe recorded. */
  probed: X[];
  row(metric: string): SummaryRow;
  each(metric: string): number[];
  /** The metric per replication over weeks `from` to `to` (1-based, inclusive): a window of the run, as the summary is one. */
  over(metric: string, from: number, to: number): number[];
}

const cache = new Map<string, Replicated<unknown>>();

/** Replications 0..n-1 of a scenario (path relative to the repository) with `--set`-style overrides. Cached per key. */
export function replicate<X = undefined>(file: string, set: string[], replications: number, probe?: Probe<X>, key = ''): Replicated<X> {
  const id = JSON.stringify([file, set, replications, key]);
  const hit = cache.get(id);
  if (hit !== undefined) return hit as Replicated<X>;
  const loaded = loadSales(resolve(ROOT, file), set);
  const spec = loaded.spec;
  const seed = loaded.scenario.run.seed;
  const values: Map<string, number>[] = [];
  /** Per replication, the snapshot at the start of every week and at the horizon. */
  const snapshots: Float64Array[][] = [];
  const probed: X[] = [];
  let metrics: ReturnType<typeof salesMetrics> = [];
  const read = (d: Float64Array, span: number, end: Float64Array) => new Map(metrics.map((m) => [m.name, m.value(d, span, end)]));
  for (let r = 0; r < replications; r++) {
    const sim = new Simulation(limitsOf(spec.run.maxInProgress));
    const model = new SalesModel(spec, sim, new RandomStreams(replicationSeed(seed, r)));
    metrics = salesMetrics(spec, model.layout);
    const collect = probe?.(model, sim);
    const mine: Float64Array[] = [];
    let warm: Float64Array | null = null;
    const clock = sim.register({
      handle(kind: number) {
        const snap = model.snapshot();
        if (kind === 1) { warm = snap; return; }
        mine.push(snap);
        if (sim.now + HOURS_PER_WEEK <= spec.run.horizon) sim.at(sim.now + HOURS_PER_WEEK, clock, 0);
      },
    });
    model.start();
    sim.at(0, clock, 0);
    if (spec.run.warmup > 0 && spec.run.warmup < spec.run.horizon) sim.at(spec.run.warmup, clock, 1);
    sim.run(spec.run.horizon);
    const end = model.snapshot();
    const start: Float64Array = warm ?? new Float64Array(end.length);
    values.push(read(diff(end, start), sim.now - (warm === null ? 0 : spec.run.warmup), end));
    snapshots.push(mine);
    probed.push(collect === undefined ? (undefined as X) : collect());
  }
  const pick = (v: Map<string, number>, metric: string): number => {
    const x = v.get(metric);
    if (x === undefined) throw new Error(`no metric ${metric} in ${file}`);
    return x;
  };
  const each = (metric: string): number[] => values.map((v) => pick(v, metric));
  const over = (metric: string, from: number, to: number): number[] => snapshots.map((s) => {
    const [a, b] = [s[from - 1], s[to]];
    if (a === undefined || b === undefined) throw new Error(`weeks ${from}-${to} are not in the run of ${file}`);
    return pick(read(diff(b, a), (to - from + 1) * HOURS_PER_WEEK, b), metric);
  });
  const out: Replicated<X> = { spec, values, probed, each, over, row: (metric) => summarize(metric, each(metric)) };
  cache.set(id, out);
  return out;
}

function diff(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((x, i) => x - b[i]);
}

/** b - a over paired replications (common random numbers), with its 95% interval. */
export function paired(a: { each(m: string): number[] }, b: { each(m: string): number[] }, metric: string): SummaryRow {
  const xa = a.each(metric);
  return summarize(`${metric} (difference)`, b.each(metric).map((x, i) => x - xa[i]));
}

/** A quantity per replication, summarized. */
export function per(name: string, xs: number[]): SummaryRow {
  return summarize(name, xs);
}

/** With SALESIM_TEST_LOG=1, prints what a test compares (to choose margins and write them in comments). */
export function show(what: string, row: SummaryRow | number): void {
  if (!process.env.SALESIM_TEST_LOG) return;
  if (typeof row === 'number') console.log(`${what}: ${row.toPrecision(4)}`);
  else console.log(`${what}: ${row.mean.toPrecision(4)} [${row.ci95_low.toPrecision(4)}, ${row.ci95_high.toPrecision(4)}] sd ${row.stdev.toPrecision(3)} se ${(row.stdev / Math.sqrt(row.replications)).toPrecision(3)}`);
}
