/**
 * The future-event list: a binary min-heap keyed by (time, insertion sequence).
 *
 * Entries live in typed arrays instead of objects so that scheduling and
 * popping allocate nothing; ties on time are broken by the sequence number, which
 * makes the order of simultaneous events the order in which they were scheduled
 * (and therefore runs reproducible). An event is three integers for the caller:
 * which handler, an argument (usually a work-item id) and a tag (usually a token
 * that lets a handler recognise a stale, cancelled event).
 *
 * Each entry is one 32-byte slot (time and sequence as doubles, then handler,
 * argument and tag as 32-bit integers through a second view of the same
 * buffer) rather than a column per field: a sift visits one slot per level and
 * moves it whole, one cache line where five columns took five.
 *
 * A pop leaves the root's slot empty (a "hole") instead of refilling it at once.
 * The usual next step of a simulation is that the handler of the popped event
 * schedules another event (the next arrival, the end of the next service); that
 * push then fills the hole and sifts down once, where refilling from the last
 * entry would have cost a sift-down and the push a sift-up as well. If the next
 * operation is another pop, the hole is refilled from the last entry first, as a
 * plain heap would have done. The order of (time, sequence) is a total order, so
 * which entries come out, and when, does not depend on the heap's layout.
 *
 * Entries due more than FAR_H after the last popped time wait in a second heap
 * (FarHeap), and a pop takes the earlier of the two roots by the same (time,
 * sequence), so the order out is exactly a single heap's. Why: the few events
 * set weeks ahead (a sales opportunity's decision, a meeting booked days out)
 * are most of what is pending in a large model, while nearly every event is due
 * within hours. In one heap each pop sifts through levels of far entries (13
 * levels, a cache miss each, at 9,000 pending); apart, the near heap holds only
 * the work in hand and stays in the cache, and a far entry costs a sift only
 * when it is set (rising barely: it is among the latest) and when it comes due.
 */
/** Hours ahead of the last popped time beyond which an entry waits in the far heap: a day, longer than nearly every service. */
export const FAR_H = 24;

/** Doubles per slot: time, sequence, then the three integers (and one unused) as 32-bit halves. */
const SLOT = 4;
/** Int32 offsets within a slot (the Int32Array view counts 2 * SLOT per slot). */
const HANDLER = 4;
const ARG = 5;
const TAG = 6;

export class EventList {
  /** Slot j: time at f[SLOT j], sequence at f[SLOT j + 1]; handler, argument, tag at g[2 SLOT j + HANDLER|ARG|TAG]. */
  private f: Float64Array;
  private g: Int32Array;
  /** Slots in use, the hole included. */
  private n = 0;
  /** Slot 0 is empty (its entry was popped) and slots 1..n-1 hold the entries. */
  private hole = false;
  private nextSeq = 0;
  /** Entries due more than FAR_H after the last pop (sharing the sequence numbers). */
  private readonly far = new FarHeap();

  /** Fields of the entry removed by the last successful pop(). */
  poppedTime = 0;
  poppedHandler = 0;
  poppedArg = 0;
  poppedTag = 0;

  /**
   * The most entries the list may hold: past it, grow() calls onFull (which
   * throws). Checked only when the arrays double, so pushes pay nothing for it.
   */
  limit = Infinity;
  onFull: () => void = () => {};

  constructor(initialCapacity = 64) {
    this.f = new Float64Array(Math.max(4, initialCapacity) * SLOT);
    this.g = new Int32Array(this.f.buffer);
  }

  get size(): number {
    return (this.hole ? this.n - 1 : this.n) + this.far.n;
  }

  /** Time of the earliest entry, or +Infinity when empty. */
  peekTime(): number {
    if (this.hole) this.fillHole();
    const near = this.n > 0 ? this.f[0] : Infinity;
    return this.far.n > 0 && this.far.f[0] < near ? this.far.f[0] : near;
  }

  push(time: number, handler: number, arg: number, tag: number): void {
    // The entry is staged in the slot just past the heap and the sifts, out of line,
    // take only its index. push() stays small enough to be inlined where events are
    // scheduled, so the float time is never boxed to cross a call.
    if (time - this.poppedTime > FAR_H) {
      this.pushFar(time, handler, arg, tag);
      return;
    }
    const j = this.n;
    if (j * SLOT === this.f.length) this.grow();
    const b = j * SLOT;
    this.f[b] = time;
    this.f[b + 1] = this.nextSeq++;
    const g = this.g;
    g[2 * b + HANDLER] = handler;
    g[2 * b + ARG] = arg;
    g[2 * b + TAG] = tag;
    if (this.hole) {
      // Replace-top: the new entry takes the popped root's place.
      this.hole = false;
      this.sink(j);
    } else {
      this.n = j + 1;
      this.rise(j);
    }
  }

  /** Removes the earliest entry into the popped* fields; false when empty. */
  pop(): boolean {
    return this.popUntil(Infinity);
  }

  /**
   * Removes the earliest entry into the popped* fields if it is due no later than
   * `until`; false (and nothing removed) otherwise or when empty. One call per event
   * in the simulation loop instead of a peek and a pop.
   */
  popUntil(until: number): boolean {
    if (this.hole) this.fillHole();
    const f = this.f;
    const far = this.far;
    if (far.n > 0 && (this.n === 0 || far.before(f[0], f[1]))) return this.popFar(until);
    if (this.n === 0 || f[0] > until) return false;
    const g = this.g;
    this.poppedTime = f[0];
    this.poppedHandler = g[HANDLER];
    this.poppedArg = g[ARG];
    this.poppedTag = g[TAG];
    this.hole = true;
    return true;
  }

  /** Calls fn for every entry, in no particular order (for diagnostics: what a runaway run is busy with). */
  forEach(fn: (time: number, handler: number, arg: number, tag: number) => void): void {
    for (let i = this.hole ? 1 : 0; i < this.n; i++) fn(this.f[i * SLOT], this.g[2 * SLOT * i + HANDLER], this.g[2 * SLOT * i + ARG], this.g[2 * SLOT * i + TAG]);
    const far = this.far;
    for (let i = 0; i < far.n; i++) fn(far.f[i * SLOT], far.g[2 * SLOT * i + HANDLER], far.g[2 * SLOT * i + ARG], far.g[2 * SLOT * i + TAG]);
  }

  clear(): void {
    this.n = 0;
    this.hole = false;
    this.far.n = 0;
  }

  /** Out of line, so that push stays small: an entry set more than FAR_H ahead. */
  private pushFar(time: number, handler: number, arg: number, tag: number): void {
    const far = this.far;
    if (far.n * SLOT === far.f.length) far.grow(this.room(far.f.length / SLOT));
    far.push(time, this.nextSeq++, handler, arg, tag);
  }

  /** The far heap's root is the earliest entry: popped if due by `until`. */
  private popFar(until: number): boolean {
    const far = this.far;
    if (far.f[0] > until) return false;
    this.poppedTime = far.f[0];
    this.poppedHandler = far.g[HANDLER];
    this.poppedArg = far.g[ARG];
    this.poppedTag = far.g[TAG];
    far.removeRoot();
    return true;
  }

  /**
   * The slots a heap of `slots` may grow to: double, but the two heaps' slots
   * together never beyond `limit` (past it, onFull).
   */
  private room(slots: number): number {
    const total = (this.f.length + this.far.f.length) / SLOT;
    if (total >= this.limit) this.onFull();
    return Math.max(slots + 1, Math.min(slots * 2, slots + (this.limit - total)));
  }

  /** Refills the hole at the root with the last entry (the second half of a plain pop). */
  private fillHole(): void {
    this.hole = false;
    const last = --this.n;
    if (last > 0) this.sink(last);
  }

  /** Sifts the entry in slot i (the last one) up to its place. */
  private rise(i: number): void {
    siftUp(this.f, this.g, i);
  }

  /**
   * Moves the entry in slot `from` (at or past the end of the heap, slots 1..n-1)
   * into the empty root slot and sifts it down.
   */
  private sink(from: number): void {
    siftDown(this.f, this.g, this.n, from);
  }

  private grow(): void {
    const f = new Float64Array(this.room(this.f.length / SLOT) * SLOT);
    f.set(this.f);
    this.f = f;
    this.g = new Int32Array(f.buffer);
  }
}

/** Copies slot `from` to slot `to` (the integers through their own view: copying them as a double could alter a NaN's bits). */
function move(f: Float64Array, g: Int32Array, from: number, to: number): void {
  f[to * SLOT] = f[from * SLOT];
  f[to * SLOT + 1] = f[from * SLOT + 1];
  g[2 * SLOT * to + HANDLER] = g[2 * SLOT * from + HANDLER];
  g[2 * SLOT * to + ARG] = g[2 * SLOT * from + ARG];
  g[2 * SLOT * to + TAG] = g[2 * SLOT * from + TAG];
}

/**
 * The far entries of an EventList: a plain binary min-heap on (time, sequence),
 * in slots like the near one's. Only EventList uses it.
 */
class FarHeap {
  f = new Float64Array(16 * SLOT);
  g = new Int32Array(this.f.buffer);
  n = 0;

  /** Whether the root comes before the entry (t, s). */
  before(t: number, s: number): boolean {
    const rt = this.f[0];
    return rt < t || (rt === t && this.f[1] < s);
  }

  /** Adds an entry (the caller made room): staged in the slot past the heap, then sifted up. */
  push(t: number, s: number, h: number, a: number, tg: number): void {
    const i = this.n++;
    this.f[i * SLOT] = t;
    this.f[i * SLOT + 1] = s;
    this.g[2 * SLOT * i + HANDLER] = h;
    this.g[2 * SLOT * i + ARG] = a;
    this.g[2 * SLOT * i + TAG] = tg;
    siftUp(this.f, this.g, i);
  }

  /** Removes the root: the last entry takes its place and sifts down. */
  removeRoot(): void {
    const n = --this.n;
    if (n > 0) siftDown(this.f, this.g, n, n);
  }

  /** Grows to `slots` slots. */
  grow(slots: number): void {
    const f = new Float64Array(slots * SLOT);
    f.set(this.f);
    this.f = f;
    this.g = new Int32Array(f.buffer);
  }
}

/**
 * The two sifts of both heaps, on slot indices only: the entry to place is read
 * from its slot here, so no float time or sequence crosses a call (it would be
 * boxed). siftUp places the entry in slot i among slots 0..i; siftDown moves the
 * entry in slot `from` (at or past the end of a heap of n) into the empty root.
 */
function siftUp(f: Float64Array, g: Int32Array, i: number): void {
  const t = f[i * SLOT], s = f[i * SLOT + 1];
  const h = g[2 * SLOT * i + HANDLER], a = g[2 * SLOT * i + ARG], tg = g[2 * SLOT * i + TAG];
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pt = f[p * SLOT];
    if (pt < t || (pt === t && f[p * SLOT + 1] < s)) break;
    move(f, g, p, i);
    i = p;
  }
  // Written out rather than a call: the float time and sequence would be boxed to cross one.
  f[i * SLOT] = t;
  f[i * SLOT + 1] = s;
  g[2 * SLOT * i + HANDLER] = h;
  g[2 * SLOT * i + ARG] = a;
  g[2 * SLOT * i + TAG] = tg;
}

function siftDown(f: Float64Array, g: Int32Array, n: number, from: number): void {
  const t = f[from * SLOT], s = f[from * SLOT + 1];
  const h = g[2 * SLOT * from + HANDLER], a = g[2 * SLOT * from + ARG], tg = g[2 * SLOT * from + TAG];
  const half = n >> 1;
  let i = 0;
  while (i < half) {
    let c = 2 * i + 1;
    const r = c + 1;
    if (r < n) {
      const rt = f[r * SLOT], lt = f[c * SLOT];
      if (rt < lt || (rt === lt && f[r * SLOT + 1] < f[c * SLOT + 1])) c = r;
    }
    const ct = f[c * SLOT];
    if (t < ct || (t === ct && s < f[c * SLOT + 1])) break;
    move(f, g, c, i);
    i = c;
  }
  // Written out rather than a call: the float time and sequence would be boxed to cross one.
  f[i * SLOT] = t;
  f[i * SLOT + 1] = s;
  g[2 * SLOT * i + HANDLER] = h;
  g[2 * SLOT * i + ARG] = a;
  g[2 * SLOT * i + TAG] = tg;
}
