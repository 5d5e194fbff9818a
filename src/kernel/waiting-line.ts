/**
 * Queues of work items waiting for a server, in three disciplines.
 *
 * Entries are (item, token) pairs. An item that leaves a line early (it abandons,
 * or is pulled elsewhere) is not searched for: its owner bumps the item's token,
 * calls discard(), and the stale entry is skipped when it reaches the head. That
 * keeps every operation O(1) or O(log n) and allocation-free.
 */
export interface WaitingLine {
  /** Number of live entries. */
  readonly length: number;
  /**
   * Adds an item. `key` orders priority lines (smaller first) and `seq` breaks ties
   * (smaller first); FIFO lines ignore both.
   */
  push(item: number, token: number, key: number, seq: number): void;
  /** Puts an item back at the head (a preempted or suspended item resumes first). */
  pushFront(item: number, token: number, key: number, seq: number): void;
  /** Removes and returns the head's item, skipping stale entries; -1 when empty. */
  pop(tokens: Int32Array): number;
  /** Records that one live entry went stale. */
  discard(): void;
}

/** First in, first out: a growable ring buffer. */
export class FifoLine implements WaitingLine {
  private items = new Int32Array(16);
  private tokens = new Int32Array(16);
  private head = 0;
  private size = 0;
  length = 0;

  push(item: number, token: number): void {
    if (this.size === this.items.length) this.grow();
    const i = (this.head + this.size) & (this.items.length - 1);
    this.items[i] = item;
    this.tokens[i] = token;
    this.size++;
    this.length++;
  }

  pushFront(item: number, token: number): void {
    if (this.size === this.items.length) this.grow();
    this.head = (this.head - 1) & (this.items.length - 1);
    this.items[this.head] = item;
    this.tokens[this.head] = token;
    this.size++;
    this.length++;
  }

  pop(tokens: Int32Array): number {
    const mask = this.items.length - 1;
    while (this.size > 0) {
      const item = this.items[this.head];
      const token = this.tokens[this.head];
      this.head = (this.head + 1) & mask;
      this.size--;
      if (tokens[item] === token) {
        this.length--;
        return item;
      }
    }
    return -1;
  }

  discard(): void {
    this.length--;
  }

  private grow(): void {
    const n = this.items.length;
    const items = new Int32Array(n * 2);
    const tokens = new Int32Array(n * 2);
    for (let k = 0; k < this.size; k++) {
      items[k] = this.items[(this.head + k) & (n - 1)];
      tokens[k] = this.tokens[(this.head + k) & (n - 1)];
    }
    this.items = items;
    this.tokens = tokens;
    this.head = 0;
  }
}

/**
 * Smallest key first, ties by sequence: serves "highest value first" (key = -value)
 * and "earliest due date" (key = due time). A binary heap in typed arrays.
 */
export class PriorityLine implements WaitingLine {
  private key = new Float64Array(16);
  private seq = new Float64Array(16);
  private items = new Int32Array(16);
  private tokens = new Int32Array(16);
  private n = 0;
  length = 0;

  push(item: number, token: number, key: number, seq: number): void {
    if (this.n === this.items.length) this.grow();
    const K = this.key, S = this.seq, I = this.items, T = this.tokens;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (K[p] < key || (K[p] === key && S[p] < seq)) break;
      K[i] = K[p]; S[i] = S[p]; I[i] = I[p]; T[i] = T[p];
      i = p;
    }
    K[i] = key; S[i] = seq; I[i] = item; T[i] = token;
    this.length++;
  }

  pushFront(item: number, token: number, key: number, seq: number): void {
    // Order is by (key, seq): an item that resumes keeps its original place.
    this.push(item, token, key, seq);
  }

  pop(tokens: Int32Array): number {
    while (this.n > 0) {
      const item = this.items[0];
      const live = tokens[item] === this.tokens[0];
      this.removeRoot();
      if (live) {
        this.length--;
        return item;
      }
    }
    return -1;
  }

  discard(): void {
    this.length--;
  }

  private removeRoot(): void {
    const last = --this.n;
    if (last === 0) return;
    const K = this.key, S = this.seq, I = this.items, T = this.tokens;
    const k = K[last], s = S[last], it = I[last], tk = T[last];
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      if (r < last && (K[r] < K[c] || (K[r] === K[c] && S[r] < S[c]))) c = r;
      if (k < K[c] || (k === K[c] && s < S[c])) break;
      K[i] = K[c]; S[i] = S[c]; I[i] = I[c]; T[i] = T[c];
      i = c;
    }
    K[i] = k; S[i] = s; I[i] = it; T[i] = tk;
  }

  private grow(): void {
    const c = this.items.length * 2;
    const f = (a: Float64Array) => { const b = new Float64Array(c); b.set(a); return b; };
    const g = (a: Int32Array) => { const b = new Int32Array(c); b.set(a); return b; };
    this.key = f(this.key);
    this.seq = f(this.seq);
    this.items = g(this.items);
    this.tokens = g(this.tokens);
  }
}
