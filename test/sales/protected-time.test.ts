import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndexedQueue } from '../../src/kernel/resource/indexed-queue.js';
import { HOURS_PER_WEEK } from '../../src/kernel/time.js';
import { Person } from '../../src/sales/person.js';
import { clockProtected, compileProtect, protectedDue } from '../../src/sales/protected-time.js';
import { MANUFACTURER_TASKS } from '../../src/sales/tasks.js';

/** The manufacturer's task indices (its workflow file declares them in this order). */
const T = Object.fromEntries(MANUFACTURER_TASKS.map((t, i) => [t, i])) as Record<string, number>;
import { WorkStore } from '../../src/sales/work.js';
import { loadSales } from '../support/load.js';
import { ROOT } from '../support/study.js';
import { paired, run } from './mechanisms-support.js';

/**
 * Protected time (docs/model.md#m3): a share of each rep's hours reserved for
 * booking and holding BD meetings, taken ahead of the priority tiers while the
 * rep is behind on it. On outside-in, selling stops being only what is left
 * over: F1 rises, and with twice the accounts it does not fall off the cliff of
 * strict tiers; what pays for it is the work below it in the tiers.
 */

const OI = 'scenarios/outside-in.yaml';
const PROTECTED = 'scenarios/outside-in-protected.yaml';
const F1 = 'bd_meetings_per_field_rep_week';
/** Twice the accounts: the `accounts` growth preset at 2 (src/run/grow.ts), company.yaml's 50, 250 and 900. */
const TWICE = ['company.segments.key.accounts=100', 'company.segments.mid.accounts=500', 'company.segments.small.accounts=1800'];
const REPS = { replications: 6 };

describe('protected time on outside-in: F1 against the work below it', () => {
  const base = run(OI, [], REPS);
  const prot = run(PROTECTED, [], REPS);
  const base2 = run(OI, TWICE, REPS);
  const prot2 = run(PROTECTED, TWICE, REPS);

  it('raises BD meetings per rep at the default demand', () => {
    // Paired over common random numbers: about +0.8 a week (sd of the differences about 0.1).
    expect(paired(base, prot, F1).ci95_low).toBeGreaterThan(0.3);
  });

  it('has no cliff at twice the accounts: meetings stay near their protected level while strict tiers leave almost none', () => {
    expect(base2.row(F1).ci95_high).toBeLessThan(0.2);
    expect(prot2.row(F1).ci95_low).toBeGreaterThan(1.5);
    // The reps' protected hours are about their share of the hours worked (a meeting, with its travel, overshoots a little).
    const share = prot2.row('role.field_rep.protected_share');
    expect(share.ci95_low).toBeGreaterThan(0.22);
    expect(share.ci95_high).toBeLessThan(0.32);
  });

  it('is paid for by small orders and renewals (the trade-off)', () => {
    expect(paired(base, prot, 'revenue_small_orders_week').ci95_high).toBeLessThan(0);
    expect(paired(base, prot, 'renewal_rate').ci95_high).toBeLessThan(0);
    expect(paired(base2, prot2, 'renewal_rate').ci95_high).toBeLessThan(0);
  });

  it('is not a block: with no selling work to protect, the reps work exactly as without it', () => {
    // No opportunities at all: nothing protected ever waits, so every pick is the tiers'.
    const none = ['company.market_leads=0/wk', ...['key', 'mid', 'small'].flatMap((g) => [`company.segments.${g}.bd_opportunities=0/yr`, `company.segments.${g}.referrals=0/yr`])];
    const a = run(OI, none, { replications: 2 });
    const b = run(PROTECTED, none, { replications: 2 });
    const same = a.names.filter((n) => b.names.includes(n));
    expect(same.length).toBe(a.names.length);
    for (const n of same) expect(b.each(n), n).toEqual(a.each(n));
    expect(b.row('role.field_rep.protected_share').mean).toBe(0);
  });
});

describe('the protected-time count', () => {
  const g = compileProtect([{ task: ['meeting_scheduling', 'bd_meeting'], share: 0.25 }, { task: 'renewal', share: 0.1 }], (t) => T[t], MANUFACTURER_TASKS.length)!;
  const person = () => new Person(0, 0, new IndexedQueue(new WorkStore()));

  it('is behind while protected hours are below the share of the hours worked this week, pro rata', () => {
    const p = person();
    const monday = 2 * HOURS_PER_WEEK;
    expect(protectedDue(p, g, 0, monday + 8)).toBe(false); // nothing worked yet
    clockProtected(p, g, T.order_entry, 4, monday + 12);
    expect(protectedDue(p, g, 0, monday + 12)).toBe(true); // 0 of 0.25 x 4 h
    expect(clockProtected(p, g, T.bd_meeting, 1.5, monday + 13.5)).toBe(1.5);
    expect(protectedDue(p, g, 0, monday + 13.5)).toBe(false); // 1.5 h of 0.25 x 5.5 h
    expect(protectedDue(p, g, 1, monday + 13.5)).toBe(true); // renewals: 0 of 0.1 x 5.5 h
    expect(clockProtected(p, g, T.order_entry, 1, monday + 14.5)).toBe(0);
  });

  it('starts again each week; only the part of a span inside the week counts for it', () => {
    const p = person();
    const week = 3 * HOURS_PER_WEEK;
    clockProtected(p, g, T.order_entry, 40, week - 1);
    expect(protectedDue(p, g, 0, week - 1)).toBe(true);
    expect(protectedDue(p, g, 0, week + 1)).toBe(false); // a new week: nothing worked in it yet
    clockProtected(p, g, T.bd_meeting, 3, week + 2); // 1 h before Monday 00:00, 2 h after
    expect(p.worked).toBe(2);
    expect(p.guarded[0]).toBe(2);
  });
});

describe('protected-time mistakes are one line with file, line and field', () => {
  const overlay = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'protect-')), 'model.yaml');
    writeFileSync(file, `extends: ${resolve(ROOT, OI)}\nroles:\n  field_rep:\n    protect:\n${text}`);
    return file;
  };
  const cases: [string, string, RegExp][] = [
    ['a task the role does not do', '      - { task: [bd_meeting, design], share: 0.2 }\n',
      /model\.yaml:5:\d+: roles\.field_rep\.protect\.0\.task\.1: role 'field_rep' does not do 'design' \(routing\.design\): nothing would fill the time$/],
    ['a task protected twice', '      - { task: bd_meeting, share: 0.2 }\n      - { task: [renewal, bd_meeting], share: 0.1 }\n',
      /model\.yaml:6:\d+: roles\.field_rep\.protect\.1\.task\.1: 'bd_meeting' is protected twice: each task in one entry$/],
    ['shares above the week', '      - { task: bd_meeting, share: 0.7 }\n      - { task: renewal, share: 0.4 }\n',
      /model\.yaml:4:\d+: roles\.field_rep\.protect: the shares add up to 1\.1: expected at most 1$/],
    ['a share of nothing', '      - { task: bd_meeting, share: 0 }\n',
      /roles\.field_rep\.protect\.0\.share: expected a share in \(0, 1\]$/],
  ];
  it.each(cases)('%s', (_what, text, message) => {
    expect(() => loadSales(overlay(text))).toThrow(message);
  });
});
