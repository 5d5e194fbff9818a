import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventList, FAR_H } from '../../src/kernel/event-list.js';

/** Uniform on [lo, hi] (fc.double picks uniformly among representable doubles, which crowds near 0). */
const uniform = (lo: number, hi: number) => fc.integer({ min: 0, max: 1_000_000_000 }).map((k) => lo + ((hi - lo) * k) / 1e9);

interface Entry {
  time: number;
  handler: number;
  arg: number;
  tag: number;
  /** Insertion index: the tie-breaker the list must honour. */
  seq: number;
}

/** Reference model: an array scanned for the smallest (time, seq). */
class ReferenceList {
  private entries: Entry[] = [];
  private nextSeq = 0;
  push(time: number, handler: number, arg: number, tag: number): void {
    this.entries.push({ time, handler, arg, tag, seq: this.nextSeq++ });
  }
  private best(): number {
    let best = 0;
    for (let i = 1; i < this.entries.length; i++) {
      const e = this.entries[i], b = this.entries[best];
      if (e.time < b.time || (e.time === b.time && e.seq < b.seq)) best = i;
    }
    return best;
  }
  pop(): Entry | undefined {
    if (this.entries.length === 0) return undefined;
    return this.entries.splice(this.best(), 1)[0];
  }
  get size(): number {
    return this.entries.length;
  }
  peekTime(): number {
    return this.entries.length === 0 ? Infinity : this.entries[this.best()].time;
  }
}

const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
/** Times drawn from a small set (many ties) or from a wide range of doubles. */
const time = fc.oneof(
  fc.integer({ min: 0, max: 8 }),
  uniform(-100, 100),
  fc.double({ min: -1e9, max: 1e9, noNaN: true }),
);
const pushOp = fc.record({ kind: fc.constant('push' as const), time, handler: int32, arg: int32, tag: int32 });
const popOp = fc.record({ kind: fc.constant('pop' as const) });
const ops = fc.array(fc.oneof({ weight: 3, arbitrary: pushOp }, { weight: 2, arbitrary: popOp }), { maxLength: 400 });
type Op = (typeof ops extends fc.Arbitrary<(infer T)[]> ? T : never);

function popEntry(list: EventList): Omit<Entry, 'seq'> | undefined {
  if (!list.pop()) return undefined;
  return { time: list.poppedTime, handler: list.poppedHandler, arg: list.poppedArg, tag: list.poppedTag };
}

describe('EventList', () => {
  it('starts empty: size 0, peekTime Infinity, pop() false', () => {
    const list = new EventList();
    expect(list.size).toBe(0);
    expect(list.peekTime()).toBe(Infinity);
    expect(list.pop()).toBe(false);
  });

  it('keeps all four fields of an entry together', () => {
    const list = new EventList();
    list.push(5, 1, 2, 3);
    list.push(1, 4, 5, 6);
    list.push(3, 7, 8, 9);
    expect(list.size).toBe(3);
    expect(list.peekTime()).toBe(1);
    expect(popEntry(list)).toEqual({ time: 1, handler: 4, arg: 5, tag: 6 });
    expect(popEntry(list)).toEqual({ time: 3, handler: 7, arg: 8, tag: 9 });
    expect(popEntry(list)).toEqual({ time: 5, handler: 1, arg: 2, tag: 3 });
    expect(list.size).toBe(0);
    expect(list.pop()).toBe(false);
  });

  it('clear() empties the list', () => {
    const list = new EventList();
    for (let i = 0; i < 10; i++) list.push(i, 0, i, 0);
    list.clear();
    expect(list.size).toBe(0);
    expect(list.peekTime()).toBe(Infinity);
    expect(list.pop()).toBe(false);
    list.push(2, 0, 7, 0);
    expect(popEntry(list)?.arg).toBe(7);
  });

  /**
   * Replays push/pop operations on the list and the reference model, comparing
   * every pop. With `peek`, size and next time are compared after each operation;
   * without, nothing touches the list between operations, so a push lands straight
   * in the hole a pop left (peeking would refill it first).
   */
  function replay(sequence: Op[], capacity: number, peek: boolean): { list: EventList; ref: ReferenceList } {
    const list = new EventList(capacity);
    const ref = new ReferenceList();
    for (const op of sequence) {
      if (op.kind === 'push') {
        list.push(op.time, op.handler, op.arg, op.tag);
        ref.push(op.time, op.handler, op.arg, op.tag);
      } else {
        const want = ref.pop();
        const got = popEntry(list);
        if (want === undefined) expect(got).toBeUndefined();
        else expect(got).toEqual({ time: want.time, handler: want.handler, arg: want.arg, tag: want.tag });
        if (!peek) expect(list.size).toBe(ref.size);
      }
      if (peek) {
        expect(list.size).toBe(ref.size);
        expect(list.peekTime()).toBe(ref.peekTime());
      }
    }
    return { list, ref };
  }

  it('property: matches a reference model under arbitrary pushes and pops', () => {
    fc.assert(fc.property(ops, fc.integer({ min: 0, max: 40 }), (sequence, capacity) => { replay(sequence, capacity, true); }), { numRuns: 300 });
  });

  it('property: matches the reference model when pushes follow pops directly (the hole a pop leaves is filled by the push)', () => {
    fc.assert(
      fc.property(ops, fc.integer({ min: 0, max: 12 }), (sequence, capacity) => {
        const { list, ref } = replay(sequence, capacity, false);
        const rest: number[] = [];
        while (list.pop()) rest.push(list.poppedArg);
        const want: number[] = [];
        for (let e = ref.pop(); e !== undefined; e = ref.pop()) want.push(e.arg);
        expect(rest).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('clear() after a pop leaves an empty list that fills again correctly', () => {
    const list = new EventList(4);
    for (let k = 0; k < 4; k++) list.push(k, 0, k, 0);
    expect(list.pop()).toBe(true);
    list.clear();
    expect(list.size).toBe(0);
    list.push(5, 0, 50, 0);
    list.push(3, 0, 30, 0);
    expect(popEntry(list)).toEqual({ time: 3, handler: 0, arg: 30, tag: 0 });
    expect(popEntry(list)).toEqual({ time: 5, handler: 0, arg: 50, tag: 0 });
    expect(list.pop()).toBe(false);
  });

  it('property: draining gives the entries sorted by (time, insertion index)', () => {
    fc.assert(
      fc.property(fc.array(time, { maxLength: 300 }), (times) => {
        const list = new EventList(4);
        times.forEach((t, i) => list.push(t, 0, i, 0));
        const expected = times
          .map((t, i) => ({ t, i }))
          .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i))
          .map((e) => e.i);
        const got: number[] = [];
        while (list.pop()) got.push(list.poppedArg);
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('property: with pushes never earlier than the last pop (as in a simulation), popped times never go back', () => {
    const simOps = fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('push' as const), delay: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), uniform(0, 100), fc.double({ min: 0, max: 100, noNaN: true })) }),
        fc.record({ kind: fc.constant('pop' as const) }),
      ),
      { maxLength: 500 },
    );
    fc.assert(
      fc.property(simOps, (sequence) => {
        const list = new EventList(4);
        let now = 0;
        let pops = 0;
        for (const op of sequence) {
          if (op.kind === 'push') list.push(now + op.delay, 0, 0, 0);
          else if (list.pop()) {
            expect(list.poppedTime).toBeGreaterThanOrEqual(now);
            now = list.poppedTime;
            pops++;
          }
        }
        while (list.pop()) {
          expect(list.poppedTime).toBeGreaterThanOrEqual(now);
          now = list.poppedTime;
          pops++;
        }
        expect(pops).toBe(sequence.filter((o) => o.kind === 'push').length);
      }),
      { numRuns: 300 },
    );
  });

  it('property: entries with equal times come out in insertion order, even interleaved with pops', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(-1)), { maxLength: 400 }),
        (sequence) => {
          // -1 means pop; otherwise push at that time with arg = insertion index.
          const list = new EventList(4);
          let index = 0;
          const lastArgAtTime = new Map<number, number>();
          const check = () => {
            const prev = lastArgAtTime.get(list.poppedTime);
            if (prev !== undefined) expect(list.poppedArg).toBeGreaterThan(prev);
            lastArgAtTime.set(list.poppedTime, list.poppedArg);
          };
          for (const s of sequence) {
            if (s >= 0) list.push(s, 0, index++, 0);
            else if (list.pop()) check();
          }
          while (list.pop()) check();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('grows past its initial capacity without losing or reordering entries', () => {
    const list = new EventList(4);
    const n = 5000;
    // A deterministic scramble of times with many ties.
    const times = Array.from({ length: n }, (_, i) => (i * 7919) % 101);
    times.forEach((t, i) => list.push(t, i % 3, i, 1 - i));
    expect(list.size).toBe(n);
    const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
    for (const e of expected) {
      expect(list.pop()).toBe(true);
      expect(list.poppedTime).toBe(e.t);
      expect(list.poppedArg).toBe(e.i);
      expect(list.poppedHandler).toBe(e.i % 3);
      expect(list.poppedTag).toBe(1 - e.i);
    }
    expect(list.pop()).toBe(false);
  });

  it('grows correctly when pushes and pops interleave around the capacity boundary', () => {
    const list = new EventList(4);
    const ref = new ReferenceList();
    for (let round = 0; round < 50; round++) {
      for (let k = 0; k < 7; k++) {
        const t = (round * 13 + k * 5) % 17;
        list.push(t, 0, round * 7 + k, 0);
        ref.push(t, 0, round * 7 + k, 0);
      }
      for (let k = 0; k < 5; k++) {
        expect(list.pop()).toBe(true);
        expect(list.poppedArg).toBe(ref.pop()!.arg);
      }
    }
    expect(list.size).toBe(ref.size);
  });

  it('an entry set more than FAR_H ahead (the far heap) and one set later at the same time (the near heap) come out in insertion order', () => {
    const list = new EventList(4);
    const t = 10 + FAR_H - 4;
    list.push(10, 0, 1, 0);
    list.push(t, 0, 2, 0); // more than FAR_H after the last pop (none yet: 0): far
    expect(popEntry(list)?.arg).toBe(1); // now 10
    list.push(t, 0, 3, 0); // within FAR_H of 10: near, tied with 2
    list.push(t - 1, 0, 4, 0);
    list.push(10 + 2 * FAR_H, 0, 5, 0); // far again
    expect(list.size).toBe(4);
    expect(list.peekTime()).toBe(t - 1);
    const order: number[] = [];
    while (list.pop()) order.push(list.poppedArg);
    expect(order).toEqual([4, 2, 3, 5]);
  });

  it('property: a simulation-like mix of near and far entries (delays up to several FAR_H) matches the reference model', () => {
    const delays = fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('push' as const), delay: fc.oneof(fc.constant(FAR_H), fc.integer({ min: 0, max: 4 * FAR_H }), uniform(0, 4 * FAR_H)) }),
        fc.record({ kind: fc.constant('pop' as const) }),
      ),
      { maxLength: 400 },
    );
    fc.assert(
      fc.property(delays, (sequence) => {
        const list = new EventList(4);
        const ref = new ReferenceList();
        let now = 0;
        let id = 0;
        for (const op of sequence) {
          if (op.kind === 'push') {
            list.push(now + op.delay, 0, id, 0);
            ref.push(now + op.delay, 0, id++, 0);
          } else {
            const want = ref.pop();
            expect(list.pop()).toBe(want !== undefined);
            if (want !== undefined) {
              expect(list.poppedArg).toBe(want.arg);
              now = list.poppedTime;
            }
          }
          expect(list.size).toBe(ref.size);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the limit counts the entries of both heaps', () => {
    const list = new EventList(4);
    list.limit = 64;
    let full = false;
    list.onFull = () => { full = true; throw new Error('full'); };
    expect(() => {
      for (let i = 0; ; i++) list.push(i % 2 === 0 ? 1 : 10 * FAR_H, 0, i, 0);
    }).toThrow('full');
    expect(full).toBe(true);
    expect(list.size).toBeLessThanOrEqual(64);
    expect(list.size).toBeGreaterThan(32);
  });
});
