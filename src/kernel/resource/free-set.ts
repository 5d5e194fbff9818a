/**
 * A set of small whole numbers (server indices) as a bit per member, walked in
 * ascending order: "the first free person of the role" without looking at every
 * person. Finding the first member at or after i costs one step per 32 indices
 * skipped (Math.clz32 on the word), so a pool of hundreds answers in a few steps
 * where a scan of its people took hundreds.
 *
 * Ascending order matters: a pool that always tries its low-numbered servers
 * first (as a scan of a list of people does) keeps doing so, so replacing such a
 * scan by this set changes no draw and no result.
 */
export class FreeSet {
  private words: Uint32Array;
  /** Members, kept so that `size` costs nothing. */
  size = 0;

  constructor(capacity = 32) {
    this.words = new Uint32Array(Math.max(1, (capacity + 31) >>> 5));
  }

  has(i: number): boolean {
    const w = i >>> 5;
    return w < this.words.length && (this.words[w] & (1 << (i & 31))) !== 0;
  }

  add(i: number): void {
    const w = i >>> 5;
    if (w >= this.words.length) this.grow(w + 1);
    const bit = 1 << (i & 31);
    if ((this.words[w] & bit) === 0) {
      this.words[w] |= bit;
      this.size++;
    }
  }

  delete(i: number): void {
    const w = i >>> 5;
    if (w >= this.words.length) return;
    const bit = 1 << (i & 31);
    if ((this.words[w] & bit) !== 0) {
      this.words[w] &= ~bit;
      this.size--;
    }
  }

  /** Adds i if `member`, else removes it. */
  set(i: number, member: boolean): void {
    if (member) this.add(i);
    else this.delete(i);
  }

  /** The smallest member at or after `from`, or -1. */
  next(from: number): number {
    if (this.size === 0) return -1;
    const words = this.words;
    let w = from >>> 5;
    if (w >= words.length) return -1;
    // Bits below `from` in its word are masked off.
    let bits = words[w] & (~0 << (from & 31));
    for (;;) {
      if (bits !== 0) return (w << 5) + (31 - Math.clz32(bits & -bits));
      if (++w >= words.length) return -1;
      bits = words[w];
    }
  }

  /** The smallest member, or -1. */
  first(): number {
    // A member among the first 32 (every member of a small pool) is found without
    // the walk: asked at every start of service, this keeps the call small.
    const w0 = this.words[0];
    return w0 !== 0 ? 31 - Math.clz32(w0 & -w0) : this.next(32);
  }

  clear(): void {
    this.words.fill(0);
    this.size = 0;
  }

  private grow(words: number): void {
    const next = new Uint32Array(Math.max(words, this.words.length * 2));
    next.set(this.words);
    this.words = next;
  }
}
