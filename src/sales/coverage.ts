import type { RoutingRules, TerritorySpec } from './coverage-schema.js';
import type { Person } from './person.js';
import type { RoleSpec } from './spec.js';
import type { WorkStore } from './work.js';

/**
 * Coverage at run time (the data: coverage-schema.ts): which rule of a task
 * an item matches, and who owns a territory's areas or accounts. Both are
 * asked for every item routed, so they read flat arrays and allocate nothing.
 */

/** The roles of an item no rule matches: nobody does it. */
const NOBODY: readonly number[] = [];

/**
 * The roles of the first rule item w matches, by its account's segment
 * (the customer base's `segmentOf`; -1 for work without an account, a new
 * logo's), its value and its area; none if no rule matches.
 */
export function ruleRoles(rules: RoutingRules, st: WorkStore, base: { segmentOf(a: number): number }, w: number): readonly number[] {
  const a = st.account[w];
  const segment = a >= 0 ? base.segmentOf(a) : -1;
  const value = st.value[w];
  const area = st.area[w];
  const n = rules.roles.length;
  for (let k = 0; k < n; k++) {
    const segs = rules.segments[k];
    if (segs !== null && (segment < 0 || segs[segment] !== 1)) continue;
    if (value < rules.atLeast[k] || !(value < rules.below[k])) continue;
    const areas = rules.areas[k];
    if (areas !== null && (area < 0 || areas[area] !== 1)) continue;
    return rules.roles[k];
  }
  return NOBODY;
}

/**
 * The first role of each rule: the roles first in line for the task for some
 * item (those a request lost waiting counts against).
 */
export function primaryRoles(task: { roles: number[]; rules: RoutingRules | null }): number[] {
  if (task.rules === null) return task.roles.slice(0, 1);
  return task.rules.roles.map((rs) => rs[0]).filter((r, i, all) => all.indexOf(r) === i);
}

/**
 * The seats of the roles with listed territories: the k-th list of areas is
 * seat k, held by one person or empty. A seat left empty (its holder left, or
 * a phase added it) goes to the first person on the books without one, else to
 * the next hire; meanwhile its areas' work is shared by the role. People beyond
 * the lists hold no seat and take only shared work.
 */
export class Seats {
  private readonly held: (Person | null)[][];

  constructor(roles: RoleSpec[], persons: Person[][]) {
    this.held = roles.map(() => []);
    roles.forEach((role, r) => this.arrange(r, role.territories, persons[r]));
  }

  /** The person owning the area in a role with listed areas, or null (nobody listed, seat empty, no area). */
  owner(r: number, t: TerritorySpec & { by: 'areas' }, area: number): Person | null {
    if (area < 0 || area >= t.seatOf.length) return null;
    const seat = t.seatOf[area];
    return seat < 0 ? null : this.held[r][seat];
  }

  /**
   * Seats the role's people for its territories (on the books now, in order):
   * whoever holds a seat that still exists keeps it; people without one fill the
   * empty seats, lowest first.
   */
  arrange(r: number, t: TerritorySpec | null, persons: Person[]): void {
    const seats = t !== null && t.by === 'areas' ? t.seats : 0;
    const held = this.held[r];
    for (let k = seats; k < held.length; k++) if (held[k] !== null) held[k]!.seat = -1;
    held.length = Math.min(held.length, seats);
    while (held.length < seats) held.push(null);
    let next = 0;
    for (const p of persons) {
      if (p.seat >= 0 && p.seat < seats && held[p.seat] === p) continue;
      p.seat = -1;
      while (next < seats && held[next] !== null) next++;
      if (next >= seats) continue;
      held[next] = p;
      p.seat = next;
    }
  }

  /** The person leaves the books: their seat is empty until arrange() fills it. */
  leave(p: Person): void {
    const held = this.held[p.role];
    if (p.seat >= 0 && held[p.seat] === p) held[p.seat] = null;
    p.seat = -1;
  }
}

/** The named owner of an account (account number modulo headcount), or null for work without one. */
export function accountOwner(persons: Person[], account: number): Person | null {
  return account >= 0 ? persons[account % persons.length] : null;
}
