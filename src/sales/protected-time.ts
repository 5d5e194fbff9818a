import { z } from 'zod';
import { HOURS_PER_WEEK } from '../kernel/time.js';
import { finiteNumber, id } from '../scenario/schema.js';
import { shaped } from '../scenario/shapes.js';
import type { Person } from './person.js';

/**
 * Protected time: a role reserves a share of each person's working hours for
 * some tasks, so that selling is not only what the priority tiers leave over.
 * While a person's hours on those tasks this week are below the share of the
 * hours they have worked this week, a protected task waiting in their own or
 * their role's queue is taken ahead of the tiers (routing.ts `choose`). It is
 * not a block: with no protected work waiting the person does other work, and
 * a call still interrupts protected desk work.
 *
 * Pro rata rather than a weekly budget spent first: a budget of share x the
 * week's hours would send the rep into the field on Monday until it is used
 * up, leaving the week's first orders and issues for days; pro rata keeps the
 * protected hours near their share all week, as recurring calendar blocks do,
 * and what a quiet morning leaves unused is caught up later in the same week
 * (the count starts again each Monday: use it or lose it). Travel to a
 * protected field task counts as protected time (the hours reserved for
 * meetings include getting there).
 */

const share = shaped(finiteNumber.refine((x) => x > 0 && x <= 1, 'expected a share in (0, 1]'), { json: { type: 'number', exclusiveMinimum: 0, maximum: 1 } });
/** A task of the scenario's own (checked against its tasks with the rest of the scenario). */
const taskName = id;
type TaskName = string;

export const ProtectSchema = z.array(z.strictObject({
  task: z.union([taskName, z.array(taskName).min(1)]).describe('The task, or tasks, the time is for (e.g. [meeting_scheduling, bd_meeting]).'),
  share: share.describe('Share of the hours each person works in a week reserved for them (0.25: a quarter).'),
}));

export type ProtectDef = z.output<typeof ProtectSchema>;

const tasksOf = (t: TaskName | TaskName[]): TaskName[] => (Array.isArray(t) ? t : [t]);

/** The tasks of a role's protect entries are done by the role, each in one entry, and the shares add up to at most 1. */
export function checkProtect(
  roleId: string, protect: ProtectDef, does: (t: TaskName) => boolean,
  issue: (path: (string | number)[], message: string) => void,
  /** The task playing the admin part, which reaches each person whatever the routing says. */
  admin?: string,
): void {
  const seen = new Set<TaskName>();
  let total = 0;
  protect.forEach((entry, k) => {
    total += entry.share;
    tasksOf(entry.task).forEach((t, i) => {
      const at = ['roles', roleId, 'protect', k, 'task', ...(Array.isArray(entry.task) ? [i] : [])];
      if (seen.has(t)) issue(at, `'${t}' is protected twice: each task in one entry`);
      // A person's own admin reaches them whatever the routing says (the weekly admin hours).
      else if (t !== admin && !does(t)) issue(at, `role '${roleId}' does not do '${t}' (routing.${t}): nothing would fill the time`);
      seen.add(t);
    });
  });
  if (total > 1 + 1e-9) issue(['roles', roleId, 'protect'], `the shares add up to ${Number(total.toFixed(4))}: expected at most 1`);
}

/** A role's protected time, compiled: the entry protecting each task (-1: none) and each entry's share. */
export interface ProtectSpec {
  entryOf: Int32Array;
  shares: Float64Array;
}

export function compileProtect(protect: ProtectDef, taskIndex: (t: string) => number, tasks: number): ProtectSpec | null {
  if (protect.length === 0) return null;
  const entryOf = new Int32Array(tasks).fill(-1);
  protect.forEach((entry, k) => { for (const t of tasksOf(entry.task)) entryOf[taskIndex(t)] = k; });
  return { entryOf, shares: Float64Array.from(protect, (e) => e.share) };
}

/**
 * Books `hours` of the person's work on `task`, up to `now`, into this week's
 * count (a new week starts it again; only the part of the span inside the week
 * counts for it). Returns the hours that were protected time (for the role's
 * books), 0 for other work.
 */
export function clockProtected(p: Person, g: ProtectSpec, task: number, hours: number, now: number): number {
  const week = Math.floor(now / HOURS_PER_WEEK);
  let inWeek = hours;
  if (p.week !== week) {
    p.week = week;
    p.worked = 0;
    p.guarded.fill(0);
    inWeek = Math.min(hours, now - week * HOURS_PER_WEEK);
  }
  p.worked += inWeek;
  const e = g.entryOf[task];
  if (e < 0) return 0;
  if (e >= p.guarded.length) p.guarded = grown(p.guarded, g.shares.length);
  p.guarded[e] += inWeek;
  return hours;
}

/** Whether the person is behind on entry e's protected time this week (nothing is behind before they have worked). */
export function protectedDue(p: Person, g: ProtectSpec, e: number, now: number): boolean {
  if (p.week !== Math.floor(now / HOURS_PER_WEEK)) return false;
  const used = e < p.guarded.length ? p.guarded[e] : 0;
  return used < g.shares[e] * p.worked;
}

function grown(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(Math.max(n, a.length));
  b.set(a);
  return b;
}
