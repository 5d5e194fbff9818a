import { resolve } from 'node:path';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { sampleStandardDeviation } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { FDR, compareStudies, significantChanges } from '../../src/run/compare.js';
import { ANSWER_ORDER, AREAS, metricInfo } from '../../src/models/metrics.js';
import { metricValues, runStudy, type StudyResult } from '../../src/run/study.js';
import { loadScenario } from '../../src/models/index.js';
import { ROOT } from '../support/study.js';

const REPS = 10;
function mmc(set: string[]): StudyResult {
  const loaded = loadScenario(resolve(ROOT, 'scenarios/theory/mmc.yaml'), ['run.horizon=4 wk', 'run.warmup=1 wk', ...set]);
  return runStudy(loaded, { replications: REPS, seed: 3 });
}

/** The replications' values of a metric. */
function values(s: StudyResult, metric: string): number[] {
  return Array.from(metricValues(s, metric)!);
}

describe('paired comparison on common random numbers', () => {
  // Service 5% faster, for the same customers: arrivals and service times come from their own streams, so the
  // two models see the same draws and their results move together (positively correlated).
  const base = mmc([]);
  const faster = mmc(['tasks.service.duration={exponential: 57 min}']);
  const rows = compareStudies([{ name: 'base', study: base }, { name: 'faster', study: faster }]);
  const row = (metric: string) => rows.find((r) => r.metric === metric)!;

  it('gives a paired interval much narrower than that of two independent samples', () => {
    for (const metric of ['task.service.wait_h_mean', 'role.server.utilization', 'role.server.queue_length_mean']) {
      const a = values(base, metric);
      const b = values(faster, metric);
      const unpairedHalf = tQuantile(0.975, 2 * REPS - 2) * Math.sqrt((sampleStandardDeviation(a) ** 2 + sampleStandardDeviation(b) ** 2) / REPS);
      const r = row(metric);
      const pairedHalf = (r.diff_ci95_high - r.diff_ci95_low) / 2;
      expect(pairedHalf, metric).toBeLessThan(unpairedHalf / 2);
      expect(r.significant, metric).toBe(true);
      expect(r.diff).toBeCloseTo(r.mean - r.baseline_mean, 9);
    }
    // The same customers arrive in both: no difference at all, and nothing to call significant.
    expect(row('items.customer.arrived').diff).toBe(0);
    expect(row('items.customer.arrived').significant).toBe(false);
  });

  it('lists the significant changes kept at the false discovery rate, by business area, biggest relative change first within each', () => {
    const changes = significantChanges(rows);
    expect(changes.length).toBeGreaterThan(0);
    for (const r of changes) expect(r.q_value).toBeLessThanOrEqual(FDR);
    const area = changes.map((r) => AREAS.indexOf(metricInfo(r.metric).area));
    expect(area).toEqual([...area].sort((x, y) => x - y));
    for (const a of new Set(area)) {
      const rel = changes.filter((r) => AREAS.indexOf(metricInfo(r.metric).area) === a && !ANSWER_ORDER.includes(r.metric)).map((r) => Math.abs(r.diff / r.baseline_mean));
      expect(rel).toEqual([...rel].sort((x, y) => y - x));
    }
    expect(changes.some((r) => /wait|queue/.test(r.metric))).toBe(true);
  });

  it('a model against itself: every difference exactly 0, nothing significant', () => {
    const again = compareStudies([{ name: 'a', study: base }, { name: 'b', study: mmc([]) }]);
    expect(again.length).toBe(base.summary.length);
    for (const r of again) {
      if (Number.isNaN(r.baseline_mean)) continue;
      expect(r.diff, r.metric).toBe(0);
      expect(r.significant, r.metric).toBe(false);
    }
  });

  it("takes the union of the metrics: one model's own metrics get blanks for the other and no difference", () => {
    const rename = (s: StudyResult, from: string, to: string): StudyResult => ({
      ...s,
      summary: s.summary.map((r) => (r.metric === from ? { ...r, metric: to } : r)),
      names: s.names.map((n) => (n === from ? to : n)),
    });
    const other = rename(faster, 'role.server.utilization', 'role.clerk.utilization');
    const union = compareStudies([{ name: 'base', study: base }, { name: 'other', study: other }]);
    expect(union.map((r) => r.metric)).toEqual([...base.summary.map((r) => r.metric), 'role.clerk.utilization']);
    const onlyBase = union.find((r) => r.metric === 'role.server.utilization')!;
    expect(onlyBase.baseline_mean).toBe(base.summary.find((r) => r.metric === 'role.server.utilization')!.mean);
    expect(onlyBase.mean).toBeNaN();
    expect(onlyBase.diff).toBeNaN();
    expect(onlyBase.significant).toBeNull();
    const onlyModel = union.find((r) => r.metric === 'role.clerk.utilization')!;
    expect(onlyModel.baseline_mean).toBeNaN();
    expect(onlyModel.mean).toBe(faster.summary.find((r) => r.metric === 'role.server.utilization')!.mean);
    expect(onlyModel.significant).toBeNull();
  });
});
