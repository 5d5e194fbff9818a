import type { SummaryRow } from './summary.js';
import { met, shortfall, type Target } from './targets.js';

/**
 * Sizing: the cheapest headcounts (by payroll) that meet every target with
 * confidence. A local search over headcount vectors (README, "Size"):
 *
 *  1. add: while some target is not met, try one more person in each searched
 *     role (all these candidates run together, in parallel) and keep the one that
 *     closes most of the shortfall per unit of salary; stop if none closes any.
 *  2. remove: while possible, try one fewer person in each role and keep, among
 *     the candidates that still meet every target, the one saving the most payroll.
 *
 * Every candidate runs with the same replication seeds (common random numbers),
 * so candidates differ by their staffing, not by their luck; a vector is never
 * evaluated twice. The result is a local optimum: every staffing one person
 * away is either dearer or misses a target.
 */
/** The guard of a search: a searched role must stay below this busy share with confidence (its queue would grow with the horizon). */
export const GUARD_UTILIZATION = 0.95;

export interface SizeRole {
  id: string;
  /** Cost per person (yearly salary; 1 for a queueing network, which has none). */
  salary: number;
  start: number;
}

export interface Candidate {
  /** Evaluation order, from 1. */
  index: number;
  phase: 'start' | 'add' | 'remove';
  headcounts: number[];
  payroll: number;
  summary: SummaryRow[];
  met: boolean;
  shortfall: number;
}

export interface SizeProblem {
  roles: SizeRole[];
  /** Payroll of the roles not searched (managers, other fixed roles). */
  fixedPayroll: number;
  min: number;
  max: number;
  targets: Target[];
  /** Runs the candidates (in parallel where possible), one summary per headcount vector, in order. */
  evaluate(headcounts: number[][]): Promise<SummaryRow[][]>;
}

export interface SizeResult {
  best: Candidate;
  /** Every evaluated candidate, in evaluation order. */
  candidates: Candidate[];
  /** Why the add phase stopped short, when the targets were not met. */
  unmet?: string;
}

export async function searchStaffing(p: SizeProblem): Promise<SizeResult> {
  const cache = new Map<string, Candidate>();
  const candidates: Candidate[] = [];
  const payroll = (h: number[]) => p.fixedPayroll + h.reduce((a, n, k) => a + n * p.roles[k].salary, 0);

  async function evaluate(vectors: number[][], phase: Candidate['phase']): Promise<Candidate[]> {
    const fresh = vectors.filter((h, k) => !cache.has(h.join()) && vectors.findIndex((x) => x.join() === h.join()) === k);
    const summaries = fresh.length > 0 ? await p.evaluate(fresh) : [];
    fresh.forEach((h, k) => {
      const rows = new Map(summaries[k].map((r) => [r.metric, r]));
      const c: Candidate = {
        index: candidates.length + 1, phase, headcounts: h, payroll: payroll(h), summary: summaries[k],
        met: p.targets.every((t) => met(t, rows.get(t.metric))),
        shortfall: p.targets.reduce((a, t) => a + shortfall(t, rows.get(t.metric)), 0),
      };
      cache.set(h.join(), c);
      candidates.push(c);
    });
    return vectors.map((h) => cache.get(h.join())!);
  }

  const neighbours = (h: number[], delta: number) => p.roles.flatMap((_, k) => {
    const n = h[k] + delta;
    return n < p.min || n > p.max ? [] : [h.map((x, j) => (j === k ? n : x))];
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
        : 'one more person in any searched role does not bring the targets closer';
      break;
    }
    current = best;
  }
  if (current.met) {
    for (;;) {
      const next = (await evaluate(neighbours(current.headcounts, -1), 'remove')).filter((c) => c.met);
      if (next.length === 0) break;
      // Most payroll saved first; among equals, the evaluation order (the role order) decides.
      current = next.reduce((a, c) => (c.payroll < a.payroll ? c : a));
    }
  }
  return { best: current, candidates, unmet };
}
