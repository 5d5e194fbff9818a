import { z } from 'zod';
import { count, finiteNumber, id } from '../scenario/schema.js';
import { shaped } from '../scenario/shapes.js';

/**
 * Coverage as scenario data: who does a task for which accounts. A routing
 * entry is either today's list of roles (primary, then overflow) or a list of
 * rules, first match wins, each with the roles for the items it matches; and
 * a territory role may say which areas each of its people owns
 * (`territories`), or that each account has one named owner. Compiled here
 * into flat data (no closure, nothing allocated when an item is routed); the
 * runtime is coverage.ts.
 */

const amount = shaped(finiteNumber.refine((x) => x >= 0, 'expected an amount >= 0'), { json: { type: 'number', minimum: 0 } });

export const RoutingRuleSchema = z.strictObject({
  when: z.strictObject({
    segment: z.array(id).min(1, 'expected at least one segment').optional()
      .describe("The account's segment is one of these (work for a new logo, which has no account yet, never matches)."),
    value_at_least: amount.optional().describe("The item's value (an order's, a quote's expected order, a renewal's contract, an opportunity's; an issue's or a visit's account's yearly value) is at least this."),
    value_below: amount.optional().describe("The item's value is below this."),
    area: z.array(count).min(1, 'expected at least one area').optional().describe('The work is in one of these areas (numbers from 0 to company.areas - 1).'),
  }).optional().describe('What the item must be for the rule to match (every condition given); without `when` the rule is the default, matching everything.'),
  roles: z.array(id).min(1, 'expected at least one role').describe('The roles doing the matched items: primary first, then overflow.'),
});

/**
 * A routing entry: `[role, ...]`, or rules taken in order, the first that
 * matches the item deciding its roles; an item no rule matches is not done
 * (as for a task with no roles).
 */
export const RoutingEntrySchema = z.union([z.array(id), z.array(RoutingRuleSchema).min(1)]);

export const TerritoriesSchema = z.union([
  z.literal('accounts').describe('Each account has one named owner wherever it is (account number modulo headcount); work with no account yet (a new logo) waits for the whole role.'),
  z.array(z.array(count)).describe('The areas each person owns, in the order people are on the books ([[0, 1, 2], [3, 4]]).'),
]);

export type RoutingRule = z.output<typeof RoutingRuleSchema>;
export type RoutingEntry = z.output<typeof RoutingEntrySchema>;
export type TerritoriesDef = z.output<typeof TerritoriesSchema>;

/** Whether the entry is a list of rules (rather than today's list of roles). */
export function isRules(entry: RoutingEntry | undefined): entry is RoutingRule[] {
  return entry !== undefined && entry.length > 0 && typeof entry[0] !== 'string';
}

/** Every role of the entry once, in rule order (the first rule's primary first): who does the task for some item. */
export function routedRoles(entry: RoutingEntry | undefined): string[] {
  if (entry === undefined) return [];
  if (!isRules(entry)) return entry;
  const out: string[] = [];
  for (const rule of entry) for (const r of rule.roles) if (!out.includes(r)) out.push(r);
  return out;
}

type Issue = (path: (string | number)[], message: string) => void;

/**
 * Cross-field checks of the rules and territories: the segments, areas and
 * roles they name exist; no rule is shadowed by a default before it; each area
 * is owned at most once in a role.
 */
export function checkCoverage(
  routing: Partial<Record<string, RoutingEntry>>,
  roles: Record<string, { territories?: TerritoriesDef; cost_only: boolean }>,
  segments: string[], areas: number, issue: Issue,
): void {
  const names = (xs: string[]) => xs.join(', ') || 'none';
  for (const [task, entry] of Object.entries(routing)) {
    if (!isRules(entry)) continue;
    const fallback = entry.findIndex(isDefault);
    if (fallback >= 0 && fallback < entry.length - 1) {
      issue(['routing', task, fallback + 1], `never used: rule ${fallback} has no conditions and takes every item first (the default goes last)`);
    }
    entry.forEach((rule, k) => {
      const at = ['routing', task, k];
      rule.roles.forEach((r, i) => {
        if (!(r in roles)) issue([...at, 'roles', i], `unknown role '${r}' (roles: ${names(Object.keys(roles))})`);
        else if (roles[r].cost_only) issue([...at, 'roles', i], `role '${r}' is cost_only and does no tasks`);
      });
      const w = rule.when;
      if (w === undefined) return;
      w.segment?.forEach((g, i) => {
        if (!segments.includes(g)) issue([...at, 'when', 'segment', i], `unknown segment '${g}' (segments: ${names(segments)})`);
      });
      w.area?.forEach((a, i) => {
        if (a >= areas) issue([...at, 'when', 'area', i], `expected an area from 0 to ${areas - 1} (company.areas: ${areas})`);
      });
      if (w.value_at_least !== undefined && w.value_below !== undefined && !(w.value_at_least < w.value_below)) {
        issue([...at, 'when', 'value_below'], `expected more than value_at_least (${w.value_at_least}): no value matches`);
      }
    });
  }
  for (const [rid, r] of Object.entries(roles)) {
    if (!Array.isArray(r.territories)) continue;
    const owner = new Map<number, number>();
    r.territories.forEach((list, person) => list.forEach((a, i) => {
      const at = ['roles', rid, 'territories', person, i];
      if (a >= areas) issue(at, `expected an area from 0 to ${areas - 1} (company.areas: ${areas})`);
      else if (owner.has(a)) issue(at, `area ${a} is already person ${owner.get(a)}'s: each area has one owner in a role`);
      else owner.set(a, person);
    }));
  }
}

function isDefault(rule: RoutingRule): boolean {
  return rule.when === undefined || Object.keys(rule.when).length === 0;
}

// ---- compiled --------------------------------------------------------------------------

/**
 * A task's rules as flat data, in order: a rule matches when the item's
 * segment is one it takes (null: any, new logos included), its value is in
 * [atLeast, below), and its area is one it takes (null: any).
 */
export interface RoutingRules {
  segments: (Uint8Array | null)[];
  atLeast: Float64Array;
  below: Float64Array;
  areas: (Uint8Array | null)[];
  /** The roles of each rule (role indices, primary first). */
  roles: number[][];
}

/**
 * Who owns what in a territory role: `areas` gives each area's seat (the
 * index of the list that names it; -1: nobody's, shared by the role) and the
 * number of seats; `accounts` means each account has one named owner.
 */
export type TerritorySpec = { by: 'areas'; seatOf: Int32Array; seats: number } | { by: 'accounts' };

/** The entry's roles (the union, in rule order) and its rules (null for a plain list: routed as it always was). */
export function compileRouting(entry: RoutingEntry | undefined, roleIds: string[], segments: string[], areas: number): { roles: number[]; rules: RoutingRules | null } {
  const roles = routedRoles(entry).map((r) => roleIds.indexOf(r));
  if (!isRules(entry)) return { roles, rules: null };
  const mask = (names: number[], size: number) => {
    const m = new Uint8Array(size);
    for (const k of names) if (k >= 0 && k < size) m[k] = 1;
    return m;
  };
  return {
    roles,
    rules: {
      segments: entry.map((r) => (r.when?.segment === undefined ? null : mask(r.when.segment.map((g) => segments.indexOf(g)), segments.length))),
      atLeast: Float64Array.from(entry, (r) => r.when?.value_at_least ?? -Infinity),
      below: Float64Array.from(entry, (r) => r.when?.value_below ?? Infinity),
      areas: entry.map((r) => (r.when?.area === undefined ? null : mask(r.when.area, areas))),
      roles: entry.map((r) => r.roles.map((x) => roleIds.indexOf(x))),
    },
  };
}

export function compileTerritories(t: TerritoriesDef | undefined, areas: number): TerritorySpec | null {
  if (t === undefined) return null;
  if (t === 'accounts') return { by: 'accounts' };
  const seatOf = new Int32Array(areas).fill(-1);
  t.forEach((list, seat) => { for (const a of list) if (a < areas) seatOf[a] = seat; });
  return { by: 'areas', seatOf, seats: t.length };
}
