import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { COMPARE_COLUMNS } from '../../src/run/compare.js';
import { salesim, tempDir } from '../support/cli.js';
import { cli } from '../support/inproc.js';

type Row = Record<string, string>;
const read = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true }) as Row[];

describe('salesim compare', () => {
  const dir = tempDir();
  const short = ['--reps', '3', '--weeks', '6', '--set', 'run.warmup=1 wk', '--seed', '9', '--no-report'];
  const out = join(dir, 'models');
  const models = salesim(['compare', 'scenarios/outside-in.yaml', 'scenarios/inside-out.yaml', ...short, '--out', out]);

  it('writes compare.csv in long form, run.json and each model\'s files, all on the same seeds', async () => {
    expect(models.code, models.stderr).toBe(0);
    const rows = read(join(out, 'compare.csv'));
    expect(Object.keys(rows[0])).toEqual([...COMPARE_COLUMNS]);
    for (const r of rows) {
      expect(r.baseline).toBe('outside-in');
      expect(r.model).toBe('inside-out');
    }
    // Each model's own files are those of `salesim run` with the common seed and replications.
    for (const name of ['outside-in', 'inside-out']) {
      const alone = join(dir, `alone-${name}`);
      const r = await cli(['run', `scenarios/${name}.yaml`, ...short, '--out', alone, '--quiet', '--workers', '1']);
      expect(r.code, r.stderr).toBe(0);
      for (const f of ['summary.csv', 'weekly.csv', 'weekly-labels.csv', 'warnings.csv']) expect(readFileSync(join(out, name, f), 'utf8')).toBe(readFileSync(join(alone, f), 'utf8'));
    }
    const summary = (name: string) => new Map(read(join(out, name, 'summary.csv')).map((r) => [r.metric, r]));
    const base = summary('outside-in');
    const model = summary('inside-out');
    const bd = rows.find((r) => r.metric === 'bd_meetings_per_field_rep_week')!;
    expect(bd.baseline_mean).toBe(base.get(bd.metric)!.mean);
    expect(bd.mean).toBe(model.get(bd.metric)!.mean);
    expect(Number(bd.diff)).toBeCloseTo(Number(bd.mean) - Number(bd.baseline_mean), 6);
    expect(bd.significant).toBe('true');
    // A role of one model only: its metrics are listed with blanks for the other model, and no difference.
    const inside = rows.find((r) => r.metric === 'role.inside_sales.utilization')!;
    expect(inside.baseline_mean).toBe('');
    expect(inside.mean).toBe(model.get('role.inside_sales.utilization')!.mean);
    expect([inside.diff, inside.diff_ci95_low, inside.significant]).toEqual(['', '', '']);
    const reps = rows.find((r) => r.metric === 'role.field_rep.utilization')!;
    expect(reps.mean).toBe('');
    const record = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(Object.keys(record).slice(0, 5)).toEqual(['salesim', 'seed', 'replications', 'set', 'command']);
    expect(record.seed).toBe('9');
    expect(record.replications).toBe(3);
    expect(record.models.map((m: { name: string }) => m.name)).toEqual(['outside-in', 'inside-out']);
    const own = JSON.parse(readFileSync(join(out, 'inside-out', 'run.json'), 'utf8'));
    expect(Object.keys(own).slice(0, 6)).toEqual(['salesim', 'scenario', 'file', 'seed', 'replications', 'set']);
    expect([own.scenario, own.seed, own.replications]).toEqual(['inside-out', '9', 3]);
    expect(own.resolved.roles.inside_sales.headcount).toBeGreaterThan(0);
  });

  it('prints the significant changes at a 5% false discovery rate, by business area, the answer\'s figures first', () => {
    const lines = models.stdout.split('\n');
    expect(lines[0]).toMatch(/^compare: outside-in \(baseline\) vs inside-out: 3 replications each on the same seeds \(seed 9\)/);
    expect(lines[1]).toMatch(/^significant changes .*false discovery rate held at 5%.*Benjamini-Hochberg\): \d+ of \d+(; the \d+ biggest, up to \d+ per business area \(--all for every one\))?$/);
    expect(lines[2]).toMatch(/^metric\s+baseline\s+model\s+diff\s+95% interval\s+diff P10 \/ P50 \/ P90\s+change\s+q$/);
    const table = lines.slice(3, lines.findIndex((l) => l.startsWith('wrote ') || l.startsWith('warning')));
    const groups = table.filter((l) => l.startsWith('-- ')).map((l) => l.slice(3));
    expect(groups[0]).toBe('Money');
    expect(groups).toContain('Selling');
    // Money leads with the answer's figures (margin, revenue, payroll: those 3 replications make clear); good and bad news are marked.
    expect(table[1]).toMatch(/^(gross_margin_week|revenue_week|payroll_week)\s.*\s(better|worse)$/);
    expect(table.filter((l) => !l.startsWith('-- ')).length).toBeGreaterThan(5);
    expect(lines.some((l) => /^bd_meetings_per_field_rep_week\s.*\sbetter$/.test(l))).toBe(true);
  });

  it('a model against itself: every difference 0, nothing significant', async () => {
    const self = join(dir, 'self');
    const r = await cli(['compare', 'scenarios/inside-out.yaml', 'scenarios/inside-out.yaml', ...short, '--out', self, '--workers', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/significant changes .*: 0 of \d+\n\(none\)/);
    const rows = read(join(self, 'compare.csv'));
    expect(rows.length).toBeGreaterThan(100);
    for (const row of rows) {
      expect(row.model).toBe('inside-out-2');
      if (row.baseline_mean === '') continue;
      expect(row.diff, row.metric).toBe('0');
      expect(row.significant, row.metric).toBe('false');
    }
  });

  it('refuses models measured over different windows, in one line, writing nothing', async () => {
    const bad = join(dir, 'bad');
    const r = await cli(['compare', 'scenarios/outside-in.yaml', 'test/fixtures/everything.yaml', '--reps', '2', '--out', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^salesim: compare: test\/fixtures\/everything\.yaml: run\.horizon is 8 wk but scenarios\/outside-in\.yaml has 52 wk/);
    expect(existsSync(bad)).toBe(false);
    const one = await cli(['compare', 'scenarios/outside-in.yaml']);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/expected at least two scenario files/);
  });
});
