/**
 * The job store's columns a queue reads and keeps (JobStore has them): named
 * here rather than imported, so that the store (which knows its queues) and the
 * queue (which reads the store) do not import each other.
 */
export interface QueuedJobs {
  key: Float64Array;
  seq: Float64Array;
  queue: Int32Array;
  pos: Int32Array;
  register(q: IndexedQueue): number;
}

/**
 * Jobs waiting for a server: smallest (key, seq) first, read from the job
 * store, and a job can be taken out from anywhere at once (its patience ran
 * out, it is routed elsewhere, its server's queue is shared out again): each
 * job's position is kept in `jobs.pos`, so removal is O(log n) and nothing
 * stale is left behind to skip later. The queue can also be walked (at(i) over
 * 0..slots-1), which batching work by area and end-of-day rules need.
 *
 * Two layouts behind one interface. A priority queue is a binary heap of ids.
 * A FIFO queue (every job of equal key, served in the order it came) is a ring
 * buffer: push and pop are O(1) without comparisons, the fast path of most
 * queues of a network; removal leaves a hole (-1) that the walk and the head
 * skip. pushFront puts a job at the head in both layouts' sense: a FIFO queue
 * serves it next; a heap orders it by its (key, seq), which a resumed job keeps.
 */
export class IndexedQueue {
  /** The queue's id in its store (what jobs.queue holds). */
  readonly id: number;
  /** Live jobs waiting. */
  length = 0;
  private ids = new Int32Array(16);
  /** FIFO: index of the head in the ring, and slots in use from the head (holes included). */
  private head = 0;
  private used = 0;

  constructor(private readonly jobs: QueuedJobs, readonly fifo = false) {
    this.id = jobs.register(this);
  }

  /** Slots to walk with at(): live jobs, and in a FIFO queue the holes between them. */
  get slots(): number {
    return this.fifo ? this.used : this.length;
  }

  /** The job in walk position i (0 <= i < slots), or -1 for a hole. Order is storage order, not service order. */
  at(i: number): number {
    return this.fifo ? this.ids[(this.head + i) & (this.ids.length - 1)] : this.ids[i];
  }

  /** The job served next, or -1. */
  peek(): number {
    if (this.length === 0) return -1;
    return this.fifo ? this.ids[this.head] : this.ids[0];
  }

  /** Takes the job served next off the queue; -1 when empty. */
  pop(): number {
    if (this.length === 0) return -1;
    if (!this.fifo) {
      const id = this.ids[0];
      this.remove(id);
      return id;
    }
    // The FIFO fast path (most pops of a network): the head is live, so it is taken
    // off by moving the head, without writing a hole and trimming it again.
    const id = this.ids[this.head];
    this.jobs.queue[id] = -1;
    this.jobs.pos[id] = -1;
    this.length--;
    this.used--;
    this.head = (this.head + 1) & (this.ids.length - 1);
    if (this.ids[this.head] < 0 || this.used === 0) this.trim();
    return id;
  }

  push(id: number): void {
    const jobs = this.jobs;
    jobs.queue[id] = this.id;
    if (this.fifo) {
      if (this.used === this.ids.length) this.grow();
      const i = (this.head + this.used) & (this.ids.length - 1);
      this.ids[i] = id;
      jobs.pos[id] = i;
      this.used++;
      this.length++;
      return;
    }
    if (this.length === this.ids.length) this.grow();
    this.length++;
    this.up(this.length - 1, id);
  }

  pushFront(id: number): void {
    if (!this.fifo) {
      this.push(id);
      return;
    }
    if (this.used === this.ids.length) this.grow();
    this.head = (this.head - 1) & (this.ids.length - 1);
    this.ids[this.head] = id;
    this.jobs.pos[id] = this.head;
    this.jobs.queue[id] = this.id;
    this.used++;
    this.length++;
  }

  remove(id: number): void {
    const jobs = this.jobs;
    const i = jobs.pos[id];
    jobs.queue[id] = -1;
    jobs.pos[id] = -1;
    this.length--;
    if (this.fifo) {
      this.ids[i] = -1;
      this.trim();
      return;
    }
    const n = this.length;
    if (i < n) {
      const last = this.ids[n];
      this.up(i, last);
      if (jobs.pos[last] === i) this.down(i, last);
    }
  }

  /** The live jobs, in storage order (a copy: safe to change the queue while going through it). */
  toArray(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.slots; i++) {
      const id = this.at(i);
      if (id >= 0) out.push(id);
    }
    return out;
  }

  /** Takes every job off the queue. */
  clear(): void {
    for (const id of this.toArray()) {
      this.jobs.queue[id] = -1;
      this.jobs.pos[id] = -1;
    }
    this.length = 0;
    this.head = 0;
    this.used = 0;
  }

  /** Puts the queue back in order after keys changed (a new work order): O(n). */
  reorder(): void {
    if (this.fifo) return;
    for (let i = (this.length >> 1) - 1; i >= 0; i--) this.down(i, this.ids[i]);
  }

  // ---- FIFO ring -----------------------------------------------------------------

  /** Drops holes at both ends, so the head is always a live job. */
  private trim(): void {
    const mask = this.ids.length - 1;
    while (this.used > 0 && this.ids[this.head] < 0) {
      this.head = (this.head + 1) & mask;
      this.used--;
    }
    while (this.used > 0 && this.ids[(this.head + this.used - 1) & mask] < 0) this.used--;
    if (this.used === 0) this.head = 0;
  }

  // ---- heap ----------------------------------------------------------------------

  private less(a: number, b: number): boolean {
    const k = this.jobs.key;
    return k[a] < k[b] || (k[a] === k[b] && this.jobs.seq[a] < this.jobs.seq[b]);
  }

  /** Places `id` at i or above it. */
  private up(i: number, id: number): void {
    const h = this.ids;
    const pos = this.jobs.pos;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(id, h[p])) break;
      h[i] = h[p];
      pos[h[i]] = i;
      i = p;
    }
    h[i] = id;
    pos[id] = i;
  }

  /** Places `id` at i or below it. */
  private down(i: number, id: number): void {
    const h = this.ids;
    const pos = this.jobs.pos;
    const n = this.length;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(h[c + 1], h[c])) c++;
      if (!this.less(h[c], id)) break;
      h[i] = h[c];
      pos[h[i]] = i;
      i = c;
    }
    h[i] = id;
    pos[id] = i;
  }

  private grow(): void {
    const n = this.ids.length;
    const next = new Int32Array(n * 2);
    if (this.fifo) {
      // Unrolled from the head: positions change, so every job is told its new one.
      for (let k = 0; k < this.used; k++) {
        const id = this.ids[(this.head + k) & (n - 1)];
        next[k] = id;
        if (id >= 0) this.jobs.pos[id] = k;
      }
      this.head = 0;
    } else next.set(this.ids);
    this.ids = next;
  }
}

/** Of two queued jobs (-1: none), the one served first by (key, seq). */
export function firstOf(jobs: QueuedJobs, a: number, b: number): number {
  if (a < 0) return b;
  if (b < 0) return a;
  const k = jobs.key;
  return k[a] < k[b] || (k[a] === k[b] && jobs.seq[a] < jobs.seq[b]) ? a : b;
}
