import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { constraintOf, Layout } from '../../src/sales/ledger.js';
import type { SalesSpec } from '../../src/sales/spec.js';
import { salesim, tempDir } from '../support/cli.js';

/** F9: sales support as the constraint is flagged, on stderr and in warnings.csv. */
describe('F9: a starved customer service is flagged as the constraint', () => {
  const dir = tempDir();
  const out = join(dir, 'starved');
  // inside-out with half its customer service: calls and orders pile up at the desk.
  const r = salesim(['run', 'scenarios/inside-out.yaml', '--set', 'roles.customer_service.headcount=2', '--reps', '3', '--weeks', '12',
    '--set', 'run.warmup=2 wk', '--out', out, '--no-report']);
  const line = /^warning: sales support is the constraint: customer_service in ([\d.]+) of 10 weeks \(F9: it should never be\)$/m;

  it('prints a warning line naming the role and its weeks', () => {
    expect(r.code, r.stderr).toBe(0);
    const m = r.stderr.match(line);
    expect(m, r.stderr).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(5);
    expect(r.stderr).not.toMatch(/warning: sales support .*(sales_coordinator|inside_sales)/);
    expect(r.stdout).not.toMatch(/^warning/m);
  });

  it('keeps it as a row of warnings.csv; summary.csv keeps numbers only', () => {
    const rows = parse(readFileSync(join(out, 'summary.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.filter((x) => x.metric === 'warning')).toEqual([]);
    const warnings = (parse(readFileSync(join(out, 'warnings.csv'), 'utf8'), { columns: true }) as Record<string, string>[])
      .filter((w) => w.kind === 'sales-support-constraint');
    expect(warnings).toHaveLength(1);
    expect(`warning: ${warnings[0].text}`).toMatch(line);
    expect([warnings[0].scenario, warnings[0].role, warnings[0].weeks]).toEqual(['inside-out', 'customer_service', '10']);
    const share = rows.find((x) => x.metric === 'constraint_share.customer_service')!;
    expect(Number(share.mean) * 10).toBeCloseTo(Number(warnings[0].text.match(/in ([\d.]+) of/)![1]), 1);
  });
});

describe('the constraint rule', () => {
  // Two roles, a week of 100 on-shift hours each.
  const spec = { roles: [{ id: 'desk', costOnly: false }, { id: 'floor', costOnly: false }] } as unknown as SalesSpec;
  const L = new Layout(2, 18);
  function week(deskBusy: number, deskExpired: number, floorBusy: number): Float64Array {
    const d = new Float64Array(L.size);
    d[L.capacity(0)] = 100;
    d[L.capacity(1)] = 100;
    d[L.busy(0, 0)] = deskBusy;
    d[L.busy(1, 0)] = floorBusy;
    d[L.waitCount(0)] = 200;
    d[L.waitCount(1)] = 200;
    d[L.expired(0)] = deskExpired;
    return d;
  }

  it('names the busiest role from committed utilization 0.9, else none', () => {
    expect(constraintOf(spec, L, week(50, 0, 92), [0, 0])).toBe('floor');
    expect(constraintOf(spec, L, week(89, 0, 80), [0, 0])).toBe('none');
  });

  it('counts blocked flow: a role that loses 5% of its work in its queue is the constraint from 0.85', () => {
    expect(constraintOf(spec, L, week(86, 10, 80), [0, 0])).toBe('desk');
    // Less than 5% lost is noise, not a blocked flow.
    expect(constraintOf(spec, L, week(86, 9, 80), [0, 0])).toBe('none');
    // Blocked flow outweighs a slightly busier role whose flow is not blocked.
    expect(constraintOf(spec, L, week(88, 10, 92), [0, 0])).toBe('desk');
    // A growing queue breaks near-ties.
    expect(constraintOf(spec, L, week(91, 0, 92), [1, 0])).toBe('desk');
  });
});
