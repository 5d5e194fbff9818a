import { describe, expect, it } from 'vitest';
import { compareStudies, FDR, significantChanges } from '../../src/run/compare.js';
import type { StudyResult } from '../../src/run/study.js';
import { summarize } from '../../src/run/summary.js';

/** A study of the given metrics, replication by replication (columns[m][r]). */
function fake(names: string[], columns: number[][]): StudyResult {
  const n = columns[0].length;
  const values = new Float64Array(n * names.length);
  for (let r = 0; r < n; r++) names.forEach((_, m) => { values[r * names.length + m] = columns[m][r]; });
  return { count: n, names, values, summary: names.map((name, m) => summarize(name, columns[m])) } as unknown as StudyResult;
}

describe('compare: p-values and the false discovery rate (Benjamini-Hochberg)', () => {
  it('a paired t-test: differences 1..5 give t = 4.243 on 4 degrees of freedom, p = 0.0132', () => {
    const base = fake(['x'], [[0, 0, 0, 0, 0]]);
    const model = fake(['x'], [[1, 2, 3, 4, 5]]);
    const [row] = compareStudies([{ name: 'a', study: base }, { name: 'b', study: model }]);
    expect(row.p_value).toBeCloseTo(0.01324, 4);
    // A difference that does not vary (a payroll) is certain; none at all is no evidence.
    const fixed = compareStudies([{ name: 'a', study: fake(['p', 'q'], [[1, 1, 1], [2, 2, 2]]) }, { name: 'b', study: fake(['p', 'q'], [[3, 3, 3], [2, 2, 2]]) }]);
    expect(fixed.map((r) => r.p_value)).toEqual([0, 1]);
  });

  it('q-values are Benjamini-Hochberg adjusted p-values over the model\'s metrics; a lone 95% change among many may not survive', () => {
    // 10 metrics with differences of known p-values: one strong, one at about 0.034 (t = 2.9 on 5 degrees of freedom), eight null ones.
    const r = 6;
    const shift = (d: number, spread: number[]) => spread.map((e) => d + e);
    const spread = [-1, 1, -0.5, 0.5, -1.5, 1.5];
    const cols = [shift(10, spread), shift(1.4, spread), ...Array.from({ length: 8 }, (_, k) => shift(0.05 * (k - 4), spread))];
    const names = cols.map((_, k) => `m${k}`);
    const rows = compareStudies([{ name: 'a', study: fake(names, names.map(() => new Array(r).fill(0))) }, { name: 'b', study: fake(names, cols) }]);
    const p = rows.map((x) => x.p_value);
    // By hand: sort, q_(k) = min_{j >= k} p_(j) m / j.
    const order = p.map((v, k) => [v, k] as const).sort((a, b) => a[0] - b[0]);
    const q = new Array<number>(p.length);
    let run = 1;
    for (let k = order.length - 1; k >= 0; k--) { run = Math.min(run, (order[k][0] * p.length) / (k + 1)); q[order[k][1]] = run; }
    rows.forEach((x, k) => expect(x.q_value).toBeCloseTo(q[k], 12));
    expect(rows[0].significant_fdr).toBe(true);
    // m1 alone is significant at 95% (its interval excludes 0) but not once ten metrics are tested.
    expect(rows[1].significant).toBe(true);
    expect(rows[1].p_value).toBeLessThan(0.05);
    expect(rows[1].q_value).toBeGreaterThan(FDR);
    expect(significantChanges(rows).map((x) => x.metric)).toEqual(['m0']);
  });
});
