import { growF64, growI32, JobStore } from '../kernel/resource/job-store.js';

/**
 * The work items in the system: the kernel's job store (token, queue order,
 * remaining service, the pool and server holding an item, recycled ids) plus
 * the columns only a network item has. `pool` is the role whose queue or server
 * holds the item, `server` the person of that role serving it.
 */
export class ItemStore extends JobStore {
  type: Int32Array;
  /** Task the item is at. */
  task: Int32Array;
  /** When the item entered the system (its sojourn starts). */
  entered: Float64Array;
  due: Float64Array;
  /** Service time drawn for the current task (what service_h_mean averages). */
  service: Float64Array;
  /** Attribute values, attrCount per item. */
  attrs: Float64Array;

  constructor(readonly attrCount: number, initialCapacity = 256) {
    super(initialCapacity);
    const c = initialCapacity;
    this.type = new Int32Array(c);
    this.task = new Int32Array(c);
    this.entered = new Float64Array(c);
    this.due = new Float64Array(c);
    this.service = new Float64Array(c);
    this.attrs = new Float64Array(c * Math.max(1, attrCount));
  }

  /** A new item of the type: not queued, not served, nothing remaining. */
  override alloc(type = 0): number {
    const id = super.alloc();
    this.type[id] = type;
    return id;
  }

  protected override resize(c: number): void {
    this.type = growI32(this.type, c);
    this.task = growI32(this.task, c);
    this.entered = growF64(this.entered, c);
    this.due = growF64(this.due, c);
    this.service = growF64(this.service, c);
    this.attrs = growF64(this.attrs, c * Math.max(1, this.attrCount));
    super.resize(c);
  }
}
