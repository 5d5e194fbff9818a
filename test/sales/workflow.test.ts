import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ITEM_KINDS } from '../../src/sales/item-book.js';
import { runSalesReplication } from '../../src/sales/replication.js';
import { UserError } from '../../src/scenario/load.js';
import { expectConserved } from '../support/conservation.js';
import { loadSales } from '../support/load.js';
import { ROOT, study } from '../support/study.js';

/**
 * A business of its own described as data (docs/workflows.md): tasks with any
 * names, what finishing or expiring each leads to (conditions, branches with
 * probabilities, new work), and which task plays each part of the mechanisms.
 */
const TRIAGE = 'test/fixtures/workflow-triage.yaml';

function variant(change: (text: string) => string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'workflow-')), 'desk.yaml');
  writeFileSync(file, change(readFileSync(resolve(ROOT, TRIAGE), 'utf8')));
  return file;
}

describe('a workflow declared in the scenario', () => {
  it('runs a help desk without production: each flow carries its share of the work', () => {
    const s = study(TRIAGE);
    const mean = (m: string) => s.row(m).mean;
    // Issues arrive at 2/h from each segment, around the clock: 336 a week each.
    // Experts get every key account's issue (the condition): 336 a week. The desk triages all 672,
    // fixes half the small accounts' (the branch: 168) and makes the experts' follow-ups (336).
    // Over 19 measured weeks x 2 replications a Poisson count of 336 a week has a standard error of
    // sqrt(336 x 38) / 38 = 3.0 a week, one of 1,176 a week 5.6: the bounds are 4-5 standard errors.
    expect(mean('role.expert.work_in_week')).toBeGreaterThan(336 - 12);
    expect(mean('role.expert.work_in_week')).toBeLessThan(336 + 12);
    expect(mean('role.desk.work_in_week')).toBeGreaterThan(1176 - 28);
    expect(mean('role.desk.work_in_week')).toBeLessThan(1176 + 28);
    // Hours: triage 672 x 10 min = 112 h, fixes 168 x 30 min = 84 h, follow-ups 336 x 5 min = 28 h.
    expect(mean('role.desk.time_share.triage')).toBeCloseTo(112 / 224, 1);
    expect(mean('role.desk.time_share.desk_fix')).toBeCloseTo(84 / 224, 1);
    expect(mean('role.desk.time_share.follow_up')).toBeCloseTo(28 / 224, 1);
    // Nothing of the manufacturer's is there: no production, no opportunities.
    expect(s.names.some((n) => n.startsWith('role.') && n.includes('production'))).toBe(false);
  });

  it('an item that expires goes on as the same customer item to a task of its kind, else it is lost as what it was', () => {
    // Calls a desk of one cannot keep up with: waiting callers leave a message (same kind: the call goes on)
    // or, in the other variant, the item becomes internal work (a different kind: the call is lost).
    const calls = (next: string) => variant((t) => t
      .replace('big: { accounts: 1, service_issues: 2/h, issue_phone_share: 0 }', 'big: { accounts: 1, service_issues: 6/h, issue_phone_share: 0 }')
      .replace('  triage:\n    duration: { exponential: 10 min }', `  triage:\n    item: call\n    patience: { exponential: 5 min }\n    expired: [{ next: ${next} }]\n    duration: { exponential: 10 min }`)
      .replace('  follow_up: { duration: 5 min }', '  follow_up: { duration: 5 min }\n  message: { item: call, duration: 5 min, done: [request_done] }')
      .replace('follow_up: [desk] }', 'follow_up: [desk], message: [expert] }'));
    for (const next of ['message', 'follow_up']) {
      const loaded = loadSales(calls(next), ['run.horizon=4 wk', 'run.warmup=0 wk', 'roles.desk.headcount=1']);
      const rep = runSalesReplication(loaded.spec, '7');
      expectConserved(rep, ITEM_KINDS);
      const v = (m: string) => rep.values[rep.names.indexOf(m)];
      expect(v('items.call.arrived'), next).toBeGreaterThan(1000);
      if (next === 'message') {
        // A message is the call, still in progress: none lost, every one completed or waiting.
        expect(v('items.call.lost')).toBe(0);
        expect(v('items.call.completed')).toBeGreaterThan(0);
      } else {
        expect(v('items.call.lost')).toBeGreaterThan(100);
      }
    }
  });

  it('the manufacturer workflow is a shipped file that the company extends', () => {
    const loaded = loadSales(resolve(ROOT, 'scenarios/outside-in.yaml'));
    expect(loaded.spec.tasks.map((t) => t.name)).toEqual(Object.keys((loadSales(resolve(ROOT, 'scenarios/theory/sales-mmc.yaml')).resolved as { tasks: object }).tasks));
    expect(loaded.spec.tasks[loaded.spec.part.call].name).toBe('inbound_call');
    expect(loaded.spec.tasks[loaded.spec.part.call].interrupts).toBe(true);
  });

  it('a mistake in a flow is one line naming the file, line, field and what was expected', () => {
    const cases: [(t: string) => string, RegExp][] = [
      [(t) => t.replace('next: { desk_fix: 0.5 }', 'next: { desk_fx: 0.5 }'), /workflow-.*desk\.yaml:\d+:\d+: tasks\.triage\.done\.1\.next\.desk_fx: unknown task 'desk_fx' \(tasks: triage, desk_fix, expert_fix, follow_up\)$/],
      [(t) => t.replace('done: [request_done] }', 'done: [lapse] }'), /:\d+:\d+: tasks\.desk_fix\.done\.0: 'lapse' is a step of work that waited too long: expected it under tasks\.desk_fix\.expired$/],
      [(t) => t.replace('done: [request_done] }', 'done: [requst_done] }'), /:\d+:\d+: tasks\.desk_fix\.done\.0: unknown step 'requst_done': expected a step: one of request_done, /],
      [(t) => t.replace('segment: [big]', 'segment: [bigg]'), /:\d+:\d+: tasks\.triage\.done\.0\.when\.segment: unknown segment 'bigg' \(segments: big, small\)$/],
      [(t) => t.replace('desk_fix: 0.5', 'desk_fix: 0.5, expert_fix: 0.6'), /:\d+:\d+: tasks\.triage\.done\.1\.next: expected probabilities adding up to at most 1$/],
      [(t) => t.replace('workflow: { issue: triage }', 'workflow: { issue: triag }'), /:\d+:\d+: workflow\.issue: unknown task 'triag'/],
      [(t) => t.replace('workflow: { issue: triage }', ''), /:\d+:\d+: workflow\.issue: missing: customers generate issue work, and no task plays the part/],
    ];
    for (const [change, message] of cases) {
      const file = variant(change);
      expect(() => loadSales(file), String(message)).toThrow(UserError);
      expect(() => loadSales(file)).toThrow(message);
    }
  });
});
