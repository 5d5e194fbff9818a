import { describe, expect, it } from 'vitest';
import { Accounts } from '../../src/sales/accounts.js';
import { Opportunities } from '../../src/sales/opportunities.js';

// The customer base and the pipeline keep each account and opportunity as one
// record in a typed array (two views of one buffer): each field must read back
// what was written, apart from its neighbours' and across growth.

describe('Accounts records', () => {
  it('keeps each field of each account apart, through growth and removal', () => {
    const acc = new Accounts(3, 2);
    const n = 1000;
    for (let a = 0; a < n; a++) acc.add(a % 3, 1000 + a, a / n, a % 7 === 0 ? 5000 + a : 0, a * 0.5);
    expect(acc.size).toBe(n);
    for (let a = 0; a < n; a += 2) acc.experience(a, 0.25, 10_000 + a);
    acc.setContract(3, 42.5);
    for (let a = 1; a < n; a += 3) acc.remove(a);
    for (let a = 0; a < n; a++) {
      expect(acc.segmentOf(a)).toBe(a % 3);
      expect(acc.areaOf(a)).toBe(1000 + a);
      expect(acc.satisfactionOf(a)).toBe(a % 2 === 0 ? Math.min(1, a / n + 0.25) : a / n);
      expect(acc.lastContactOf(a)).toBe(a % 2 === 0 ? 10_000 + a : a * 0.5);
      expect(acc.contractOf(a)).toBe(a === 3 ? 42.5 : a % 7 === 0 ? 5000 + a : 0);
      expect(acc.active[a]).toBe(a % 3 === 1 ? 0 : 1);
    }
    expect(acc.activeCount).toBe(n - Math.ceil((n - 1) / 3));
    for (let s = 0; s < 3; s++) for (const a of acc.members[s]) expect(acc.segmentOf(a)).toBe(s);
  });

  it('keeps satisfaction within [0, 1] and a contact as the time of the last one', () => {
    const acc = new Accounts(1, 4);
    const a = acc.add(0, 0, 0.9, 0, 0);
    acc.experience(a, 0.5, 3);
    expect(acc.satisfactionOf(a)).toBe(1);
    acc.experience(a, -2, 4);
    expect(acc.satisfactionOf(a)).toBe(0);
    acc.contacted(a, 7.25);
    expect(acc.lastContactOf(a)).toBe(7.25);
    expect(acc.satisfactionOf(a)).toBe(0);
  });
});

describe('Opportunities records', () => {
  it('keeps each field of each opportunity apart, through growth', () => {
    const o = new Opportunities();
    const n = 5000; // past the first capacity (1024)
    for (let i = 0; i < n; i++) expect(o.add(100 + i, i % 40, i % 3 === 0 ? -1 : i, i * 0.25)).toBe(i);
    expect(o.length).toBe(n);
    for (let i = 0; i < n; i += 5) { o.setFirstWait(i, i + 0.5); o.setFirst(i, i % 10, i % 17); }
    for (let i = 0; i < n; i += 7) o.enterStage(i, i % 4, 2 * i);
    for (let i = 0; i < n; i += 14) o.leaveStage(i);
    for (let i = 0; i < n; i++) {
      expect(o.value(i)).toBe(100 + i);
      expect(o.area(i)).toBe(i % 40);
      expect(o.account(i)).toBe(i % 3 === 0 ? -1 : i);
      expect(o.created(i)).toBe(i * 0.25);
      expect(o.firstWait(i)).toBe(i % 5 === 0 ? i + 0.5 : -1);
      expect(o.firstRole(i)).toBe(i % 5 === 0 ? i % 10 : -1);
      expect(o.firstPerson(i)).toBe(i % 5 === 0 ? i % 17 : -1);
      expect(o.stage(i)).toBe(i % 14 === 0 ? -1 : i % 7 === 0 ? i % 4 : -1);
      expect(o.stageSince(i)).toBe(i % 7 === 0 ? 2 * i : 0);
    }
  });
});
