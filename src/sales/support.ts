import { HOURS_PER_WEEK } from '../kernel/calendar.js';
import type { SalesSpec } from './spec.js';

/** One support role that was the constraint: in `hits` of `weeks` measured weeks per replication (means over replications). */
export interface SupportConstraint { role: string; hits: number; weeks: number; text: string }

/**
 * F9: sales support (customer service, coordinators, inside sales: roles with
 * `support: true`) should never be the constraint. One finding per support
 * role that was the constraint in any measured week of any replication, with
 * the mean number of weeks per replication, e.g.
 * `sales support is the constraint: customer_service in 12 of 40 weeks (F9: it should never be)`.
 *
 * Judged on the weekly constraint's label counts across replications
 * (`weeks[w]`: for week w + 1, how many of the `replications` named each
 * role), so a study need not keep its replications' weekly series.
 */
export function supportWarnings(spec: SalesSpec, weeks: readonly ReadonlyMap<string, number>[], replications: number): SupportConstraint[] {
  const support = spec.roles.filter((r) => r.support).map((r) => r.id);
  if (support.length === 0 || replications === 0) return [];
  // The measured weeks: those starting at or after the end of the warm-up (as constraint_share counts them).
  const measured = weeks.filter((_, w) => w * HOURS_PER_WEEK >= spec.run.warmup);
  let labelled = 0;
  for (const counts of measured) for (const n of counts.values()) labelled += n;
  const perReplication = labelled / replications;
  const out: SupportConstraint[] = [];
  for (const id of support) {
    let hits = 0;
    for (const counts of measured) hits += counts.get(id) ?? 0;
    const mean = hits / replications;
    if (mean > 0) {
      out.push({ role: id, hits: mean, weeks: perReplication, text: `sales support is the constraint: ${id} in ${round(mean)} of ${round(perReplication)} weeks (F9: it should never be)` });
    }
  }
  return out;
}

/** Weeks per replication: whole numbers as they are, else one decimal (at least 0.1, so a single week never reads as 0). */
function round(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Math.max(0.1, Math.round(x * 10) / 10));
}
