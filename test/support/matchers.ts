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
