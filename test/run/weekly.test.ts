import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputDir } from '../../src/io/output-dir.js';
import { formatNumber } from '../../src/io/run-files.js';
import { readWeekly, WeeklyFiles } from '../../src/io/weekly-files.js';
import { runStudy } from '../../src/run/study.js';
import { summarize } from '../../src/run/summary.js';
import { loadScenario } from '../../src/models/index.js';
import { tempDir } from '../support/cli.js';
import { ROOT } from '../support/study.js';

/** The online weekly aggregates against the same statistics computed from every row. */
describe('weekly aggregates', () => {
  const loaded = loadScenario(resolve(ROOT, 'scenarios/outside-in.yaml'), ['run.horizon=6 wk', 'run.warmup=1 wk']);
  const study = runStudy(loaded, { replications: 4, seed: 3 });
  // Every row as weekly.csv holds it (10 significant digits).
  const rows = study.replications.flatMap((rep, r) => rep.weeks.flatMap((row, w) => rep.weeklyNames.map((metric, k) => ({ r, week: w + 1, metric, value: Number(formatNumber(row[k]) || NaN) }))));

  it('equal, week by week and metric by metric, mean and interval of the full rows', () => {
    const metrics = study.replications[0].weeklyNames;
    expect(study.weekly.metrics()).toEqual(metrics);
    expect(study.weekly.lastWeek).toBe(6);
    for (const metric of metrics) {
      const online = study.weekly.summaries(metric);
      const weeks = [...new Set(rows.filter((x) => x.metric === metric && !Number.isNaN(x.value)).map((x) => x.week))];
      expect(online.map((p) => p.week), metric).toEqual(weeks);
      for (const { week, row } of online) {
        const full = summarize(metric, rows.filter((x) => x.metric === metric && x.week === week).map((x) => x.value));
        expect(row.replications, `${metric} week ${week}`).toBe(full.replications);
        expect(row.mean).toBeCloseTo(full.mean, 9);
        if (full.replications > 1) {
          expect(row.stdev).toBeCloseTo(full.stdev, 9);
          expect(row.ci95_low).toBeCloseTo(full.ci95_low, 9);
        }
      }
    }
  });

  it('count the constraint labels of every week', () => {
    const weeks = study.weekly.labels('constraint');
    expect(weeks).toHaveLength(6);
    weeks.forEach(({ week, counts }) => {
      const expected = new Map<string, number>();
      for (const rep of study.replications) {
        const label = rep.weeklyLabels![0].values[week - 1];
        expected.set(label, (expected.get(label) ?? 0) + 1);
      }
      expect(new Map([...counts].sort()), `week ${week}`).toEqual(new Map([...expected].sort()));
    });
  });

  it('read back from the streamed files, are the same to the bit', async () => {
    const dir = join(tempDir(), 'weekly');
    const out = OutputDir.open(dir);
    const files = new WeeklyFiles(out);
    for (const [r, rep] of study.replications.entries()) await files.write(r, rep);
    await files.close();
    out.write('run.json', '{"salesim":"test"}\n');
    out.commit();
    const back = await readWeekly(dir);
    expect(back.metrics()).toEqual(study.weekly.metrics());
    for (const m of back.metrics()) expect(back.moments(m), m).toEqual(study.weekly.moments(m));
    expect(back.labels('constraint').map((w) => [...w.counts])).toEqual(study.weekly.labels('constraint').map((w) => [...w.counts]));
    expect(back.lastWeek).toBe(study.weekly.lastWeek);
  });
});
