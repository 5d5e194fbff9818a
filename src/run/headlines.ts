import type { SummaryRow } from './summary.js';

/**
 * Which metrics lead: the terminal's table, --json and the report's headline
 * table all show these, so the choice is made once, below the layers that
 * print it.
 */

/** The headline metrics, in the order the table (and --json) gives them. */
export function headlineRows(rows: SummaryRow[], headline: (metric: string) => boolean): SummaryRow[] {
  // Zero counts of things that cannot happen in this model (no patience: no abandonment) are noise.
  // So are figures this model does not have at all (undefined in every replication: no meeting task, no BD meetings per rep).
  const shown = rows.filter((r) => headline(r.metric) && !Number.isNaN(r.mean) && !(/(abandoned|lost|abandoned_fraction)$/.test(r.metric) && r.mean === 0));
  // Keep each role's, task's and item type's lines together, in the order they first appear.
  const scope = (m: string) => m.split('.').slice(0, 2).join('.');
  const order = new Map<string, number>();
  for (const r of shown) if (!order.has(scope(r.metric))) order.set(scope(r.metric), order.size);
  shown.sort((a, b) => order.get(scope(a.metric))! - order.get(scope(b.metric))!);
  return shown;
}
