import { expect } from 'vitest';
import type { SummaryRow } from '../../src/run/summary.js';
import { standardError } from './study.js';

/**
 * The replications agree with a theoretical value: it lies within three standard
 * errors of their mean (the tolerance comes from the simulation's own variance,
 * not a fixed percentage).
 */
export function expectAgrees(row: SummaryRow, expected: number): void {
  const se = standardError(row);
  expect(row.replications, `${row.metric}: replications`).toBeGreaterThanOrEqual(10);
  expect(se, `${row.metric}: standard error`).toBeGreaterThan(0);
  const z = Math.abs(row.mean - expected) / se;
  expect(z, `${row.metric}: mean ${row.mean} vs theory ${expected}, se ${se}`).toBeLessThan(3);
}

/**
 * Erlang A's identity P(abandon) = theta x E[time in queue] (exponential
 * patience of rate theta), checked replication by replication: the mean of
 * abandoned - theta x queue time lies within 3 standard errors of 0.
 */
export function expectAbandonmentIdentity(replications: { names: string[]; values: Float64Array }[], abandoned: string, queueTime: string, theta: number): void {
  const ab = replications[0].names.indexOf(abandoned);
  const q = replications[0].names.indexOf(queueTime);
  const diffs = replications.map((r) => r.values[ab] - theta * r.values[q]);
  const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  const sd = Math.sqrt(diffs.reduce((a, b) => a + (b - mean) ** 2, 0) / (diffs.length - 1));
  expect(Math.abs(mean)).toBeLessThan((3 * sd) / Math.sqrt(diffs.length));
}
