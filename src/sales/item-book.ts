/**
 * Conservation of the customer's items (calls, orders, quotes, opportunities,
 * renewals): each one that arrives ends in exactly one state, and the counts are
 * in summary.csv and weekly.csv as a network's items are:
 *
 *   items.<kind>.in_progress_start + arrived = completed + abandoned + lost + in_progress
 *
 * completed: the work was done (a call answered, an order keyed, a quote sent, a
 * renewal negotiated whatever its outcome, an opportunity won); abandoned: a
 * caller hung up (a voicemail keeps the call alive as a callback); lost: it waited
 * past its patience, nobody does its task, or (an opportunity) it was lost or went
 * cold. A call that is answered ends there and its order arrives as an order.
 */
export const ITEM_KINDS = ['call', 'order', 'quote', 'opportunity', 'renewal'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const K = Object.fromEntries(ITEM_KINDS.map((k, i) => [k, i])) as { [N in ItemKind]: number };

/** The counted transitions, in the order of the layout. */
export const ITEM_STATES = ['arrived', 'completed', 'abandoned', 'lost'] as const;
export const ARRIVED = 0;
export const COMPLETED = 1;
export const ABANDONED = 2;
export const LOST = 3;

/** Metric names of the item counts: items.<kind>.<state>, .in_progress and .in_progress_start. */
export function itemMetric(kind: number, what: (typeof ITEM_STATES)[number] | 'in_progress' | 'in_progress_start'): string {
  return `items.${ITEM_KINDS[kind]}.${what}`;
}

/**
 * The counts of one run: transitions go into the run's counters (at `base`, four
 * per kind), the items in progress are a level read at each snapshot.
 */
export class ItemBook {
  /** Items of each kind that arrived and have not ended. */
  readonly live = new Int32Array(ITEM_KINDS.length);

  constructor(private readonly counters: Float64Array, private readonly base: number) {}

  arrive(kind: number): void {
    if (kind < 0) return;
    this.counters[this.base + kind * ITEM_STATES.length + ARRIVED]++;
    this.live[kind]++;
  }

  end(kind: number, state: number): void {
    if (kind < 0) return;
    this.counters[this.base + kind * ITEM_STATES.length + state]++;
    this.live[kind]--;
  }

  /** Slot of a transition count in the counters. */
  static slot(base: number, kind: number, state: number): number {
    return base + kind * ITEM_STATES.length + state;
  }
}
