import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { salesim, tempDir } from '../support/cli.js';
import { cli } from '../support/inproc.js';

/** The sales scenarios through the command line, as a user runs them. */
describe('salesim run on sales scenarios', () => {
  const dir = tempDir();
  const run = (out: string, seed: string) =>
    salesim(['run', 'scenarios/outside-in.yaml', '--reps', '2', '--weeks', '10', '--set', 'run.warmup=2 wk', '--seed', seed, '--out', join(dir, out)]);
  const first = run('a', '5');
  const second = run('b', '5');
  const other = run('c', '6');

  it('prints the F1 figure first and writes the files', () => {
    expect(first.code, first.stderr).toBe(0);
    const lines = first.stdout.split('\n');
    expect(lines[1]).toMatch(/^metric\s+mean/);
    expect(lines[2]).toMatch(/^bd_meetings_per_field_rep_week\s+\d/);
    const labels = parse(readFileSync(join(dir, 'a', 'weekly-labels.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const constraint = labels.filter((r) => r.series === 'constraint');
    expect(constraint).toHaveLength(2 * 10);
    for (const r of constraint) expect(['field_rep', 'engineering', 'production', 'none']).toContain(r.label);
    const summary = parse(readFileSync(join(dir, 'a', 'summary.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const metrics = summary.map((r) => r.metric);
    for (const m of ['bd_meetings_per_field_rep_week', 'bd_meetings_week', 'opportunities_week', 'wins_week', 'orders_week', 'revenue_week',
      'new_accounts_week', 'renewal_rate', 'renewal_uplift_mean', 'upsell_rate', 'calls_abandoned_fraction', 'service_level',
      'on_time_task_fraction', 'lost_revenue_week', 'lost_revenue_abandonment_week', 'lost_revenue_patience_week', 'lost_revenue_lapse_week',
      'churn_rate', 'production_lead_time_d_mean', 'payroll_week', 'gross_margin_week', 'role.field_rep.utilization',
      'role.field_rep.time_share.bd_meeting', 'role.field_rep.time_share.travel', 'constraint_share.field_rep']) {
      expect(metrics).toContain(m);
    }
    for (const m of metrics) expect(m).toMatch(/^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)*$/);
  });

  it('is deterministic: same seed, byte-identical files; another seed differs', () => {
    for (const f of ['summary.csv', 'weekly.csv', 'weekly-labels.csv']) {
      expect(readFileSync(join(dir, 'b', f), 'utf8')).toBe(readFileSync(join(dir, 'a', f), 'utf8'));
      expect(readFileSync(join(dir, 'c', f), 'utf8')).not.toBe(readFileSync(join(dir, 'a', f), 'utf8'));
    }
    expect(second.code).toBe(0);
    expect(other.code).toBe(0);
  });

  it('validates every shipped sales scenario', async () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml') && f !== 'company.yaml');
    expect(files.length).toBeGreaterThanOrEqual(8);
    // The businesses of docs/businesses.md, each in its folder with its company file (which is no model on its own).
    for (const [dir, company] of [['distributor', 'desk.yaml'], ['medical', 'medeq.yaml']]) {
      files.push(...readdirSync(join('scenarios', dir)).filter((f) => f.endsWith('.yaml') && f !== company).map((f) => join(dir, f)));
    }
    for (const f of files) {
      const r = await cli(['validate', join('scenarios', f)]);
      expect(r.code, `${f}: ${r.stderr}`).toBe(0);
    }
  });

  it('reports a bad operating model in one line, with file, line and field, exit code 2, nothing written', async () => {
    const bad = join(dir, 'bad.yaml');
    const out = join(dir, 'bad-out');
    writeFileSync(bad, `extends: ${join(process.cwd(), 'scenarios/outside-in.yaml')}\nrouting:\n  renewal: [renewals_desk]\n`);
    const r = await cli(['run', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.yaml:3:\d+: routing\.renewal\.0: unknown role 'renewals_desk' \(roles: [a-z_, ]*field_rep[a-z_, ]*\)$/m);
    expect(() => readdirSync(out)).toThrow();
    const unknownTask = await cli(['validate', 'scenarios/inside-out.yaml', '--set', 'roles.customer_service.priority=[inbound_call, coffee]']);
    expect(unknownTask.code).toBe(2);
    expect(unknownTask.stderr).toMatch(/--set roles\.customer_service\.priority=.*: roles\.customer_service\.priority\.1/);
  });
});
