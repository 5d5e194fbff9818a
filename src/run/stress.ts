import { roundedNumber } from '../scenario/units.js';
import type { BreakRule } from '../scenario/model-kind.js';
import type { SummaryRow } from './summary.js';

/**
 * Stress tests: one study per multiplier, all with the same replication seeds
 * (common random numbers), and the breaking point of each role: the first
 * multiplier at which one of its rules says it is broken.
 */

/** `steps` multipliers evenly spaced from `from` to `to`, both included. */
export function multipliers(from: number, to: number, steps: number): number[] {
  if (steps === 1) return [from];
  return Array.from({ length: steps }, (_, k) => roundedNumber(from + ((to - from) * k) / (steps - 1)));
}

export interface StressStep {
  multiplier: number;
  summary: SummaryRow[];
}

export type { BreakRule };

export interface BrokenBy {
  rule: string;
  metric: string;
  op: '>=' | '<';
  threshold: number;
  mean: number;
  ci95_low: number;
  ci95_high: number;
}

export interface BreakingPoint {
  role: string;
  /** The first multiplier at which any rule of the role holds; null if none does within the range. */
  multiplier: number | null;
  /** Every rule that holds at that multiplier, in the order the rules were given. */
  by: BrokenBy[];
}

export function breakingPoints(steps: StressStep[], rules: BreakRule[]): BreakingPoint[] {
  const roles = [...new Set(rules.map((r) => r.role))];
  return roles.map((role) => {
    const own = rules.filter((r) => r.role === role);
    for (const step of steps) {
      const rows = new Map(step.summary.map((s) => [s.metric, s]));
      const by: BrokenBy[] = [];
      for (const r of own) {
        const row = rows.get(r.metric);
        if (row === undefined || Number.isNaN(row.mean)) continue;
        if (r.op === '>=' ? row.mean >= r.threshold : row.mean < r.threshold) {
          by.push({ rule: r.rule, metric: r.metric, op: r.op, threshold: r.threshold, mean: row.mean, ci95_low: row.ci95_low, ci95_high: row.ci95_high });
        }
      }
      if (by.length > 0) return { role, multiplier: step.multiplier, by };
    }
    return { role, multiplier: null, by: [] };
  });
}

/**
 * The roles that break at the lowest multiplier (several if they tie); empty if none breaks. The
 * designated constraint is left out: it is meant to be saturated, so its breaking says nothing of
 * the headroom; the first other role to break is the answer.
 */
export function firstToBreak(points: BreakingPoint[], designated: readonly string[] = []): BreakingPoint[] {
  const broken = points.filter((p) => p.multiplier !== null && !designated.includes(p.role));
  if (broken.length === 0) return [];
  const first = Math.min(...broken.map((p) => p.multiplier!));
  return broken.filter((p) => p.multiplier === first);
}

/** A role's headroom as people read it: the growth at which it breaks, or 'beyond x<last>' when it holds. */
export function headroom(p: BreakingPoint, last: number): string {
  return p.multiplier === null ? `beyond x${last}` : `x${p.multiplier}`;
}
