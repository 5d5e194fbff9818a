import { TimeWeighted } from '../kernel/statistics.js';
import { FifoLine, PriorityLine, type WaitingLine } from '../kernel/waiting-line.js';
import type { RoleSpec } from './spec.js';

/**
 * The people in one role: a headcount of interchangeable servers that work to a
 * calendar, the queue of work waiting for them, and the statistics that say how
 * busy they were against the capacity actually available (on-shift headcount).
 */
export class RolePool {
  readonly headcount: number;
  busy = 0;
  open: boolean;
  readonly line: WaitingLine;
  /** Items in service; the first `busy` entries are valid. */
  readonly inService: Int32Array;
  /** Busy servers over time. */
  readonly busyLevel = new TimeWeighted();
  /** On-shift headcount over time (the capacity utilization is measured against). */
  readonly capacityLevel = new TimeWeighted();
  readonly queueLevel = new TimeWeighted();

  constructor(readonly spec: RoleSpec, now: number) {
    this.headcount = spec.headcount;
    this.inService = new Int32Array(spec.headcount);
    this.line = spec.discipline.kind === 'fifo' ? new FifoLine() : new PriorityLine();
    this.open = spec.calendar.isOpen(now);
    this.capacityLevel.set(now, this.open ? this.headcount : 0);
  }

  /** A server is free and on shift. */
  get available(): boolean {
    return this.open && this.busy < this.headcount;
  }
}
