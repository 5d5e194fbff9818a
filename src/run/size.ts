import { summarize, type SummaryRow } from './summary.js';
import { PAYROLL_OBJECTIVE, type SizingObjective as Objective } from '../scenario/model-kind.js';
import { met, shortfall, type Target } from './targets.js';

/**
 * Sizing: the staffing that does best on an objective (by default a sales
 * model's throughput minus operating expense, gross_margin_week) while it meets
 * every check with confidence: the user's targets, the guard on every role,
 * protective capacity in sales support, and the designated constraint staying
 * the constraint (README, "Size"). A search over headcount vectors:
 *
 *  1. add (only when the start misses a check): one more person in each
 *     searched role, all candidates run together, keeping the one that closes
 *     most of the shortfall per unit of salary, until every check is met.
 *  2. improve, round after round: every staffing one person away (+1 and -1 in
 *     each searched role). A move that breaks only the capacity checks of
 *     searched roles (a guard or a ceiling: one more salesperson overloads
 *     customer service) is repaired once by one more person in each of those
 *     roles, and the pair is a move too: elevating the constraint while keeping
 *     its support. The best move that improves the objective by at least two
 *     standard errors of the paired difference (MOVE_T) is taken, then repeated (x2, x4,
 *     x8 ...) while each step improves again: the search goes as far as the
 *     objective says, not one person at a time. When no such move helps, every
 *     move of two roles at once (both down, or one up and one down) is tried
 *     before the search ends.
 *
 * Every candidate runs with the same replication seeds (common random numbers),
 * so two staffings differ by their staffing, not by their luck, and the paired
 * difference of the objective is what a move is judged on; a vector is never
 * evaluated twice. The end is a local optimum over those moves; the command then
 * confirms it against the start on fresh replications (src/api/size.ts).
 */

/** The guard of a search: a role (other than the designated constraint) must stay below this busy share with confidence (its queue would grow with the horizon). */
export const GUARD_UTILIZATION = 0.95;

/** The objective named `payroll`: the roster's payroll, exact, not simulated. */
export const PAYROLL = PAYROLL_OBJECTIVE;

export type { SizingObjective as Objective } from '../scenario/model-kind.js';

/** Rounds of the improve phase at most (a guard against a search that wanders on a flat objective). */
export const MAX_ROUNDS = 40;

export interface SizeRole {
  id: string;
  /** Cost per person (yearly salary; 1 for a queueing network, which has none). */
  salary: number;
  start: number;
}

/**
 * One check a staffing must pass with confidence. `roles` are the roles whose
 * headcount relieves it, for a capacity check (a guard or a ceiling): a move
 * breaking only such checks of searched roles is repaired by adding to them.
 */
export interface Check {
  text: string;
  kind: 'target' | 'guard' | 'ceiling' | 'designated';
  ok(rows: ReadonlyMap<string, SummaryRow>): boolean;
  /** How far from passing, in comparable units (0 when it passes). */
  shortfall(rows: ReadonlyMap<string, SummaryRow>): number;
  role?: string;
  /** The metrics it reads (size.csv shows them). */
  metrics: string[];
}

/** A target (`metric>=x`, met when its 95% interval clears x) as a check. */
export function targetCheck(t: Target, kind: Check['kind'], role?: string): Check {
  return { text: t.text, kind, role, metrics: [t.metric], ok: (rows) => met(t, rows.get(t.metric)), shortfall: (rows) => shortfall(t, rows.get(t.metric)) };
}

/**
 * The designated constraint stays the constraint: it is the role named the
 * week's constraint most often (its constraint_share at least every other
 * role's). A staffing that moves the constraint elsewhere is a different
 * operating model from the one the scenario declares.
 */
export function designatedCheck(role: string, others: string[]): Check {
  const share = (rows: ReadonlyMap<string, SummaryRow>, r: string) => rows.get(`constraint_share.${r}`)?.mean ?? 0;
  const gap = (rows: ReadonlyMap<string, SummaryRow>) => Math.max(0, ...others.map((o) => share(rows, o))) - share(rows, role);
  return {
    text: `constraint_share.${role}>=every other role's`, kind: 'designated', role, metrics: [`constraint_share.${role}`],
    ok: (rows) => gap(rows) <= 0, shortfall: (rows) => Math.max(gap(rows), 0),
  };
}

/** What running a staffing gives: its summary and its objective's value in each replication (in replication order). */
export interface Evaluated { summary: SummaryRow[]; objective: Float64Array }

export interface Candidate {
  /** Evaluation order, from 1. */
  index: number;
  phase: 'start' | 'add' | 'move' | 'repair' | 'pair' | 'extend';
  headcounts: number[];
  payroll: number;
  summary: SummaryRow[];
  /** The objective across replications (mean and 95% interval) and per replication. */
  objective: SummaryRow;
  values: Float64Array;
  met: boolean;
  shortfall: number;
  /** The checks it fails. */
  failing: Check[];
}

export interface SizeProblem {
  roles: SizeRole[];
  /** Payroll of the roles not searched (managers, other fixed roles). */
  fixedPayroll: number;
  min: number;
  max: number;
  checks: Check[];
  objective: Objective;
  /** Runs the candidates (in parallel where possible), one result per headcount vector, in order. */
  evaluate(headcounts: number[][]): Promise<Evaluated[]>;
  /** Try two roles at once when no single move helps (default true). */
  pairs?: boolean;
}

export interface SizeResult {
  best: Candidate;
  /** Every evaluated candidate, in evaluation order. */
  candidates: Candidate[];
  /** Why the add phase stopped short, when the checks were not met. */
  unmet?: string;
  /** Moves taken in the improve phase. */
  rounds: number;
}

/** The paired difference b - a of the objective, signed so that positive is better, with its standard error. */
export function gain(a: Candidate, b: Candidate, sense: Objective['sense']): { mean: number; se: number } {
  const n = Math.min(a.values.length, b.values.length);
  const d = new Float64Array(n);
  for (let r = 0; r < n; r++) d[r] = (sense === 'max' ? 1 : -1) * (b.values[r] - a.values[r]);
  if (n === 0) return { mean: NaN, se: NaN };
  const mean = d.reduce((x, y) => x + y, 0) / n;
  const sd = n > 1 ? Math.sqrt(d.reduce((x, y) => x + (y - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, se: sd / Math.sqrt(n) };
}

/**
 * How many standard errors of the paired difference a move must gain. A round
 * weighs a dozen or more moves, and the best of a dozen noisy gains easily
 * reaches one standard error by luck alone (on outside-in, one more rep looked
 * +$6k a week on the search's replications and gave -$617 on fresh ones); two
 * keep the search from following noise, and the confirmation judges the end.
 */
export const MOVE_T = 2;

/** b is better than a: the paired gain is positive and at least MOVE_T standard errors. */
function better(a: Candidate, b: Candidate, sense: Objective['sense']): boolean {
  const g = gain(a, b, sense);
  return g.mean > 0 && g.mean >= MOVE_T * g.se;
}

export async function searchStaffing(p: SizeProblem): Promise<SizeResult> {
  const cache = new Map<string, Candidate>();
  const candidates: Candidate[] = [];
  const payroll = (h: number[]) => p.fixedPayroll + h.reduce((a, n, k) => a + n * p.roles[k].salary, 0);
  const inBounds = (h: number[]) => h.every((n) => n >= p.min && n <= p.max);

  async function evaluate(vectors: number[][], phase: Candidate['phase']): Promise<Candidate[]> {
    const seen = new Set<string>();
    const fresh = vectors.filter((h) => { const key = h.join(); if (cache.has(key) || seen.has(key)) return false; seen.add(key); return true; });
    const results = fresh.length > 0 ? await p.evaluate(fresh) : [];
    fresh.forEach((h, k) => {
      const rows = new Map(results[k].summary.map((r) => [r.metric, r]));
      const failing = p.checks.filter((c) => !c.ok(rows));
      const values = p.objective.metric === PAYROLL ? results[k].objective.map(() => payroll(h)) : results[k].objective;
      const c: Candidate = {
        index: candidates.length + 1, phase, headcounts: h, payroll: payroll(h), summary: results[k].summary,
        objective: summarize(p.objective.metric, values), values,
        met: failing.length === 0, failing, shortfall: p.checks.reduce((a, x) => a + x.shortfall(rows), 0),
      };
      cache.set(h.join(), c);
      candidates.push(c);
    });
    return vectors.map((h) => cache.get(h.join())!);
  }

  const neighbours = (h: number[], delta: number) => p.roles.flatMap((_, k) => {
    const v = h.map((x, j) => (j === k ? x + delta : x));
    return inBounds(v) ? [v] : [];
  });

  let [current] = await evaluate([p.roles.map((r) => Math.min(Math.max(r.start, p.min), p.max))], 'start');
  let unmet: string | undefined;
  while (!current.met) {
    const next = await evaluate(neighbours(current.headcounts, +1), 'add');
    let best: Candidate | undefined;
    let bestValue = 0;
    for (const c of next) {
      const added = c.payroll - current.payroll;
      const value = (current.shortfall - c.shortfall) / (added > 0 ? added : 1);
      if (value > bestValue) { best = c; bestValue = value; }
    }
    if (best === undefined) {
      unmet = next.length === 0
        ? `every searched role is at --max ${p.max}`
        : 'one more person in any searched role does not bring the checks closer';
      break;
    }
    current = best;
  }

  let rounds = 0;
  while (current.met && rounds < MAX_ROUNDS) {
    const here = current;
    const moves = await evaluate([...neighbours(here.headcounts, +1), ...neighbours(here.headcounts, -1)], 'move');
    const repaired = moves.flatMap((m) => {
      const fix = repairOf(m, p.roles);
      if (fix === undefined) return [];
      const v = m.headcounts.map((x, k) => x + (fix.has(k) ? 1 : 0));
      return inBounds(v) ? [v] : [];
    });
    const repairs = await evaluate(repaired, 'repair');
    let best = bestOf(here, [...moves, ...repairs], p.objective);
    // Only when no single move helps: two roles at once, both down (a seller and the support it kept
    // busy) or one up and one down (a coordinator for a service rep). Costly, so last.
    if (best === undefined && p.pairs !== false) best = bestOf(here, await evaluate(pairMoves(here.headcounts).filter(inBounds), 'pair'), p.objective);
    if (best === undefined) break;
    // Go on in the same direction while each step is better again.
    const step = best.headcounts.map((x, k) => x - here.headcounts[k]);
    for (let m = 2; ; m *= 2) {
      const v = here.headcounts.map((x, k) => x + m * step[k]);
      if (!inBounds(v)) break;
      const [c] = await evaluate([v], 'extend');
      if (!c.met || !better(best, c, p.objective.sense)) break;
      best = c;
    }
    current = best;
    rounds++;
  }
  return { best: current, candidates, unmet, rounds };
}

/** Among the candidates meeting every check, the one better than `here` by the largest paired gain. */
function bestOf(here: Candidate, cs: Candidate[], objective: Objective): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of cs) {
    if (!c.met || !better(here, c, objective.sense)) continue;
    if (best === undefined || gain(here, c, objective.sense).mean > gain(here, best, objective.sense).mean) best = c;
  }
  return best;
}

/** Every staffing two roles away: -1 in both, and +1 in one with -1 in the other. */
function pairMoves(h: number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < h.length; i++) {
    for (let j = 0; j < h.length; j++) {
      if (i === j) continue;
      if (i < j) out.push(h.map((x, k) => (k === i || k === j ? x - 1 : x)));
      out.push(h.map((x, k) => (k === i ? x + 1 : k === j ? x - 1 : x)));
    }
  }
  return out;
}

/** The searched roles to add one person to, when every check a move fails is a capacity check of a searched role; otherwise none. */
function repairOf(m: Candidate, roles: SizeRole[]): Set<number> | undefined {
  if (m.met || m.failing.length === 0) return undefined;
  const fix = new Set<number>();
  for (const c of m.failing) {
    const k = c.kind === 'guard' || c.kind === 'ceiling' ? roles.findIndex((r) => r.id === c.role) : -1;
    if (k < 0) return undefined;
    fix.add(k);
  }
  return fix;
}
