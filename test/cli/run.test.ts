import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { salesim, tempDir } from '../support/cli.js';
import { cli } from '../support/inproc.js';

describe('salesim run', () => {
  const dir = tempDir();
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const c = join(dir, 'c');
  const run = (out: string, seed: string) => salesim(['run', 'test/fixtures/everything.yaml', '--reps', '3', '--seed', seed, '--out', out, '--quiet']);
  const first = run(a, '11');
  const second = run(b, '11');
  const other = run(c, '12');

  it('writes summary.csv, weekly.csv and run.json', () => {
    expect(first.code, first.stderr).toBe(0);
    const summary = parse(readFileSync(join(a, 'summary.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(summary[0])).toEqual(['metric', 'mean', 'stdev', 'ci95_low', 'ci95_high', 'replications', 'p10', 'p50', 'p90']);
    const metrics = summary.map((r) => r.metric);
    for (const m of ['role.desk.utilization', 'role.desk.queue_length_mean', 'task.answer.wait_h_mean', 'task.answer.wait_h_p90',
      'items.call.arrived', 'items.call.completed', 'items.call.abandoned', 'items.call.in_progress', 'items.call.sojourn_h_mean']) {
      expect(metrics).toContain(m);
    }
    for (const m of metrics) expect(m).toMatch(/^[a-z]+(\.[a-z0-9_-]+)+$/);
    const weekly = parse(readFileSync(join(a, 'weekly.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(weekly[0])).toEqual(['replication', 'week', 'metric', 'value']);
    expect(new Set(weekly.map((r) => r.week)).size).toBe(8);
    expect(new Set(weekly.map((r) => r.replication))).toEqual(new Set(['1', '2', '3']));
    const record = JSON.parse(readFileSync(join(a, 'run.json'), 'utf8'));
    // Every command's run.json starts alike (recordHead).
    expect(Object.keys(record).slice(0, 6)).toEqual(['salesim', 'scenario', 'file', 'seed', 'replications', 'set']);
    expect(record.seed).toBe('11');
    expect(record.replications).toBe(3);
    expect(record.salesim).toMatch(/^\d+\.\d+\.\d+/);
    expect(record.resolved.roles.desk.headcount).toBe(3);
    expect(typeof record.wall_s).toBe('number');
  });

  it('is deterministic: the same seed gives byte-identical files, another seed differs', () => {
    for (const f of ['summary.csv', 'weekly.csv']) {
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
      expect(readFileSync(join(c, f)).equals(readFileSync(join(a, f))), f).toBe(false);
    }
    // run.json differs only in the wall-clock time it records.
    const strip = (p: string) => ({ ...JSON.parse(readFileSync(join(p, 'run.json'), 'utf8')), wall_s: 0 });
    expect(strip(b)).toEqual(strip(a));
  });

  it('prints a readable table unless --quiet', async () => {
    const r = await cli(['run', 'scenarios/theory/mmc.yaml', '--reps', '2', '--weeks', '4', '--out', join(dir, 'table')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/task\.service\.wait_h_mean\s+\d/);
    expect(r.stdout).toMatch(/95% interval/);
    expect(first.stdout).not.toMatch(/95% interval/);
  });

  it('--weeks and --set change the run', async () => {
    const out = join(dir, 'short');
    const r = await cli(['run', 'scenarios/theory/mmc.yaml', '--reps', '2', '--weeks', '3', '--set', 'roles.server.headcount=6', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const weekly = readFileSync(join(out, 'weekly.csv'), 'utf8');
    expect(weekly).toMatch(/\n1,3,/);
    expect(weekly).not.toMatch(/\n1,4,/);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).resolved.roles.server.headcount).toBe(6);
    expect(existsSync(join(out, 'summary.csv'))).toBe(true);
  });
});

describe('salesim validate', () => {
  it('accepts every shipped scenario', async () => {
    for (const f of ['mm1', 'mmc', 'erlang-a', 'tandem-feedback', 'priority']) {
      const r = await cli(['validate', `scenarios/theory/${f}.yaml`]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/ok/);
    }
  });
});
