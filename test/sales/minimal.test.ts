import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSales as loadScenario } from '../support/load.js';
import { ROOT } from '../support/study.js';

/**
 * A minimal sales scenario leaves out what it does not use: a one-desk model is
 * its demand, its desk, the routing and the task's duration. What the customers
 * can generate must still have somebody to do it.
 */
const DESK = resolve(ROOT, 'scenarios/theory/sales-mmc.yaml');

function write(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'minimal-')), 'desk.yaml');
  // The copy extends the shipped workflow from where it is.
  writeFileSync(file, text.replace('extends: ../workflows/manufacturer.yaml', `extends: ${resolve(ROOT, 'scenarios/workflows/manufacturer.yaml')}`));
  return file;
}

describe('a minimal sales scenario', () => {
  it('a one-desk model needs no opportunities, production, renewals or idle roles', () => {
    const lines = readFileSync(DESK, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    expect(lines.length).toBeLessThan(25);
    const loaded = loadScenario(DESK);
    expect(loaded.kind).toBe('sales');
    if (loaded.kind !== 'sales') return;
    expect(loaded.spec.roles.map((r) => r.id)).toEqual(['desk']);
  });

  it('work the customers generate still needs a role: email orders without order entry are refused', () => {
    const file = write(readFileSync(DESK, 'utf8').replace('accounts: 1, service_issues: 4.5/h', 'accounts: 1, orders: 1/h, phone_share: 0, service_issues: 4.5/h'));
    expect(() => loadScenario(file)).toThrow(/routing\.order_entry.*expected at least one role for 'order_entry' \(customers generate this work\)/);
  });

  it('a task some role does needs a duration', () => {
    const file = write(readFileSync(DESK, 'utf8').replace("  service_issue: [desk]\n", "  service_issue: [desk]\n  order_entry: [desk]\n"));
    expect(() => loadScenario(file)).toThrow(/tasks\.order_entry.*missing/);
  });

  it('contracts need somebody to renew them', () => {
    const file = write(readFileSync(DESK, 'utf8').replace('issue_phone_share: 0 }', 'issue_phone_share: 0, contract: { share: 0.5, value: 1000 } }'));
    expect(() => loadScenario(file)).toThrow(/expected at least one role for 'renewal'/);
  });
});
