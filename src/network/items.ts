/**
 * The work items in the system, stored as parallel typed arrays indexed by item id
 * (struct of arrays). Ids of finished items are recycled, so memory follows the work
 * in progress, not the number of items that ever passed through.
 */
export class ItemStore {
  capacity: number;
  type: Int32Array;
  /** Task the item is at. */
  task: Int32Array;
  /** Role whose queue or server holds the item (-1: none). */
  role: Int32Array;
  /** Slot in the role's in-service list (-1: not in service). */
  slot: Int32Array;
  /**
   * Bumped whenever the item leaves a queue or a service is cancelled; events and
   * queue entries carry the token they were made with and are ignored when stale.
   * Never reset, not even when the id is recycled.
   */
  token: Int32Array;
  entered: Float64Array;
  enqueued: Float64Array;
  /** Arrival order at the current task (breaks ties in priority queues). */
  seq: Float64Array;
  /** Queue key at the current role (smaller is served first). */
  key: Float64Array;
  due: Float64Array;
  /** Service time drawn for the current task. */
  service: Float64Array;
  /** When the current service ends. */
  endsAt: Float64Array;
  /** Remaining service of a preempted or suspended item (-1: none). */
  remaining: Float64Array;
  attrs: Float64Array;
  readonly attrCount: number;
  private free: Int32Array;
  private freeCount = 0;
  private used = 0;
  /** Items currently alive. */
  live = 0;
  /**
   * The most items alive at once (the runaway guard): past it, grow() calls
   * onFull, which throws. Checked only when the arrays double.
   */
  limit = Infinity;
  onFull: () => void = () => {};

  constructor(attrCount: number, initialCapacity = 256) {
    this.attrCount = attrCount;
    this.capacity = initialCapacity;
    const c = initialCapacity;
    this.type = new Int32Array(c);
    this.task = new Int32Array(c);
    this.role = new Int32Array(c);
    this.slot = new Int32Array(c);
    this.token = new Int32Array(c);
    this.entered = new Float64Array(c);
    this.enqueued = new Float64Array(c);
    this.seq = new Float64Array(c);
    this.key = new Float64Array(c);
    this.due = new Float64Array(c);
    this.service = new Float64Array(c);
    this.endsAt = new Float64Array(c);
    this.remaining = new Float64Array(c);
    this.attrs = new Float64Array(c * Math.max(1, attrCount));
    this.free = new Int32Array(c);
  }

  alloc(type: number): number {
    let id: number;
    if (this.freeCount > 0) id = this.free[--this.freeCount];
    else {
      if (this.used === this.capacity) this.grow();
      id = this.used++;
    }
    this.live++;
    this.type[id] = type;
    this.role[id] = -1;
    this.slot[id] = -1;
    this.remaining[id] = -1;
    return id;
  }

  release(id: number): void {
    this.token[id]++;
    this.live--;
    this.free[this.freeCount++] = id;
  }

  private grow(): void {
    // Ids are only added when none is free: every id is then a live item.
    if (this.capacity >= this.limit) this.onFull();
    const c = Math.min(this.capacity * 2, this.limit);
    const i32 = (a: Int32Array, n = c) => { const b = new Int32Array(n); b.set(a); return b; };
    const f64 = (a: Float64Array, n = c) => { const b = new Float64Array(n); b.set(a); return b; };
    this.type = i32(this.type);
    this.task = i32(this.task);
    this.role = i32(this.role);
    this.slot = i32(this.slot);
    this.token = i32(this.token);
    this.entered = f64(this.entered);
    this.enqueued = f64(this.enqueued);
    this.seq = f64(this.seq);
    this.key = f64(this.key);
    this.due = f64(this.due);
    this.service = f64(this.service);
    this.endsAt = f64(this.endsAt);
    this.remaining = f64(this.remaining);
    this.attrs = f64(this.attrs, c * Math.max(1, this.attrCount));
    this.free = i32(this.free);
    this.capacity = c;
  }
}
