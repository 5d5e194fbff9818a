import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stress } from '../../src/api/stress.js';
import { Layout, saturatedRoles } from '../../src/sales/ledger.js';
import type { SalesSpec } from '../../src/sales/spec.js';
import { loadSales } from '../support/load.js';
import { ROOT, study as runFile } from '../support/study.js';

/**
 * The constraint picture (issue 13, item 2): a scenario names its designated
 * constraint; stress reports every role's headroom and names the first other
 * role to break; every week counts each saturated role, not just one.
 */
const DESK = resolve(ROOT, 'test/fixtures/designated-desk.yaml');

/** The fixture with `constraint:` rewritten, where the workflow it extends is found from anywhere. */
function variant(constraint: string, tail = ''): string {
  const text = readFileSync(DESK, 'utf8')
    .replace('extends: ../../scenarios/', `extends: ${resolve(ROOT, 'scenarios')}/`)
    .replace(/^constraint: desk$/m, `constraint: ${constraint}${tail}`);
  const file = join(mkdtempSync(join(tmpdir(), 'constraint-')), 'desk.yaml');
  writeFileSync(file, text);
  return file;
}

describe('stress with a designated constraint', () => {
  it('reports the designated desk apart and names the clerks, the first other role to break', async () => {
    // The desk (0.96 committed) breaks at x1; without the designation it would be the first to break.
    const study = await stress(loadSales(DESK), { grow: 'accounts', from: 1, to: 2, steps: 5, workers: 1 });
    const at = (role: string) => study.breakingPoints.find((p) => p.role === role)!.multiplier;
    expect(study.designated).toEqual(['desk']);
    expect(at('desk')).toBe(1);
    // The clerks at 0.6 x 1.5 = 0.9 hold; at x1.75 (1.05 offered) they pass 0.95.
    expect(at('clerk')).toBe(1.75);
    expect(study.firstToBreak.map((p) => p.role)).toEqual(['clerk']);
  });

  it('without one, first to break is the desk as before', async () => {
    const loaded = loadSales(variant('desk'), ['constraint=null']);
    expect(loaded.spec.constraint).toBe(-1);
    const study = await stress(loaded, { grow: 'accounts', from: 1, to: 2, steps: 5, workers: 1 });
    expect(study.designated).toEqual([]);
    expect(study.firstToBreak.map((p) => p.role)).toEqual(['desk']);
  });
});

describe('saturated share', () => {
  it('counts two roles saturated in the same week, where the constraint names one', () => {
    // Twice the accounts: the desk offered 1.92 and the clerks 1.2 of their hours, both saturated every week.
    const result = runFile('test/fixtures/designated-desk.yaml', ['company.segments.customers.accounts=200']);
    const mean = (m: string) => result.row(m).mean;
    expect(mean('role.desk.saturated_share')).toBe(1);
    expect(mean('role.clerk.saturated_share')).toBe(1);
    // One label a week: the two constraint shares add up to at most every week.
    expect(mean('constraint_share.desk') + mean('constraint_share.clerk')).toBeLessThanOrEqual(1);
    expect(mean('constraint_share.clerk')).toBeLessThan(1);
  });

  it('marks every role at or above the saturation threshold in a week', () => {
    const spec = { roles: [{ id: 'a', costOnly: false }, { id: 'b', costOnly: false }, { id: 'c', costOnly: false }, { id: 'm', costOnly: true }] } as unknown as SalesSpec;
    const L = new Layout(4, 2);
    const d = new Float64Array(L.size);
    [95, 90, 89, 0].forEach((busy, r) => { d[L.capacity(r)] = 100; d[L.busy(r, 0)] = busy; });
    expect(saturatedRoles(spec, L, d)).toEqual([1, 1, 0, 0]);
  });
});

describe('the designated constraint is validated', () => {
  it('an unknown role is a located one-line error', () => {
    const file = variant('nobody');
    expect(() => loadSales(file)).toThrow(/^[^\n]*desk\.yaml:\d+:\d+: constraint: unknown role 'nobody' \(roles: desk, clerk\)$/);
  });

  it('a phase may name another, validated at the phase', () => {
    const file = variant('desk', "\nphases:\n  - at: 4 wk\n    constraint: clerk\n  - at: 8 wk\n    constraint: manager");
    expect(() => loadSales(file)).toThrow(/desk\.yaml:\d+:\d+: phases\[1\]\.constraint: unknown role 'manager'/);
    const ok = loadSales(variant('desk', "\nphases:\n  - at: 4 wk\n    constraint: clerk"));
    expect(ok.model.designatedConstraints(ok.spec)).toEqual(['desk', 'clerk']);
  });
});
