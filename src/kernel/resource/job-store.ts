import type { IndexedQueue } from './indexed-queue.js';

/**
 * Jobs (work items) as parallel typed arrays indexed by job id: the state every
 * queueing model needs to wait, be served, be interrupted and resume. A model
 * extends the store with its own columns (an item's type and attributes, a
 * sales item's account and value) by overriding resize(); ids of finished jobs
 * are recycled, so memory follows the work in progress, not the number of jobs
 * that ever passed through.
 *
 * Arrays are replaced when the store grows: read them through the store
 * (`jobs.key[id]`), never keep one across a call that may allocate a job.
 */
export class JobStore {
  capacity: number;
  /**
   * Bumped whenever the job's state changes (it leaves a queue, a service starts
   * or is cancelled, the id is released): events carry the token they were made
   * with and are ignored when stale. Never reset, not even when the id is recycled.
   */
  token: Int32Array;
  /** Unique per incarnation of an id (0: released): what a link to another job remembers. */
  serial: Int32Array;
  /** Queue order: smaller key first, ties by smaller seq. */
  key: Float64Array;
  seq: Float64Array;
  /** When the job joined its current queue (its wait starts). */
  enqueued: Float64Array;
  /** Hours of service left of an interrupted or suspended job (-1: none; it starts afresh). */
  remaining: Float64Array;
  /** When the current service ends. */
  endsAt: Float64Array;
  /** Pool whose queue or server holds the job (-1: none). */
  pool: Int32Array;
  /** Server of the pool serving it (-1: not in service). */
  server: Int32Array;
  /** Queue the job waits in (-1: none), and its position there (kept by the queue). */
  queue: Int32Array;
  pos: Int32Array;
  /** The queues of the model, by id (a job's `queue` indexes this). */
  readonly queues: IndexedQueue[] = [];
  /** Jobs currently alive. */
  live = 0;
  /**
   * The most jobs alive at once (the runaway guard): past it, a new id calls
   * onFull, which throws. Checked only when the arrays grow.
   */
  limit = Infinity;
  onFull: () => void = () => {};
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;
  private serials = 0;

  constructor(initialCapacity = 256) {
    const c = initialCapacity;
    this.capacity = c;
    this.token = new Int32Array(c);
    this.serial = new Int32Array(c);
    this.key = new Float64Array(c);
    this.seq = new Float64Array(c);
    this.enqueued = new Float64Array(c);
    this.remaining = new Float64Array(c);
    this.endsAt = new Float64Array(c);
    this.pool = new Int32Array(c);
    this.server = new Int32Array(c);
    this.queue = new Int32Array(c);
    this.pos = new Int32Array(c);
    this.free = new Int32Array(c);
  }

  /** A new job: not queued, not served, nothing remaining. */
  alloc(): number {
    // A new id out of line: alloc is on every arrival, kept small enough to be inlined there.
    const id = this.freeCount > 0 ? this.free[--this.freeCount] : this.fresh();
    this.live++;
    // No token bump: release() made the last one stale already (a new id's events are none).
    this.serial[id] = ++this.serials;
    this.pool[id] = -1;
    this.server[id] = -1;
    this.queue[id] = -1;
    this.pos[id] = -1;
    this.remaining[id] = -1;
    return id;
  }

  release(id: number): void {
    this.token[id]++;
    this.serial[id] = 0;
    this.live--;
    this.free[this.freeCount++] = id;
  }

  /** Whether the id is the incarnation with this serial (a link to it is still good). */
  alive(id: number, serial: number): boolean {
    return id >= 0 && serial !== 0 && this.serial[id] === serial;
  }

  /** Ids ever handed out (live or free): the bound of a scan over all jobs. */
  get allocated(): number {
    return this.used;
  }

  /** Takes the job out of whatever queue holds it (no-op if none). */
  unqueue(id: number): void {
    const q = this.queue[id];
    if (q >= 0) this.queues[q].remove(id);
  }

  /** Queue ids are the order of registration (IndexedQueue's constructor registers). */
  register(q: IndexedQueue): number {
    this.queues.push(q);
    return this.queues.length - 1;
  }

  /** Grows every column to capacity c: a subclass grows its own columns, then calls super. */
  protected resize(c: number): void {
    this.token = growI32(this.token, c);
    this.serial = growI32(this.serial, c);
    this.key = growF64(this.key, c);
    this.seq = growF64(this.seq, c);
    this.enqueued = growF64(this.enqueued, c);
    this.remaining = growF64(this.remaining, c);
    this.endsAt = growF64(this.endsAt, c);
    this.pool = growI32(this.pool, c);
    this.server = growI32(this.server, c);
    this.queue = growI32(this.queue, c);
    this.pos = growI32(this.pos, c);
    this.free = growI32(this.free, c);
  }

  /** An id never used before, growing the columns if they are full. */
  private fresh(): number {
    if (this.used === this.capacity) this.grow();
    return this.used++;
  }

  private grow(): void {
    // Ids are only added when none is free: every id is then a live job.
    if (this.capacity >= this.limit) this.onFull();
    const c = Math.min(this.capacity * 2, this.limit);
    this.resize(c);
    this.capacity = c;
  }
}

export function growI32(a: Int32Array, c: number): Int32Array {
  const b = new Int32Array(c);
  b.set(a.subarray(0, Math.min(a.length, c)));
  return b;
}

export function growF64(a: Float64Array, c: number): Float64Array {
  const b = new Float64Array(c);
  b.set(a.subarray(0, Math.min(a.length, c)));
  return b;
}

export function growU8(a: Uint8Array, c: number): Uint8Array {
  const b = new Uint8Array(c);
  b.set(a.subarray(0, Math.min(a.length, c)));
  return b;
}
