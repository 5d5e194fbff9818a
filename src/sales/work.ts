/**
 * Work items and the queues they wait in.
 *
 * A Work is one piece of work for one account (a call, an order to key, a BD
 * meeting...). Items are recycled through a free list; `serial` is unique per
 * incarnation and `token` changes whenever the item's state changes, so events
 * scheduled for an earlier state (a patience timer, a service end) recognize
 * that they are stale.
 */
export const NO_CALL = 0;
export const CALL_ORDER = 1;
export const CALL_ISSUE = 2;

export class Work {
  task = 0;
  account = -1;
  opportunity = -1;
  area = -1;
  value = 0;
  /** When the customer asked (for tolerance and on-time counting). */
  requested = 0;
  enqueued = 0;
  /** What a call or callback is about. */
  call = NO_CALL;
  /** A linked item (the production job a delivery update is about) and its serial. */
  link = -1;
  linkSerial = -1;
  /** Production jobs: promised delivery time; and whether the customer was warned of lateness. */
  promise = 0;
  updated = false;
  filler = false;
  /** Hours of work when fixed by the item (a production job, an admin block); -1: drawn from the task. */
  content = -1;
  // queue bookkeeping
  /** Role whose queue (or person's queue) the item waits in, or is served by. */
  role = -1;
  /** Index of the person serving it, within its role. */
  person = -1;
  key = 0;
  seq = 0;
  queue: WorkQueue | null = null;
  pos = -1;
  // service bookkeeping
  remaining = -1;
  /** Expected hours of work the item adds to its queue's backlog (set when queued). */
  load = 0;
  endsAt = 0;
  serial = 0;
  token = 0;
  constructor(readonly id: number) {}
}

export class WorkStore {
  readonly all: Work[] = [];
  private readonly free: number[] = [];
  private serials = 0;
  live = 0;
  /**
   * The most items alive at once (the runaway guard): past it, a new item calls
   * onFull, which throws. Checked only when an item is created, not recycled.
   */
  limit = Infinity;
  onFull: () => void = () => {};

  alloc(task: number, now: number): Work {
    const w = this.free.length > 0 ? this.all[this.free.pop()!] : this.push();
    w.task = task; w.account = -1; w.opportunity = -1; w.area = -1; w.value = 0;
    w.requested = now; w.enqueued = now; w.call = NO_CALL; w.link = -1; w.linkSerial = -1;
    w.promise = 0; w.updated = false; w.filler = false; w.content = -1; w.role = -1; w.person = -1;
    w.queue = null; w.pos = -1; w.remaining = -1;
    w.serial = ++this.serials;
    w.token++;
    this.live++;
    return w;
  }

  release(w: Work): void {
    w.token++;
    w.serial = -1;
    this.free.push(w.id);
    this.live--;
  }

  private push(): Work {
    // Items are only created when none is free: every item is then alive.
    if (this.all.length >= this.limit) this.onFull();
    const w = new Work(this.all.length);
    this.all.push(w);
    return w;
  }
}

/**
 * Work waiting for a person or a role: a binary heap by (key, seq), smaller
 * first. Each item knows its position, so an item that leaves early (patience
 * ran out) is removed at once; and the queue can be scanned, which batching by
 * area and the end-of-day rule need.
 */
export class WorkQueue {
  readonly heap: Work[] = [];

  get length(): number {
    return this.heap.length;
  }

  peek(): Work | undefined {
    return this.heap[0];
  }

  push(w: Work): void {
    w.queue = this;
    w.pos = this.heap.length;
    this.heap.push(w);
    this.up(w.pos);
  }

  remove(w: Work): void {
    const h = this.heap;
    const i = w.pos;
    const last = h.pop()!;
    w.queue = null;
    w.pos = -1;
    if (i < h.length) {
      h[i] = last;
      last.pos = i;
      this.up(i);
      this.down(last.pos);
    }
  }

  private less(a: Work, b: Work): boolean {
    return a.key < b.key || (a.key === b.key && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    const w = h[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(w, h[p])) break;
      h[i] = h[p]; h[i].pos = i;
      i = p;
    }
    h[i] = w; w.pos = i;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const w = h[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(h[c + 1], h[c])) c++;
      if (!this.less(h[c], w)) break;
      h[i] = h[c]; h[i].pos = i;
      i = c;
    }
    h[i] = w; w.pos = i;
  }
}

export function better(a: Work | undefined, b: Work | undefined): Work | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.key < b.key || (a.key === b.key && a.seq < b.seq) ? a : b;
}
