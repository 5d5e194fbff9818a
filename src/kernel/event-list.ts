/**
 * The future-event list: a binary min-heap keyed by (time, insertion sequence).
 *
 * Entries live in parallel typed arrays instead of objects so that scheduling and
 * popping allocate nothing; ties on time are broken by the sequence number, which
 * makes the order of simultaneous events the order in which they were scheduled
 * (and therefore runs reproducible). An event is three integers for the caller:
 * which handler, an argument (usually a work-item id) and a tag (usually a token
 * that lets a handler recognise a stale, cancelled event).
 */
export class EventList {
  private time: Float64Array;
  private seq: Float64Array;
  private handler: Int32Array;
  private arg: Int32Array;
  private tag: Int32Array;
  private n = 0;
  private nextSeq = 0;

  /** Fields of the entry removed by the last successful pop(). */
  poppedTime = 0;
  poppedHandler = 0;
  poppedArg = 0;
  poppedTag = 0;

  constructor(initialCapacity = 64) {
    const c = Math.max(4, initialCapacity);
    this.time = new Float64Array(c);
    this.seq = new Float64Array(c);
    this.handler = new Int32Array(c);
    this.arg = new Int32Array(c);
    this.tag = new Int32Array(c);
  }

  get size(): number {
    return this.n;
  }

  /** Time of the earliest entry, or +Infinity when empty. */
  peekTime(): number {
    return this.n > 0 ? this.time[0] : Infinity;
  }

  push(time: number, handler: number, arg: number, tag: number): void {
    if (this.n === this.time.length) this.grow();
    const s = this.nextSeq++;
    // Sift up: move parents down until the slot for the new entry is found.
    let i = this.n++;
    const T = this.time, S = this.seq, H = this.handler, A = this.arg, G = this.tag;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = T[p];
      if (pt < time || (pt === time && S[p] < s)) break;
      T[i] = pt; S[i] = S[p]; H[i] = H[p]; A[i] = A[p]; G[i] = G[p];
      i = p;
    }
    T[i] = time; S[i] = s; H[i] = handler; A[i] = arg; G[i] = tag;
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
    if (this.n === 0 || this.time[0] > until) return false;
    const T = this.time, S = this.seq, H = this.handler, A = this.arg, G = this.tag;
    this.poppedTime = T[0];
    this.poppedHandler = H[0];
    this.poppedArg = A[0];
    this.poppedTag = G[0];
    const last = --this.n;
    if (last === 0) return true;
    const t = T[last], s = S[last], h = H[last], a = A[last], g = G[last];
    // Sift down the former last entry from the root.
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      if (r < last && (T[r] < T[c] || (T[r] === T[c] && S[r] < S[c]))) c = r;
      const ct = T[c];
      if (t < ct || (t === ct && s < S[c])) break;
      T[i] = ct; S[i] = S[c]; H[i] = H[c]; A[i] = A[c]; G[i] = G[c];
      i = c;
    }
    T[i] = t; S[i] = s; H[i] = h; A[i] = a; G[i] = g;
    return true;
  }

  clear(): void {
    this.n = 0;
  }

  private grow(): void {
    const c = this.time.length * 2;
    const grow64 = (a: Float64Array) => { const b = new Float64Array(c); b.set(a); return b; };
    const grow32 = (a: Int32Array) => { const b = new Int32Array(c); b.set(a); return b; };
    this.time = grow64(this.time);
    this.seq = grow64(this.seq);
    this.handler = grow32(this.handler);
    this.arg = grow32(this.arg);
    this.tag = grow32(this.tag);
  }
}
