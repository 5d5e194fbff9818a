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

  /** The item's key in this role's queue (smaller is served first): 0 for FIFO, the due time, or the signed attribute. */
  keyOf(items: ItemStore, item: number): number {
    const d = this.spec.discipline;
    if (d.kind === 'fifo') return 0;
    if (d.kind === 'edd') return items.due[item];
    return d.order * items.attrs[item * items.attrCount + d.attribute];
  }

  /** The item in service that the queue order puts last (largest key, then latest arrival): the one preemption stops; -1 if none. */
  lastInService(items: ItemStore): number {
    const servers = this.servers;
    let worst = -1;
    for (let s = 0; s < servers.size; s++) {
      const other = servers.job[s];
      if (other < 0) continue;
      if (worst < 0 || items.key[other] > items.key[worst] ||
          (items.key[other] === items.key[worst] && items.seq[other] > items.seq[worst])) worst = other;
    }
    return worst;
  }

  /** The shift starts or ends: every server comes or goes (one busy at a shift end finishes or is put down: the network says). */
  setOpen(now: number, open: boolean): void {
    this.open = open;
    this.capacityLevel.set(now, open ? this.headcount : 0);
    this.servers.setAllPresent(open);
  }
}
