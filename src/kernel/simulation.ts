import { EventList } from './event-list.js';
import { BURST_SPAN_H, DEFAULT_LIMITS, formatCount, runaway, type RunawayLimits } from './runaway.js';

/**
 * Something that reacts to events. Handlers are registered once and addressed by
 * index, so scheduling an event never allocates a closure.
 */
export interface EventHandler {
  handle(arg: number, tag: number): void;
}

/**
 * Names what an event is about, for the runaway guard's message: "at task 'x'",
 * "for item type 'y'"; undefined when it is about nothing in particular (a clock).
 */
export type EventDescriber = (handler: number, arg: number, tag: number) => string | undefined;

/**
 * The simulation environment: a clock, the future-event list and a loop that pops
 * events in (time, sequence) order and hands each to its handler.
 */
export class Simulation {
  /** Current simulated time, in hours. Never decreases. */
  now = 0;
  /** Number of events processed so far (up to date between runs and when a run looks up: not inside a handler). */
  events = 0;
  /** Set by the model, so that a runaway message can say what the events were for. */
  describe: EventDescriber = () => undefined;
  readonly limits: Readonly<RunawayLimits>;
  private readonly list = new EventList(256);
  private readonly handlers: EventHandler[] = [];
  private stopped = false;
  /** The event count at which the next burst check is due, and the clock at the last one. */
  private nextBurstCheck: number;
  private burstFrom = 0;

  constructor(limits: Partial<RunawayLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.nextBurstCheck = this.limits.burst;
    this.list.limit = this.limits.pending;
    this.list.onFull = () => {
      throw runaway(`${formatCount(this.list.size)} events pending`, this.now, this.pendingLabels(Infinity));
    };
  }

  register(handler: EventHandler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /** Schedules an event at absolute time `at` (clamped to now: no event lands in the past). */
  at(at: number, handler: number, arg = 0, tag = 0): void {
    this.list.push(at < this.now ? this.now : at, handler, arg, tag);
  }

  /** Schedules an event `delay` hours from now. */
  after(delay: number, handler: number, arg = 0, tag = 0): void {
    this.list.push(delay > 0 ? this.now + delay : this.now, handler, arg, tag);
  }

  get pending(): number {
    return this.list.size;
  }

  /** Ends run() after the current event. */
  stop(): void {
    this.stopped = true;
  }

  /** Processes one event; false when there was none. */
  step(): boolean {
    const list = this.list;
    if (!list.pop()) return false;
    this.now = list.poppedTime;
    this.events++;
    this.handlers[list.poppedHandler].handle(list.poppedArg, list.poppedTag);
    return true;
  }

  /**
   * Runs until the event list is empty, stop() is called, or the next event lies
   * beyond `until`; in the last case the clock is advanced to `until`. Then true.
   *
   * With a `budget`, returns false after that many events if the run is not over
   * by then; calling run() again goes on from the next event exactly as if there
   * had been no pause (a caller can yield to the Node event loop in between).
   */
  run(until = Infinity, budget = Infinity): boolean {
    this.stopped = false;
    const list = this.list;
    const handlers = this.handlers;
    const sliceEnd = this.events + budget;
    // The loop counts down the events left until the next look (the end of the
    // slice or a burst check) in a local, instead of counting `events` up in a
    // field: the look then costs nothing beyond the count the loop kept anyway.
    // `events` is brought up to date at every look and when run() returns.
    let from = this.events;
    let window = this.window(sliceEnd);
    let left = window;
    while (!this.stopped) {
      if (left === 0) {
        this.events = from + window;
        if (this.events >= sliceEnd) return false;
        if (this.events >= this.nextBurstCheck) this.checkBurst();
        from = this.events;
        left = window = this.window(sliceEnd);
      }
      if (!list.popUntil(until)) {
        this.events = from + window - left;
        if (until !== Infinity && until > this.now) this.now = until;
        return true;
      }
      this.now = list.poppedTime;
      left--;
      handlers[list.poppedHandler].handle(list.poppedArg, list.poppedTag);
    }
    this.events = from + window - left;
    return true;
  }

  /** Events until the next look: a whole number, however far the slice's end or the next check. */
  private window(sliceEnd: number): number {
    const next = sliceEnd < this.nextBurstCheck ? sliceEnd : this.nextBurstCheck;
    return Math.min(next - this.events, 0x3fffffff);
  }

  /** `limits.burst` events since the last check: the clock must have moved at least BURST_SPAN_H. */
  private checkBurst(): void {
    const n = this.limits.burst;
    if (this.now - this.burstFrom < BURST_SPAN_H) {
      const still = this.now === this.burstFrom ? 'without the clock moving' : 'within one simulated hour';
      throw runaway(`${formatCount(n)} events ${still}`, this.now, this.pendingLabels(this.now + BURST_SPAN_H));
    }
    this.burstFrom = this.now;
    this.nextBurstCheck = this.events + n;
  }

  /** What the pending events due by `until` are for (EventDescriber), one label per event. */
  private pendingLabels(until: number): string[] {
    const out: string[] = [];
    this.list.forEach((time, handler, arg, tag) => {
      if (time > until) return;
      const label = this.describe(handler, arg, tag);
      if (label !== undefined) out.push(label);
    });
    return out;
  }
}

/** Runs a computation written as a generator (pausing between slices of a run) to its end, without pausing. */
export function complete<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}
