import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStudy, type RunResult } from '../../src/run/study.js';
import { summarize } from '../../src/run/summary.js';
import { loadSales } from '../support/load.js';
import { ROOT } from '../support/study.js';
import { expectAbove, expectBelow, note } from './mechanisms-support.js';

/**
 * F4 (docs/model.md#f4): the transition from outside-in
 * to inside-out (scenarios/transition.yaml, two years) lifts the transaction
 * flow; customer service saturates when it goes live, production once the
 * customer base has grown; the weekly constraint moves from the sales force to
 * customer service to production; drum-buffer-rope on customer service and
 * production lifts on-time completion in the last quarter, from below 90% to
 * about 90%. Measured on the weekly series of 80 seeded replications
 * (replication r of both files on the same seeds; F4_REPS=n for another
 * number). The rope's lift is small. With demand candidates drawn around the
 * clock (before they skipped closed hours: other draws of the same model) it
 * was +0.012, +0.022, +0.02 and +0.004 at 40 replications on seeds 1-4
 * (F4_SEED), significant on the first three; on today's draws at 40 it is
 * significant on seeds 2 and 4, not on 1 (+0.007) and 3 (+0.014); at 80 on
 * seeds 1 and 3 as well.
 * Most of the desk's load is reorders from accounts already won, which no rope
 * on new business holds. At 10 or 20 replications the paired interval includes
 * 0 on most seeds, and "above 90% with confidence" held on one seed in four, so
 * this asserts less than the story says: F4's "throttling restores service" is
 * only weakly shown by the shipped ropes (see the README's F4).
 */
const REPS = Number(process.env.F4_REPS ?? 80);

function study(file: string): RunResult[] {
  const loaded = loadSales(resolve(ROOT, file));
  if (loaded.kind !== 'sales') throw new Error('not sales');
  return runStudy(loaded, { replications: REPS, seed: Number(process.env.F4_SEED ?? 1) }).replications;
}

const plain = study('scenarios/transition.yaml');
const throttled = study('scenarios/transition-throttled.yaml');

/** Mean of a weekly metric over weeks w0..w1 (1-based, inclusive) in one replication. */
function window(rep: RunResult, metric: string, w0: number, w1: number): number {
  const k = rep.weeklyNames.indexOf(metric);
  if (k < 0) throw new Error(`no weekly metric ${metric}`);
  const v = rep.weeks.slice(w0 - 1, w1).map((w) => w[k]).filter((x) => !Number.isNaN(x));
  return v.reduce((a, x) => a + x, 0) / v.length;
}

const per = (name: string, f: (rep: RunResult) => number, runs = plain) => summarize(name, runs.map(f));
const constraints = (rep: RunResult) => rep.weeklyLabels!.find((l) => l.name === 'constraint')!.values;
/** First week (1-based) after `after` in which `role` is the constraint, or Infinity. */
function firstWeek(rep: RunResult, role: string, after = 0): number {
  const k = constraints(rep).findIndex((c, w) => w + 1 > after && c === role);
  return k < 0 ? Infinity : k + 1;
}

// Customer service goes live in week 14 (phase at 13 wk); the last reps become field salespeople in week 40.
const BASELINE: [number, number] = [5, 12];
const GO_LIVE: [number, number] = [14, 20];
const LAST_HALF_YEAR: [number, number] = [79, 104];
const LAST_QUARTER: [number, number] = [92, 104];

describe('F4: the transition lifts transaction flow until customer service and production saturate', () => {
  it('transaction flow lifts: orders a week in the last half year against the outside-in weeks', () => {
    expectAbove(per('orders_week last half year / baseline', (r) => window(r, 'orders_week', ...LAST_HALF_YEAR) / window(r, 'orders_week', ...BASELINE)), 1.3);
  });

  it('customer service saturates when it goes live: its queue grows, on-time completion falls below 90%', () => {
    expectBelow(per('on_time_task_fraction at go-live', (r) => window(r, 'on_time_task_fraction', ...GO_LIVE)), 0.9);
    // Its busiest week is at full capacity and its queue grows over the first weeks live.
    expectAbove(per('customer service utilization, busiest go-live week', (r) => Math.max(...[14, 15, 16, 17, 18, 19, 20].map((w) => window(r, 'role.customer_service.utilization', w, w)))), 0.95);
    expectAbove(per('customer service queue growth over the first live weeks', (r) => window(r, 'role.customer_service.queue_length_mean', 16, 17) - window(r, 'role.customer_service.queue_length_mean', 14, 14)), 0);
  });

  it('production saturates later: a month at full utilization, production lead time up', () => {
    expectAbove(per('production utilization, busiest 4 weeks after week 52', (r) => Math.max(...Array.from({ length: 49 }, (_, i) => window(r, 'role.production.utilization', 53 + i, 56 + i)))), 0.97);
    expectAbove(per('production lead time last half year / baseline', (r) => window(r, 'production_lead_time_d_mean', ...LAST_HALF_YEAR) / window(r, 'production_lead_time_d_mean', ...BASELINE)), 2);
  });

  it('the constraint moves: the reps, then customer service, then production', () => {
    for (const rep of plain) {
      const reps = firstWeek(rep, 'field_rep');
      const cs = firstWeek(rep, 'customer_service');
      const production = firstWeek(rep, 'production', cs);
      note(`constraint first weeks: field_rep ${reps}, customer_service ${cs}, production ${production}`, 0);
      expect(reps).toBeLessThan(14);
      expect(cs).toBeGreaterThanOrEqual(14);
      expect(production).toBeGreaterThan(cs);
      expect(production).toBeLessThan(105);
    }
  });

  it('the rope holds work back only once the desk is live, and more as the business grows', () => {
    const held = (r: RunResult, w0: number, w1: number) => window(r, 'throttle_held_week', w0, w1);
    for (const rep of throttled) expect(held(rep, 1, 13)).toBe(0);
    expectAbove(per('held a week in the last half year', (r) => held(r, ...LAST_HALF_YEAR), throttled), 0);
  });

  it('throttling lifts service: on-time completion in the last quarter, paired, to not below 90% (F4_SEED=n tries another seed)', () => {
    const onTime = (r: RunResult) => window(r, 'on_time_task_fraction', ...LAST_QUARTER);
    // Without the rope it sits at 0.88-0.90 across seeds 1-4 (0.896 on seed 1): below 90%, but too near it to assert on every seed.
    const without = per('on_time_task_fraction last quarter, no rope', onTime);
    note("on_time_task_fraction last quarter without the rope", without.mean);
    expectAbove(summarize('on_time_task_fraction last quarter, rope - none', throttled.map((r, i) => onTime(r) - onTime(plain[i]))), 0);
    // With the rope it is not below 90% with confidence.
    expect(per('on_time_task_fraction last quarter, with the rope', onTime, throttled).ci95_high).toBeGreaterThan(0.9);
    // The rope pays in fewer new accounts: wins a week in the last half year, paired.
    const wins = (r: RunResult) => window(r, 'wins_week', ...LAST_HALF_YEAR);
    expectBelow(summarize('wins_week last half year, rope - none', throttled.map((r, i) => wins(r) - wins(plain[i]))), 0);
  });
});
