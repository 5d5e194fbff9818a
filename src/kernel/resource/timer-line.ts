import type { Simulation } from '../simulation.js';

/**
 * Timers that mostly come due in the order they were set: patience timers of one
 * task (a fixed patience, set when the item joins the queue) or checks a fixed
 * time after something happened. They wait here, in a ring buffer ordered by due
 * time, and only the earliest is in the simulation's event list; so the event
 * list stays small however many timers are pending (most of them stale: their
 * item was served long before its patience ran out), and a stale timer costs a
 * step in the ring instead of a trip through the heap.
 *
 * A timer is (due, arg, tag) and fires the handler given at construction with
 * (arg, tag) at its due time; timers of the line due at the same time fire in
 * the order they were set. A timer set earlier than the latest one pending (a
 * drawn patience, a phase that shortened it) is put in its place, so the line
 * stays ordered whatever the order of setting; one that would move a long way
 * back is scheduled as an event of its own instead (so setting stays O(1)). What
 * may differ from scheduling every timer as an event is only the order of a
 * timer and another event due at exactly the same time.
 *
 * `live(arg, tag)` says whether a timer still matters; stale ones at the head
 * are dropped before the next one is scheduled, so that the event list is not
 * woken for nothing.
 */
/** By default, timers set out of order move back at most this far in the line; further, they are events of their own. */
const MAX_MOVES = 16;

export class TimerLine {
  private due = new Float64Array(64);
  private arg = new Int32Array(64);
  private tag = new Int32Array(64);
  private head = 0;
  private n = 0;
  /** Due time of the head's event in the event list (NaN: none scheduled). */
  private armed = Number.NaN;
  /** The event that wakes the line, and the one for a timer out of order: registered once, addressed by index. */
  readonly wake: number;
  readonly direct: number;

  constructor(
    private readonly sim: Simulation,
    /** The handler each timer fires. */
    private readonly fire: (arg: number, tag: number) => void,
    private readonly live: (arg: number, tag: number) => boolean = () => true,
    /** How far back a timer set out of order may move before it is an event of its own. */
    private readonly maxMoves = MAX_MOVES,
  ) {
    this.wake = sim.register({ handle: () => this.onWake() });
    this.direct = sim.register({ handle: (a, g) => { if (this.live(a, g)) this.fire(a, g); } });
  }

  get length(): number {
    return this.n;
  }

  /** Sets a timer due at absolute time `at` (no earlier than now). */
  set(at: number, arg: number, tag: number): void {
    const now = this.sim.now;
    if (at < now) at = now;
    const mask = this.due.length - 1;
    // Usually the latest: appended. Otherwise moved back past the later ones (after
    // any due at the same time: those were set first), unless that is a long way
    // back (timers of a spread-out patience): then it is an event of its own.
    let moves = 0;
    if (this.n > 0) {
      let j = (this.head + this.n - 1) & mask;
      while (moves < this.n && this.due[j] > at) {
        if (++moves > this.maxMoves) {
          this.sim.at(at, this.direct, arg, tag);
          return;
        }
        j = (j - 1) & mask;
      }
    }
    if (this.n === this.due.length) this.grow();
    const m = this.due.length - 1;
    let i = (this.head + this.n) & m;
    for (let k = 0; k < moves; k++) {
      const j = (i - 1) & m;
      this.due[i] = this.due[j]; this.arg[i] = this.arg[j]; this.tag[i] = this.tag[j];
      i = j;
    }
    this.due[i] = at; this.arg[i] = arg; this.tag[i] = tag;
    this.n++;
    if (moves === this.n - 1) this.arm(); // a new head
  }

  /** Drops every pending timer (their events never fire). */
  clear(): void {
    this.head = 0;
    this.n = 0;
  }

  /** Calls fn for every pending timer (for diagnostics). */
  forEach(fn: (due: number, arg: number, tag: number) => void): void {
    const mask = this.due.length - 1;
    for (let k = 0; k < this.n; k++) {
      const i = (this.head + k) & mask;
      fn(this.due[i], this.arg[i], this.tag[i]);
    }
  }

  /** Schedules the wake-up for the head, unless one is pending at or before its time. */
  private arm(): void {
    this.dropStale();
    if (this.n === 0) return;
    const t = this.due[this.head];
    if (!(this.armed <= t)) {
      this.armed = t;
      this.sim.at(t, this.wake, 0, 0);
    }
  }

  private dropStale(): void {
    const mask = this.due.length - 1;
    while (this.n > 0 && !this.live(this.arg[this.head], this.tag[this.head])) {
      this.head = (this.head + 1) & mask;
      this.n--;
    }
  }

  private onWake(): void {
    const now = this.sim.now;
    // A wake-up made obsolete by an earlier one (a timer set before the head) has no work left.
    if (now !== this.armed) return;
    this.armed = Number.NaN;
    const mask = this.due.length - 1;
    // Every timer due now fires, in order; one that a handler sets for now fires too.
    while (this.n > 0 && this.due[this.head] <= now) {
      const a = this.arg[this.head];
      const g = this.tag[this.head];
      this.head = (this.head + 1) & mask;
      this.n--;
      this.fire(a, g);
    }
    this.arm();
  }

  private grow(): void {
    const c = this.due.length * 2;
    const due = new Float64Array(c);
    const arg = new Int32Array(c);
    const tag = new Int32Array(c);
    const mask = this.due.length - 1;
    for (let k = 0; k < this.n; k++) {
      const i = (this.head + k) & mask;
      due[k] = this.due[i]; arg[k] = this.arg[i]; tag[k] = this.tag[i];
    }
    this.due = due; this.arg = arg; this.tag = tag;
    this.head = 0;
  }
}
