/**
 * The future-event list: a binary min-heap keyed by (time, insertion sequence).
 *
 * Entries live in parallel typed arrays instead of objects so that scheduling and
 * popping allocate nothing; ties on time are broken by the sequence number, which
 * makes the order of simultaneous events the order in which they were scheduled
 * (and therefore runs reproducible). An event is three integers for the caller:
 * which handler, an argument (usually a work-item id) and a tag (usually a token
 * that lets a handler recognise a stale, cancelled event).
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

export class EventList {
  private time: Float64Array;
  private seq: Float64Array;
  private handler: Int32Array;
  private arg: Int32Array;
  private tag: Int32Array;
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
    const c = Math.max(4, initialCapacity);
    this.time = new Float64Array(c);
    this.seq = new Float64Array(c);
    this.handler = new Int32Array(c);
    this.arg = new Int32Array(c);
    this.tag = new Int32Array(c);
  }

  get size(): number {
    return (this.hole ? this.n - 1 : this.n) + this.far.n;
  }

  /** Time of the earliest entry, or +Infinity when empty. */
  peekTime(): number {
    if (this.hole) this.fillHole();
    const near = this.n > 0 ? this.time[0] : Infinity;
    return this.far.n > 0 && this.far.time[0] < near ? this.far.time[0] : near;
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
    if (j === this.time.length) this.grow();
    this.time[j] = time;
    this.seq[j] = this.nextSeq++;
    this.handler[j] = handler;
    this.arg[j] = arg;
    this.tag[j] = tag;
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
    const far = this.far;
    if (far.n > 0 && (this.n === 0 || far.before(this.time[0], this.seq[0]))) return this.popFar(until);
    if (this.n === 0 || this.time[0] > until) return false;
    this.poppedTime = this.time[0];
    this.poppedHandler = this.handler[0];
    this.poppedArg = this.arg[0];
    this.poppedTag = this.tag[0];
    this.hole = true;
    return true;
  }

  /** Calls fn for every entry, in no particular order (for diagnostics: what a runaway run is busy with). */
  forEach(fn: (time: number, handler: number, arg: number, tag: number) => void): void {
    for (let i = this.hole ? 1 : 0; i < this.n; i++) fn(this.time[i], this.handler[i], this.arg[i], this.tag[i]);
    const f = this.far;
    for (let i = 0; i < f.n; i++) fn(f.time[i], f.handler[i], f.arg[i], f.tag[i]);
  }

  clear(): void {
    this.n = 0;
    this.hole = false;
    this.far.n = 0;
  }

  /** Out of line, so that push stays small: an entry set more than FAR_H ahead. */
  private pushFar(time: number, handler: number, arg: number, tag: number): void {
    const far = this.far;
    if (far.n === far.time.length) far.grow(this.room(far.time.length));
    far.push(time, this.nextSeq++, handler, arg, tag);
  }

  /** The far heap's root is the earliest entry: popped if due by `until`. */
  private popFar(until: number): boolean {
    const far = this.far;
    if (far.time[0] > until) return false;
    this.poppedTime = far.time[0];
    this.poppedHandler = far.handler[0];
    this.poppedArg = far.arg[0];
    this.poppedTag = far.tag[0];
    far.removeRoot();
    return true;
  }

  /**
   * The capacity a heap of `length` slots may grow to: double, but the two heaps'
   * slots together never beyond `limit` (past it, onFull).
   */
  private room(length: number): number {
    const total = this.time.length + this.far.time.length;
    if (total >= this.limit) this.onFull();
    return Math.max(length + 1, Math.min(length * 2, length + (this.limit - total)));
  }

  /** Refills the hole at the root with the last entry (the second half of a plain pop). */
  private fillHole(): void {
    this.hole = false;
    const last = --this.n;
    if (last > 0) this.sink(last);
  }

  /** Sifts the entry in slot i (the last one) up to its place. */
  private rise(i: number): void {
    const T = this.time, S = this.seq, H = this.handler, A = this.arg, G = this.tag;
    const t = T[i], s = S[i], h = H[i], a = A[i], g = G[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = T[p];
      if (pt < t || (pt === t && S[p] < s)) break;
      T[i] = pt; S[i] = S[p]; H[i] = H[p]; A[i] = A[p]; G[i] = G[p];
      i = p;
    }
    T[i] = t; S[i] = s; H[i] = h; A[i] = a; G[i] = g;
  }

  /**
   * Moves the entry in slot `from` (at or past the end of the heap, slots 1..n-1)
   * into the empty root slot and sifts it down.
   */
  private sink(from: number): void {
    const T = this.time, S = this.seq, H = this.handler, A = this.arg, G = this.tag;
    const t = T[from], s = S[from], h = H[from], a = A[from], g = G[from];
    const n = this.n;
    const half = n >> 1;
    let i = 0;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      if (r < n && (T[r] < T[c] || (T[r] === T[c] && S[r] < S[c]))) c = r;
      const ct = T[c];
      if (t < ct || (t === ct && s < S[c])) break;
      T[i] = ct; S[i] = S[c]; H[i] = H[c]; A[i] = A[c]; G[i] = G[c];
      i = c;
    }
    T[i] = t; S[i] = s; H[i] = h; A[i] = a; G[i] = g;
  }

  private grow(): void {
    const c = this.room(this.time.length);
    const grow64 = (a: Float64Array) => { const b = new Float64Array(c); b.set(a); return b; };
    const grow32 = (a: Int32Array) => { const b = new Int32Array(c); b.set(a); return b; };
    this.time = grow64(this.time);
    this.seq = grow64(this.seq);
    this.handler = grow32(this.handler);
    this.arg = grow32(this.arg);
    this.tag = grow32(this.tag);
  }
}

/**
 * The far entries of an EventList: a plain binary min-heap on (time, sequence),
 * in typed arrays like the near one. Only EventList uses it.
 */
class FarHeap {
  time = new Float64Array(16);
  seq = new Float64Array(16);
  handler = new Int32Array(16);
  arg = new Int32Array(16);
  tag = new Int32Array(16);
  n = 0;

  /** Whether the root comes before the entry (t, s). */
  before(t: number, s: number): boolean {
    const rt = this.time[0];
    return rt < t || (rt === t && this.seq[0] < s);
  }

  /** Adds an entry (the caller made room). */
  push(t: number, s: number, h: number, a: number, g: number): void {
    const T = this.time, S = this.seq, H = this.handler, A = this.arg, G = this.tag;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = T[p];
      if (pt < t || (pt === t && S[p] < s)) break;
      T[i] = pt; S[i] = S[p]; H[i] = H[p]; A[i] = A[p]; G[i] = G[p];
      i = p;
    }
    T[i] = t; S[i] = s; H[i] = h; A[i] = a; G[i] = g;
  }

  /** Removes the root: the last entry takes its place and sifts down. */
  removeRoot(): void {
    const n = --this.n;
    if (n === 0) return;
    const T = this.time, S = this.seq, H = this.handler, A = this.arg, G = this.tag;
    const t = T[n], s = S[n], h = H[n], a = A[n], g = G[n];
    const half = n >> 1;
    let i = 0;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      if (r < n && (T[r] < T[c] || (T[r] === T[c] && S[r] < S[c]))) c = r;
      const ct = T[c];
      if (t < ct || (t === ct && s < S[c])) break;
      T[i] = ct; S[i] = S[c]; H[i] = H[c]; A[i] = A[c]; G[i] = G[c];
      i = c;
    }
    T[i] = t; S[i] = s; H[i] = h; A[i] = a; G[i] = g;
  }

  grow(c: number): void {
    const f64 = (x: Float64Array) => { const y = new Float64Array(c); y.set(x); return y; };
    const i32 = (x: Int32Array) => { const y = new Int32Array(c); y.set(x); return y; };
    this.time = f64(this.time);
    this.seq = f64(this.seq);
    this.handler = i32(this.handler);
    this.arg = i32(this.arg);
    this.tag = i32(this.tag);
  }
}
