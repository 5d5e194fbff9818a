import type { OneOff } from '../scenario/model-kind.js';
import type { SalesSpec } from './spec.js';

/**
 * The one-off costs of changing an organization (M16): every person a change
 * hires costs the role's hiring and training cost, every person it lets go the
 * role's severance, and a phase may add a lump sum of its own (systems,
 * consultants). They are computed from the headcounts, never typed in, and are
 * charged at the week the change is decided: a hire's lost output while ramping
 * up is simulated, not charged here.
 */

/** Hires and leavers of one role between two rosters, and what they cost (hires at the new role's price, leavers at the old role's). */
function roleChange(id: string, before: { headcount: number; severance: number } | undefined, after: { headcount: number; hireCost: number } | undefined, week: number): OneOff[] {
  const was = before?.headcount ?? 0;
  const now = after?.headcount ?? 0;
  if (now > was && after !== undefined && after.hireCost > 0) {
    return [{ week, what: `hire ${now - was} ${id}`, amount: (now - was) * after.hireCost }];
  }
  if (now < was && before !== undefined && before.severance > 0) {
    return [{ week, what: `let ${was - now} ${id} go`, amount: (was - now) * before.severance }];
  }
  return [];
}

/** What the change from `before` to `after` costs at `week`: each role's hires and leavers, then the phase's own lump sum. */
export function phaseCosts(before: SalesSpec, after: SalesSpec, week: number, lump: number, description: string): OneOff[] {
  const byId = new Map(before.roles.map((r) => [r.id, r]));
  const costs = after.roles.flatMap((r) => roleChange(r.id, byId.get(r.id), r, week));
  return lump > 0 ? [...costs, { week, what: description, amount: lump }] : costs;
}

/**
 * Switching from one operating model to another at `week` (a comparison of two
 * scenarios): the roles are matched by name, so a role only one of them has is
 * all hires or all leavers.
 */
export function switchingCosts(from: SalesSpec, to: SalesSpec, week: number): OneOff[] {
  const before = new Map(from.roles.map((r) => [r.id, r]));
  const after = new Map(to.roles.map((r) => [r.id, r]));
  const ids = [...new Set([...from.roles.map((r) => r.id), ...to.roles.map((r) => r.id)])];
  return ids.flatMap((id) => roleChange(id, before.get(id), after.get(id), week));
}
