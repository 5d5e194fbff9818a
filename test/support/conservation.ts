import { expect } from 'vitest';
import type { ReplicationResult } from '../../src/scenario/model-kind.js';

/**
 * Every item of each of `types` that entered ends in exactly one state, and the
 * counts add up: over the measured window (what was there at its start plus what
 * arrived either left in one of three ways or is still there) and week by week.
 * Networks and sales organizations report their items under the same names.
 */
export function expectConserved(r: ReplicationResult, types: readonly string[]): void {
  const v = (m: string) => r.values[r.names.indexOf(m)];
  for (const t of types) {
    const p = `items.${t}`;
    const inflow = v(`${p}.in_progress_start`) + v(`${p}.arrived`);
    const outflow = v(`${p}.completed`) + v(`${p}.abandoned`) + v(`${p}.lost`) + v(`${p}.in_progress`);
    expect(outflow, `${p} summary`).toBe(inflow);
    const w = (week: Float64Array, m: string) => week[r.weeklyNames.indexOf(m)];
    let before = 0;
    for (const week of r.weeks) {
      const left = w(week, `${p}.completed`) + w(week, `${p}.abandoned`) + w(week, `${p}.lost`);
      expect(before + w(week, `${p}.arrived`) - left, `${p} weekly`).toBe(w(week, `${p}.in_progress`));
      before = w(week, `${p}.in_progress`);
    }
  }
}
