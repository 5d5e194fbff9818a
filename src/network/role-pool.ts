import { IndexedQueue } from '../kernel/resource/indexed-queue.js';
import { ServerPool } from '../kernel/resource/server-pool.js';
import { TimeWeighted } from '../kernel/statistics.js';
import type { ItemStore } from './items.js';
import type { RoleSpec } from './spec.js';

/**
 * The people in one role: the kernel's pool of interchangeable servers (present
 * while the role's calendar is open), the queue of work waiting for them (a ring
 * for FIFO, a heap by (key, seq) otherwise), and the statistics that say how
 * busy they were against the capacity actually available (on-shift headcount).
 * Monitoring is the network's, not the kernel's: the levels are kept here.
 */
export class RolePool {
  readonly headcount: number;
  open: boolean;
  readonly servers: ServerPool;
  readonly queue: IndexedQueue;
  /** Busy servers over time. */
  readonly busyLevel = new TimeWeighted();
  /** On-shift headcount over time (the capacity utilization is measured against). */
  readonly capacityLevel = new TimeWeighted();
  readonly queueLevel = new TimeWeighted();

  constructor(readonly spec: RoleSpec, items: ItemStore, now: number) {
    this.headcount = spec.headcount;
    this.open = spec.calendar.isOpen(now);
    this.servers = new ServerPool(spec.headcount, this.open);
    this.queue = new IndexedQueue(items, spec.discipline.kind === 'fifo');
    this.capacityLevel.set(now, this.open ? this.headcount : 0);
  }

  /** A server is free and on shift. */
  get available(): boolean {
    return this.servers.free.size > 0;
  }

  /** The shift starts or ends: every server comes or goes (one busy at a shift end finishes or is put down: the network says). */
  setOpen(now: number, open: boolean): void {
    this.open = open;
    this.capacityLevel.set(now, open ? this.headcount : 0);
    this.servers.setAllPresent(open);
  }
}
