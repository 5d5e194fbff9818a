import type { IndexedQueue } from '../kernel/resource/indexed-queue.js';

/**
 * One person of a role, as the organization's layers see them: whether they
 * are at work and where, what their busy time is credited up to, their
 * ramp-up, their territory's seat, and this week's protected-time count.
 */
export class Person {
  onShift = false;
  /** Area the person is in (-1: home or office). */
  area = -1;
  /** The task of the time block the person is in, or -1. */
  block = -1;
  /** Busy-time accounting: time credited up to, current activity, end of the travel leg. */
  creditFrom = 0;
  activity = -1;
  travelEnd = 0;
  shiftEnds = 0;
  /** Ramp-up (M15): productivity `rampFrom` when joining, rising linearly to 1 at `rampUntil`. */
  joined = -Infinity;
  rampUntil = -Infinity;
  rampFrom = 1;
  /** Off the books; a leaver still finishes the item in hand. */
  gone = false;
  /** When the person left (Infinity: still on the books). */
  left = Infinity;
  /** The list of `territories` whose areas the person owns (-1: none; coverage.ts). */
  seat = -1;
  /**
   * Protected time (protected-time.ts): the week counted (-1: none yet), hours worked in it,
   * and hours on each of the role's protect entries.
   */
  week = -1;
  worked = 0;
  guarded: Float64Array = NO_HOURS;
  constructor(
    readonly role: number,
    /** The person's server in their role's pool (the item in hand is pools[role].job[index]). */
    readonly index: number,
    /** Person-specific work: their territory's accounts, their own admin. */
    readonly own: IndexedQueue,
  ) {}

  /** Share of a fully ramped person's speed at time t. */
  productivity(t: number): number {
    if (t >= this.rampUntil) return 1;
    return this.rampFrom + ((1 - this.rampFrom) * (t - this.joined)) / (this.rampUntil - this.joined);
  }
}

/** Shared by everyone until a protect entry needs counting (protected-time.ts grows it then). */
const NO_HOURS = new Float64Array(0);
