/**
 * The runaway guard. A zero-duration loop, or a rate so high that the clock
 * barely moves (1e308/h: every gap is a denormal), makes a run that never ends
 * and grows without bound. Such a run is stopped with one line naming where it
 * ran away and when, instead of growing to gigabytes or spinning forever.
 *
 * The checks cost nothing on the hot path: the item stores and the event list
 * test their limit only when they grow (a doubling, not a push), and the
 * simulation loop looks at the clock once every `burst` events, on a counter
 * compare it makes anyway for slicing.
 */

export interface RunawayLimits {
  /** Work items alive at once (work in progress), counted by the model's item store. */
  items: number;
  /** Events pending at once in the future-event list. */
  pending: number;
  /** Events processed while the clock moves less than BURST_SPAN_H (one simulated hour). */
  burst: number;
}

/**
 * Far above anything a shipped scenario reaches (measured: at most 920 items
 * in progress, 4,187 events pending, 152 events at one instant), and low
 * enough that a run stopped at the limit stays under about 200 MB (a sales
 * work item is a JS object of a few hundred bytes; 1,000,000 of them took 670 MB).
 */
export const DEFAULT_LIMITS: Readonly<RunawayLimits> = { items: 250_000, pending: 1_000_000, burst: 1_000_000 };

/** The limits for a run allowing `items` in progress (run.max_in_progress): events pending scale with it. */
export function limitsOf(items: number): RunawayLimits {
  return { ...DEFAULT_LIMITS, items, pending: Math.max(DEFAULT_LIMITS.pending, 4 * items) };
}

/**
 * A burst is `burst` events within this span of simulated time: one hour. A
 * million events in a simulated hour is about 30 times a call centre taking
 * 10,000 calls an hour, and a rate that high (a per-account rate multiplied by
 * a billion) would otherwise run for hours with flat memory, the clock moving
 * a few microseconds an event, before any other limit is reached.
 */
export const BURST_SPAN_H = 1;

const PREFIX = 'runaway: ';
const HINT = '(a zero-duration loop or a rate too high?)';

/**
 * A run stopped by the guard. Its message is the one line shown to the user.
 * Worker threads lose an error's class on the way back; isRunaway() recognizes
 * the message instead.
 */
export class Runaway extends Error {
  override readonly name = 'Runaway';
}

export function isRunaway(e: unknown): e is Error {
  return e instanceof Runaway || (e instanceof Error && e.message.startsWith(PREFIX));
}

/**
 * The guard's message: `what` (e.g. "1,000,000 items in progress") at `hours`,
 * the most frequent of `culprits` (e.g. "at task 'x'", "for item type 'y'"), if
 * any, and the scenario `field` that sets the limit, if there is one.
 */
export function runaway(what: string, hours: number, culprits: Iterable<string | undefined> = [], field?: string): Runaway {
  const culprit = mostFrequent(culprits);
  const hint = field === undefined ? HINT : `${HINT.slice(0, -1)} ${field} raises the limit)`;
  return new Runaway(`${PREFIX}${what} at ${formatTime(hours)}${culprit === undefined ? '' : `, most of them ${culprit}`} ${hint}`);
}

/** Simulated time as a reader of weekly.csv counts it: `week 3, Tue 10:15` (time 0 is Monday 00:00 of week 1). */
export function formatTime(hours: number): string {
  if (!Number.isFinite(hours)) return 'the end';
  const minutes = Math.floor(hours * 60 + 1e-9);
  const day = Math.floor(minutes / 1440);
  const hh = String(Math.floor((minutes % 1440) / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `week ${Math.floor(day / 7) + 1}, ${DAYS[day % 7]} ${hh}:${mm}`;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function mostFrequent(labels: Iterable<string | undefined>): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  let bestCount = 0;
  for (const l of labels) {
    if (l === undefined) continue;
    const c = (counts.get(l) ?? 0) + 1;
    counts.set(l, c);
    if (c > bestCount) { best = l; bestCount = c; }
  }
  return best;
}
