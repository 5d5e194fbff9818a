import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { salesim, tempDir } from '../support/cli.js';
import { study } from '../support/study.js';

type Row = Record<string, string>;
const FIXTURE = 'test/fixtures/sales-order-desk.yaml';
const TARGET = 'on_time_task_fraction>=0.9';
// Short runs: what is tested is the search, against separate runs of the same length and seeds.
const RUN = ['--reps', '3', '--weeks', '12'];
const SET = ['run.replications=3', 'run.horizon=12 wk'];

describe('salesim size', () => {
  const dir = tempDir();
  const size = (out: string, set: string[]) =>
    salesim(['size', FIXTURE, '--minimize', 'payroll', '--target', TARGET, '--roles', 'order_desk,back_office', '--confirm', '4', ...RUN, ...set.flatMap((s) => ['--set', s]), '--out', out]);
  // The order desk starts short (one person), the back office over-staffed (twelve).
  const low = size(join(dir, 'low'), []);
  const record = JSON.parse(readFileSync(join(dir, 'low', 'run.json'), 'utf8'));
  const found: Record<string, number> = record.found.headcounts;

  it('finds a staffing that meets the target, where one person fewer in any role fails (separate runs)', () => {
    expect(low.code, low.stderr).toBe(0);
    expect(record.met).toBe(true);
    expect(Object.keys(record).slice(0, 6)).toEqual(['salesim', 'scenario', 'file', 'seed', 'replications', 'set']);
    // Met: the target's interval clears 0.9 and (the guard) no searched role's committed utilization reaches 0.95.
    const meets = (h: Record<string, number>) => {
      const r = study(FIXTURE, [...SET, ...Object.entries(h).map(([role, n]) => `roles.${role}.headcount=${n}`)]);
      return r.row('on_time_task_fraction').ci95_low >= 0.9 && Object.keys(h).every((role) => r.row(`role.${role}.committed_utilization`).ci95_high < 0.95);
    };
    expect(meets(found)).toBe(true);
    for (const role of Object.keys(found)) {
      expect(found[role]).toBeGreaterThan(1);
      expect(meets({ ...found, [role]: found[role] - 1 }), role).toBe(false);
    }
    expect(low.stdout).toMatch(/on_time_task_fraction>=0\.9\s+0\.\d+\s+\[0\.\d+, [\d.]+\]\s+yes/);
    expect(record.guards).toEqual(['role.order_desk.committed_utilization<0.95', 'role.back_office.committed_utilization<0.95']);
  });

  it('from an over-staffed start it ends no dearer than the start, at the same staffing', () => {
    const out = join(dir, 'high');
    const high = size(out, ['roles.order_desk.headcount=4']);
    expect(high.code, high.stderr).toBe(0);
    const r = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(r.found.payroll).toBeLessThanOrEqual(r.start.payroll);
    expect(r.found.headcounts).toEqual(found);
  });

  it('writes size.csv: every candidate once, the chosen one marked', () => {
    const rows = parse(readFileSync(join(dir, 'low', 'size.csv'), 'utf8'), { columns: true }) as Row[];
    const interval = (m: string) => [`${m}.mean`, `${m}.ci95_low`, `${m}.ci95_high`];
    expect(Object.keys(rows[0])).toEqual(['candidate', 'phase', 'headcount.order_desk', 'headcount.back_office', 'payroll', ...interval('objective'),
      ...interval('on_time_task_fraction'), ...interval('role.order_desk.committed_utilization'), ...interval('role.back_office.committed_utilization'),
      'met', 'failing', 'chosen']);
    expect(rows.length).toBe(record.candidates);
    const keys = rows.map((x) => `${x['headcount.order_desk']},${x['headcount.back_office']}`);
    expect(new Set(keys).size).toBe(rows.length);
    const chosen = rows.filter((x) => x.chosen === 'true');
    expect(chosen.map((x) => [Number(x['headcount.order_desk']), Number(x['headcount.back_office'])])).toEqual([[found.order_desk, found.back_office]]);
    for (const x of rows) {
      const met = Number(x['on_time_task_fraction.ci95_low']) >= 0.9
        && ['order_desk', 'back_office'].every((r) => Number(x[`role.${r}.committed_utilization.ci95_high`]) < 0.95);
      expect(x.met).toBe(String(met));
    }
  });

  it('an unknown metric or a malformed target ends with exit code 2 and no output', () => {
    for (const [target, message] of [
      ['on_time_fractio>=0.9', /--target on_time_fractio>=0\.9: unknown metric 'on_time_fractio' \(did you mean .*on_time_fraction/],
      ['on_time_task_fraction=0.9', /--target on_time_task_fraction=0\.9: expected metric, one of >= <= > <, and a number/],
    ] as const) {
      const out = join(dir, 'bad');
      const r = salesim(['size', FIXTURE, '--target', target, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  });
});
