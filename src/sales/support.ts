import { mean } from 'simple-statistics';
import { HOURS_PER_WEEK } from '../kernel/calendar.js';
import type { RunResult } from '../run/study.js';
import type { SalesSpec } from './spec.js';

/**
 * F9: sales support (customer service, coordinators, inside sales: roles with
 * `support: true`) should never be the constraint. One line per support role
 * that was the constraint in any measured week of any replication, with the
 * mean number of weeks per replication, e.g.
 * `sales support is the constraint: customer_service in 12 of 40 weeks (F9: it should never be)`.
 */
export function supportWarnings(spec: SalesSpec, replications: RunResult[]): string[] {
  const support = spec.roles.filter((r) => r.support).map((r) => r.id);
  if (support.length === 0 || replications.length === 0) return [];
  // The measured weeks: those starting at or after the end of the warm-up (as constraint_share counts them).
  const measured = replications.map((rep) => {
    const labels = rep.weeklyLabels?.find((s) => s.name === 'constraint')?.values ?? [];
    return labels.filter((_, w) => w * HOURS_PER_WEEK >= spec.run.warmup);
  });
  const weeks = mean(measured.map((m) => m.length));
  const out: string[] = [];
  for (const id of support) {
    const hits = mean(measured.map((m) => m.filter((c) => c === id).length));
    if (hits > 0) out.push(`sales support is the constraint: ${id} in ${round(hits)} of ${round(weeks)} weeks (F9: it should never be)`);
  }
  return out;
}

/** Weeks per replication: whole numbers as they are, else one decimal (at least 0.1, so a single week never reads as 0). */
function round(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Math.max(0.1, Math.round(x * 10) / 10));
}
