import { FreeSet } from './free-set.js';
import { growI32 } from './job-store.js';

/**
 * The servers of one role (its people): which job each has in hand, which are
 * present (on shift, on the books, not held by a time block: the model says),
 * and the free ones (present, hands empty) as a bit set walked in index order.
 * Finding a free server costs a step per 32 servers skipped, whatever the
 * headcount, and the walk tries low-numbered servers first, as a scan of a
 * list of people does.
 *
 * Servers are added (hires) but never renumbered: a leaver is made absent and
 * keeps its index, so events and records that name a server stay right.
 */
export class ServerPool {
  /** Servers ever added (present or not). */
  size = 0;
  /** Servers with a job in hand (present or not: a leaver finishing an item counts). */
  busy = 0;
  /** The job in each server's hands, or -1. */
  job: Int32Array;
  readonly present: FreeSet;
  readonly free: FreeSet;

  constructor(servers: number, present = true) {
    this.job = new Int32Array(Math.max(1, servers)).fill(-1);
    this.present = new FreeSet(servers);
    this.free = new FreeSet(servers);
    for (let s = 0; s < servers; s++) this.add(present);
  }

  /** A new server; returns its index. */
  add(present = true): number {
    const s = this.size++;
    if (s >= this.job.length) {
      const old = this.job.length;
      this.job = growI32(this.job, old * 2);
      this.job.fill(-1, old);
    }
    this.job[s] = -1;
    this.setPresent(s, present);
    return s;
  }

  /** Makes the server present or absent (absent servers finish what they hold, then take nothing). */
  setPresent(s: number, present: boolean): void {
    this.present.set(s, present);
    this.free.set(s, present && this.job[s] < 0);
  }

  /** Makes every server present or absent (a shift that starts or ends for the whole pool). */
  setAllPresent(present: boolean): void {
    for (let s = 0; s < this.size; s++) this.setPresent(s, present);
  }

  isPresent(s: number): boolean {
    return this.present.has(s);
  }

  /** Present servers with empty hands. */
  get available(): number {
    return this.free.size;
  }

  /** The first free server, or -1. */
  firstFree(): number {
    return this.free.first();
  }

  /** The first free server at or after `from`, or -1. */
  nextFree(from: number): number {
    return this.free.next(from);
  }

  /** The server takes the job in hand. */
  assign(s: number, job: number): void {
    if (this.job[s] < 0) this.busy++;
    this.job[s] = job;
    this.free.delete(s);
  }

  /** The server's hands are empty again; returns the job it held (-1: none). */
  vacate(s: number): number {
    const job = this.job[s];
    if (job < 0) return -1;
    this.job[s] = -1;
    this.busy--;
    if (this.present.has(s)) this.free.add(s);
    return job;
  }
}
