import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binQuantile, STAGE_BIN_RATIO, STAGE_BINS, stageBin } from '../../src/sales/counters.js';
import { ITEM_KINDS } from '../../src/sales/item-book.js';
import { runSalesReplication } from '../../src/sales/replication.js';
import { expectConserved } from '../support/conservation.js';
import { loadSales } from '../support/load.js';
import { ROOT, standardError, study } from '../support/study.js';

/** A declared pipeline (company.opportunities.stages): counts, conversions and times per stage against arithmetic. */
const FIXTURE = 'test/fixtures/pipeline-stages.yaml';

describe('opportunity stages', () => {
  const s = study(FIXTURE);
  const row = (m: string) => s.row(m);
  const within = (m: string, expected: number, ses: number) => {
    const r = row(m);
    expect(Math.abs(r.mean - expected), `${m}: ${r.mean} vs ${expected}`).toBeLessThanOrEqual(ses * standardError(r) + 1e-9);
  };

  it('each stage receives what the one before converted, and converts at its declared rate', () => {
    // Leads arrive at 20 a week (Poisson); over 36 weeks x 2 replications, a weekly rate's standard error across
    // two replications is itself noisy, so the bounds are set from the Poisson counts: sqrt(20 x 72) / 72 = 0.53/wk.
    expect(Math.abs(row('stage.qualify.entered_week').mean - 20)).toBeLessThan(4 * 0.53);
    expect(Math.abs(row('stage.demo.entered_week').mean - 10)).toBeLessThan(4 * Math.sqrt(10 * 72) / 72);
    expect(Math.abs(row('stage.proposal.entered_week').mean - 6)).toBeLessThan(4 * Math.sqrt(6 * 72) / 72);
    // What passes a stage is what enters the next one (the cycle only delays it).
    expect(Math.abs(row('stage.qualify.converted_week').mean - row('stage.demo.entered_week').mean)).toBeLessThan(0.3);
    // Conversions: binomial, n exits a stage in the window (about 1,450, 720, 430): 4 standard errors.
    const binomial = (p: number, n: number) => 4 * Math.sqrt((p * (1 - p)) / n);
    expect(Math.abs(row('stage.qualify.conversion_rate').mean - 0.5)).toBeLessThan(binomial(0.5, 1400));
    expect(Math.abs(row('stage.demo.conversion_rate').mean - 0.6)).toBeLessThan(binomial(0.6, 700));
    expect(Math.abs(row('stage.proposal.conversion_rate').mean - 0.5)).toBeLessThan(binomial(0.5, 420));
    expect(Math.abs(row('win_rate').mean - 0.15)).toBeLessThan(binomial(0.15, 1400));
    within('wins_week', row('stage.proposal.converted_week').mean, 0);
  });

  it('times in stage: the task and the cycle; the sales cycle is their sum; bookings are the deals won', () => {
    // Staffed amply, nobody waits: a converted opportunity spends task + cycle in its stage, a lost one the task.
    // p90 falls among the converted (half or more of each stage): task + cycle, read from bins 20% wide.
    const days = (h: number) => h / 24;
    expect(row('stage.qualify.time_d_p90').mean / days(48.5)).toBeCloseTo(1, 1);
    expect(row('stage.demo.time_d_p90').mean / days(121)).toBeCloseTo(1, 1);
    expect(row('stage.proposal.time_d_p90').mean / days(242)).toBeCloseTo(1, 1);
    // Mean over exits: conversion x (task + cycle) + (1 - conversion) x task.
    expect(row('stage.qualify.time_d_mean').mean).toBeCloseTo(0.5 * days(48.5) + 0.5 * days(0.5), 0);
    expect(row('sales_cycle_d_mean').mean).toBeCloseTo(days(48.5 + 121 + 242), 1);
    expect(row('deal_size_mean').mean).toBe(10000);
    expect(row('bookings_week').mean).toBeCloseTo(row('wins_week').mean * 10000, 6);
  });

  it('every opportunity ends once: won, lost or gone cold', () => {
    // One account executive busy about a third of the time, and demos that wait at most 10 minutes: some go cold.
    const loaded = loadSales(resolve(ROOT, FIXTURE), ['roles.ae.headcount=1', 'tasks.demo_call.duration=4 h', 'tasks.demo_call.patience=10 min']);
    const rep = runSalesReplication(loaded.spec, '3');
    expectConserved(rep, ITEM_KINDS);
    const v = (m: string) => rep.values[rep.names.indexOf(m)];
    expect(v('stage.demo.cold_week')).toBeGreaterThan(0.5);
    expect(v('opportunities_cold_week')).toBeCloseTo(v('stage.demo.cold_week') + v('stage.qualify.cold_week') + v('stage.proposal.cold_week'), 9);
    expect(v('items.opportunity.completed')).toBeGreaterThan(0);
  });

  it('a stage whose task nobody does, an unknown task, a stage twice: one line each', () => {
    const write = (text: string) => {
      const file = join(mkdtempSync(join(tmpdir(), 'stages-')), 'p.yaml');
      writeFileSync(file, text);
      return file;
    };
    const base = readFileSync(resolve(ROOT, FIXTURE), 'utf8');
    const cases: [string, RegExp][] = [
      [base.replace('  send_proposal: [ae]\n', ''), /p\.yaml:\d+:\d+: routing\.send_proposal: expected at least one role for 'send_proposal' \(it works stage 'proposal', company\.opportunities\.stages\[2\]\)$/],
      [base.replace('task: demo_call,', 'task: demo_cal,'), /p\.yaml:\d+:\d+: company\.opportunities\.stages\.1\.task: unknown task 'demo_cal'/],
      [base.replace('name: demo,', 'name: qualify,'), /p\.yaml:\d+:\d+: company\.opportunities\.stages\.1\.name: stage 'qualify' is declared twice$/],
      [base.replace('send_proposal: { duration: 2 h }', 'send_proposal: { duration: 2 h }\n  follow_up: { duration: 1 h, done: [advance] }'), /tasks\.follow_up\.done\.0: 'advance' moves an opportunity to its next stage/],
      [base.replace('send_proposal: { duration: 2 h }', 'send_proposal: { duration: 2 h, done: [visit] }'), /p\.yaml:\d+:\d+: tasks\.send_proposal\.done: task 'send_proposal' works stage 'proposal': its steps must include advance/],
    ];
    for (const [text, message] of cases) expect(() => loadSales(write(text))).toThrow(message);
  });

  it('the histogram reads a quantile to within a bin', () => {
    const bins = new Float64Array(STAGE_BINS);
    for (let k = 1; k <= 1000; k++) bins[stageBin(k)]++;
    const p90 = binQuantile((b) => bins[b], 0.9);
    expect(p90 / 900).toBeGreaterThan(1 / STAGE_BIN_RATIO);
    expect(p90 / 900).toBeLessThan(STAGE_BIN_RATIO);
  });
});
