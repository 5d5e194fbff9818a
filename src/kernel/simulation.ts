import { EventList } from './event-list.js';

/**
 * Something that reacts to events. Handlers are registered once and addressed by
 * index, so scheduling an event never allocates a closure.
 */
export interface EventHandler {
  handle(arg: number, tag: number): void;
}

/**
 * The simulation environment: a clock, the future-event list and a loop that pops
 * events in (time, sequence) order and hands each to its handler.
 */
export class Simulation {
  /** Current simulated time, in hours. Never decreases. */
  now = 0;
  /** Number of events processed so far. */
  events = 0;
  private readonly list = new EventList(256);
  private readonly handlers: EventHandler[] = [];
  private stopped = false;

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
   * beyond `until`; in the last case the clock is advanced to `until`.
   */
  run(until = Infinity): void {
    this.stopped = false;
    const list = this.list;
    const handlers = this.handlers;
    while (!this.stopped) {
      if (!list.popUntil(until)) {
        if (until !== Infinity && until > this.now) this.now = until;
        return;
      }
      this.now = list.poppedTime;
      this.events++;
      handlers[list.poppedHandler].handle(list.poppedArg, list.poppedTag);
    }
  }
}
