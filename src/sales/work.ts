import { growF64, growI32, growU8, JobStore } from '../kernel/resource/job-store.js';

/**
 * Work items: one piece of work for one account (a call, an order to key, a BD
 * meeting...). An item is a number, and what the sales organization knows
 * about it is a column of the store below, next to the kernel's (queue place,
 * hours left, token and serial): thousands of items in progress in a large
 * company stay a few flat arrays instead of thousands of objects to chase.
 * Ids are recycled; `serial` tells a link to an item (a delivery update's
 * production job) whether the item is still the same piece of work.
 */
export const NO_CALL = 0;
export const CALL_ORDER = 1;
export const CALL_ISSUE = 2;

export class WorkStore extends JobStore {
  task: Uint8Array;
  account: Int32Array;
  opportunity: Int32Array;
  area: Int32Array;
  value: Float64Array;
  /** When the customer asked (for tolerance and on-time counting). */
  requested: Float64Array;
  /** What a call or callback is about. */
  call: Uint8Array;
  /** A linked item (the production job a delivery update is about) and its serial. */
  link: Int32Array;
  linkSerial: Int32Array;
  /** Production jobs: promised delivery time; and whether the customer was warned of lateness. */
  promise: Float64Array;
  updated: Uint8Array;
  /** Filler or time-block work (it stops, unpaid for, when something real comes). */
  filler: Uint8Array;
  /** Hours of work when fixed by the item (a production job, an admin block); -1: drawn from the task. */
  content: Float64Array;
  /** Expected hours of work the item adds to its queue's backlog (set when queued). */
  load: Float64Array;
  /** The person (Person.index in the role of `pool`) who took the item up last: whose work it is when it is done (credit.ts). */
  by: Int32Array;
  /** Value an upsell on the call added to the order, and who sold it (role, Person.index): credited when the order is booked. */
  upsold: Float64Array;
  upsoldRole: Int32Array;
  upsoldBy: Int32Array;

  constructor(initialCapacity = 256) {
    super(initialCapacity);
    const c = this.capacity;
    this.task = new Uint8Array(c);
    this.account = new Int32Array(c);
    this.opportunity = new Int32Array(c);
    this.area = new Int32Array(c);
    this.value = new Float64Array(c);
    this.requested = new Float64Array(c);
    this.call = new Uint8Array(c);
    this.link = new Int32Array(c);
    this.linkSerial = new Int32Array(c);
    this.promise = new Float64Array(c);
    this.updated = new Uint8Array(c);
    this.filler = new Uint8Array(c);
    this.content = new Float64Array(c);
    this.load = new Float64Array(c);
    this.by = new Int32Array(c);
    this.upsold = new Float64Array(c);
    this.upsoldRole = new Int32Array(c);
    this.upsoldBy = new Int32Array(c);
  }

  /** A new item of the task, asked for now, for nobody in particular yet. */
  item(task: number, now: number): number {
    const id = this.alloc();
    this.task[id] = task; this.account[id] = -1; this.opportunity[id] = -1; this.area[id] = -1; this.value[id] = 0;
    this.requested[id] = now; this.enqueued[id] = now; this.call[id] = NO_CALL; this.link[id] = -1; this.linkSerial[id] = -1;
    this.promise[id] = 0; this.updated[id] = 0; this.filler[id] = 0; this.content[id] = -1;
    this.by[id] = -1; this.upsold[id] = 0; this.upsoldRole[id] = -1; this.upsoldBy[id] = -1;
    return id;
  }

  protected override resize(c: number): void {
    this.task = growU8(this.task, c);
    this.account = growI32(this.account, c);
    this.opportunity = growI32(this.opportunity, c);
    this.area = growI32(this.area, c);
    this.value = growF64(this.value, c);
    this.requested = growF64(this.requested, c);
    this.call = growU8(this.call, c);
    this.link = growI32(this.link, c);
    this.linkSerial = growI32(this.linkSerial, c);
    this.promise = growF64(this.promise, c);
    this.updated = growU8(this.updated, c);
    this.filler = growU8(this.filler, c);
    this.content = growF64(this.content, c);
    this.load = growF64(this.load, c);
    this.by = growI32(this.by, c);
    this.upsold = growF64(this.upsold, c);
    this.upsoldRole = growI32(this.upsoldRole, c);
    this.upsoldBy = growI32(this.upsoldBy, c);
    super.resize(c);
  }
}
