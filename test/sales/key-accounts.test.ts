import { describe, expect, it } from 'vitest';
import { paired, run } from './mechanisms-support.js';

/**
 * Key-account management as a coverage model (scenarios/key-accounts.yaml):
 * outside-in's reps keep the key and mid accounts and new business, a
 * three-person inside desk takes the small accounts' work, by routing rules on
 * the account's segment (and a quote's value). Against outside-in on common
 * random numbers, one rep fewer holds more BD meetings in all, each rep more;
 * the small accounts are served faster and buy more.
 */

const OI = 'scenarios/outside-in.yaml';
const KA = 'scenarios/key-accounts.yaml';
const REPS = { replications: 6 };

describe('key accounts to the field, small accounts to an inside desk', () => {
  const base = run(OI, [], REPS);
  const split = run(KA, [], REPS);

  it('frees the reps for selling: more BD meetings per rep, and in all with one rep fewer', () => {
    // Paired over common random numbers: about +0.7 meetings per rep a week.
    expect(paired(base, split, 'bd_meetings_per_field_rep_week').ci95_low).toBeGreaterThan(0.3);
    expect(paired(base, split, 'bd_meetings_week').ci95_low).toBeGreaterThan(0);
    expect(split.row('role.field_rep.headcount_mean').mean).toBe(9);
  });

  it('serves the small accounts at the desk: small-order revenue and on-time work rise', () => {
    expect(paired(base, split, 'revenue_small_orders_week').ci95_low).toBeGreaterThan(0);
    expect(paired(base, split, 'on_time_task_fraction').ci95_low).toBeGreaterThan(0);
    // The desk does the small accounts' routine work, and not the field's.
    for (const t of ['inbound_call', 'order_entry', 'quote_simple', 'service_issue', 'renewal']) {
      expect(split.row(`role.inside_sales.time_share.${t}`).mean, t).toBeGreaterThan(0);
    }
    expect(split.has('role.inside_sales.time_share.bd_meeting')).toBe(false);
    // The reps still key the key and mid accounts' orders: their share of order entry falls but stays.
    const keyed = (r: typeof base) => r.row('role.field_rep.time_share.order_entry').mean;
    expect(keyed(split)).toBeLessThan(keyed(base));
    expect(keyed(split)).toBeGreaterThan(0.25 * keyed(base));
  });

  it('sales support keeps slack (F9): the desk is never the constraint', () => {
    expect(split.row('role.inside_sales.committed_utilization').mean).toBeLessThan(0.75);
  });
});
