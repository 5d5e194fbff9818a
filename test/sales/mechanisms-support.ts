import { resolve } from 'node:path';
import { expect } from 'vitest';
import { HOURS_PER_WEEK } from '../../src/kernel/calendar.js';
import { RandomStreams, replicationSeed } from '../../src/kernel/random.js';
import { Simulation } from '../../src/kernel/simulation.js';
import { runStudy } from '../../src/run/study.js';
import { summarize, type SummaryRow } from '../../src/run/summary.js';
import { loadSales } from '../support/load.js';
import { SalesModel } from '../../src/sales/model.js';
import type { SalesSpec } from '../../src/sales/spec.js';
import { ROOT } from '../support/study.js';

/**
 * Helpers for the mechanism tests (M1-M16 of docs/model.md#mechanisms): run a shipped scenario
 * or a fixture with `--set`-style overrides, fewer replications and a shorter
 * horizon than the shipped files (the tests compare two runs, they do not
 * measure levels), and compare two runs replication by replication. Replication
 * r of every run uses the same seed, so the customers and their demand are the
 * same draw for draw (common random numbers): a paired difference has a much
 * narrower interval than the two separate ones.
 */

/** 26 weeks measured after 4 of warm-up: enough for the feedback loops, twice as fast as the shipped year. */
export const SHORT = ['run.horizon=26 wk', 'run.warmup=4 wk'];

export interface Run {
  spec: SalesSpec;
  names: string[];
  /** Per replication, the values of `names`. */
  values: Float64Array[];
  summary: SummaryRow[];
  row(metric: string): SummaryRow;
  /** The metric in each replication (NaN where undefined). */
  each(metric: string): number[];
  has(metric: string): boolean;
}

const cache = new Map<string, Run>();

/** Loads a scenario (path relative to the repository) with overrides and runs it; results are cached per file of tests. */
export function run(file: string, set: string[] = [], options: { replications?: number; seed?: number; short?: boolean } = {}): Run {
  const replications = options.replications ?? 6;
  const seed = options.seed ?? 1;
  const overrides = [...(options.short === false ? [] : SHORT), ...set];
  const key = JSON.stringify([file, overrides, replications, seed]);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const loaded = loadSales(resolve(ROOT, file), overrides);
  if (loaded.kind !== 'sales') throw new Error(`${file} is not a sales scenario`);
  const result = runStudy(loaded, { replications, seed });
  const names = result.replications[0].names;
  const index = (metric: string): number => {
    const k = names.indexOf(metric);
    if (k < 0) throw new Error(`no metric ${metric} in ${file} (${overrides.join(' ')})`);
    return k;
  };
  const out: Run = {
    spec: loaded.spec,
    names,
    values: result.replications.map((r) => r.values),
    summary: result.summary,
    row: (metric) => result.summary[index(metric)],
    each: (metric) => result.replications.map((r) => r.values[index(metric)]),
    has: (metric) => names.includes(metric),
  };
  cache.set(key, out);
  return out;
}

/** b - a, replication by replication (common random numbers), summarized with its 95% interval. */
export function paired(a: Run, b: Run, metric: string): SummaryRow {
  const xa = a.each(metric);
  const xb = b.each(metric);
  return summarize(`${metric} (difference)`, xb.map((x, i) => x - xa[i]));
}

/** A derived quantity per replication, summarized. */
export function derived(r: Run, name: string, f: (m: (metric: string) => number) => number): SummaryRow {
  return summarize(name, r.values.map((v) => f((metric) => v[r.names.indexOf(metric)])));
}

/** With SALESIM_TEST_LOG=1, prints what an assertion compares (to choose and review margins). */
function log(row: SummaryRow, op: string, x: number): void {
  if (process.env.SALESIM_TEST_LOG) console.log(`${row.metric}: ${row.mean.toPrecision(4)} [${row.ci95_low.toPrecision(4)}, ${row.ci95_high.toPrecision(4)}] ${op} ${x}`);
}

/** The whole 95% interval lies above `x` (a difference clearly positive, a level clearly above a bound). */
export function expectAbove(row: SummaryRow, x: number): void {
  log(row, '>', x);
  expect(row.replications, `${row.metric}: replications`).toBeGreaterThanOrEqual(3);
  expect(row.ci95_low, `${row.metric}: mean ${row.mean}, 95% CI [${row.ci95_low}, ${row.ci95_high}] should lie above ${x}`).toBeGreaterThan(x);
}

/** The whole 95% interval lies below `x`. */
export function expectBelow(row: SummaryRow, x: number): void {
  log(row, '<', x);
  expect(row.replications, `${row.metric}: replications`).toBeGreaterThanOrEqual(3);
  expect(row.ci95_high, `${row.metric}: mean ${row.mean}, 95% CI [${row.ci95_low}, ${row.ci95_high}] should lie below ${x}`).toBeLessThan(x);
}

/** The two intervals do not overlap and `high` is the higher one. */
export function expectHigher(high: SummaryRow, low: SummaryRow): void {
  log(high, '>', low.ci95_high);
  log(low, '(lower)', NaN);
  expect(high.ci95_low, `${high.metric} [${high.ci95_low}, ${high.ci95_high}] should lie above ${low.metric} [${low.ci95_low}, ${low.ci95_high}]`)
    .toBeGreaterThan(low.ci95_high);
}

/**
 * Runs the model itself (not through the study) for white-box checks: the
 * ledger's raw counters at the horizon, and the model, e.g. its accounts.
 */
export function runModel(file: string, set: string[] = [], seed = 1, replication = 0): { model: SalesModel; counters: Float64Array; weeks: number } {
  const loaded = loadSales(resolve(ROOT, file), [...SHORT, ...set]);
  if (loaded.kind !== 'sales') throw new Error(`${file} is not a sales scenario`);
  const sim = new Simulation();
  const model = new SalesModel(loaded.spec, sim, new RandomStreams(replicationSeed(seed, replication)));
  model.start();
  sim.run(loaded.spec.run.horizon);
  return { model, counters: model.snapshot(), weeks: loaded.spec.run.horizon / HOURS_PER_WEEK };
}

/** Mean satisfaction of the active accounts. */
export function meanSatisfaction(model: SalesModel): number {
  const acc = model.accounts;
  let sum = 0;
  let n = 0;
  for (let a = 0; a < acc.size; a++) {
    if (!acc.active[a]) continue;
    sum += acc.satisfactionOf(a);
    n++;
  }
  return sum / n;
}

/** With SALESIM_TEST_LOG=1, prints a number a test compares. */
export function note(what: string, x: number): void {
  if (process.env.SALESIM_TEST_LOG) console.log(`${what}: ${x}`);
}
