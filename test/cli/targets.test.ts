import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { quantile } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { cli } from '../support/inproc.js';
import { ROOT } from '../support/study.js';

/** P10 / P50 / P90 across replications beside each mean, and --target's share of replications, on run and compare. */
const MM1 = join(ROOT, 'scenarios/theory/mm1.yaml');
const STUDY = ['--reps', '12', '--weeks', '6', '--no-report'];
const WAIT = 'task.service.wait_h_mean';

function csv(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true });
}

describe('spread across replications and targets', () => {
  it('run: summary.csv and the table give P10/P50/P90 of replications.csv; --target counts the replications meeting it', async () => {
    const dir = tempDir();
    const r = await cli(['run', MM1, ...STUDY, '--out', 'out', '--target', `${WAIT}<=4`, '--target', 'task.service.waited_fraction>0.7'], dir);
    expect(r.code, r.stderr).toBe(0);
    const waits = csv(join(dir, 'out/replications.csv')).filter((x) => x.metric === WAIT).map((x) => Number(x.value));
    expect(waits).toHaveLength(12);
    const row = csv(join(dir, 'out/summary.csv')).find((x) => x.metric === WAIT)!;
    for (const [col, p] of [['p10', 0.1], ['p50', 0.5], ['p90', 0.9]] as const) expect(Number(row[col])).toBeCloseTo(quantile(waits, p), 8);
    expect(r.stdout).toMatch(/metric\s+mean\s+95% interval\s+P10 \/ P50 \/ P90\n/);
    const met = waits.filter((w) => w <= 4).length;
    expect(met).toBeGreaterThan(0);
    expect(met).toBeLessThan(12);
    expect(r.stdout).toContain(`target ${WAIT}<=4: met in ${met} of 12 replications (${((100 * met) / 12).toFixed(0)}%); mean `);
    const json = await cli(['--json', 'run', MM1, ...STUDY, '--out', 'out2', '--target', `${WAIT}<=4`], dir);
    const doc = JSON.parse(json.stdout);
    expect(doc.targets[0]).toMatchObject({ target: `${WAIT}<=4`, met, of: 12 });
    expect(doc.headline.find((h: { metric: string }) => h.metric === WAIT).p50).toBeCloseTo(quantile(waits, 0.5), 8);
  });

  it('compare: the spread of the paired differences in compare.csv and the table; targets per model', async () => {
    const dir = tempDir();
    const r = await cli(['compare', MM1, MM1, ...STUDY, '--set', 'run.seed=5', '--out', 'cmp', '--target', `${WAIT}<=4`], dir);
    expect(r.code, r.stderr).toBe(0);
    const row = csv(join(dir, 'cmp/compare.csv')).find((x) => x.metric === WAIT)!;
    // A model against itself on common random numbers: every paired difference is 0.
    expect([row.diff_p10, row.diff_p50, row.diff_p90]).toEqual(['0', '0', '0']);
    expect(r.stdout).toMatch(new RegExp(`target ${WAIT.replaceAll('.', '\\.')}<=4 \\(mm1\\): met in \\d+ of 12`));
    expect(r.stdout).toMatch(new RegExp(`target ${WAIT.replaceAll('.', '\\.')}<=4 \\(mm1-2\\): met in \\d+ of 12`));
  });

  it('a target on a metric the scenario has not: one line, exit 2, before anything runs or is written', async () => {
    const dir = tempDir();
    const r = await cli(['run', MM1, ...STUDY, '--out', 'bad', '--target', 'task.service.wiat_h_mean<=4'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^salesim: --target task\.service\.wiat_h_mean<=4: unknown metric 'task\.service\.wiat_h_mean' \([^\n]*\)\n$/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});
