import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FifoLine, PriorityLine, type WaitingLine } from '../../src/kernel/waiting-line.js';

const ITEMS = 40;

type Op =
  | { kind: 'push'; item: number; key: number; seq: number }
  | { kind: 'pushFront'; item: number; key: number; seq: number }
  | { kind: 'pop' }
  | { kind: 'discard'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('push' as const), item: fc.nat(ITEMS - 1), key: fc.integer({ min: -3, max: 3 }), seq: fc.integer({ min: 0, max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pushFront' as const), item: fc.nat(ITEMS - 1), key: fc.integer({ min: -3, max: 3 }), seq: fc.integer({ min: 0, max: 5 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('discard' as const), pick: fc.nat(1000) }) },
);

interface Live { item: number; key: number; seq: number }

/**
 * Drives a line and a reference model (the list of live entries, in service order)
 * through the same operations. Items are small integers, so items return to the line
 * after being served or discarded: stale entries and live entries of the same item
 * coexist, which is what tokens are for. An item is pushed only when it has no live
 * entry. `order` puts a pushed entry into the reference list.
 */
function runModel(
  line: WaitingLine,
  ops: Op[],
  insert: (live: Live[], e: Live, front: boolean) => void,
): void {
  const tokens = new Int32Array(ITEMS);
  let live: Live[] = [];
  let counter = 0;
  for (const op of ops) {
    switch (op.kind) {
      case 'push':
      case 'pushFront': {
        if (live.some((e) => e.item === op.item)) break;
        // Unique seq (ties on key broken by seq), but not in push order.
        const e = { item: op.item, key: op.key, seq: op.seq * 10_000 + counter++ };
        if (op.kind === 'push') line.push(e.item, tokens[e.item], e.key, e.seq);
        else line.pushFront(e.item, tokens[e.item], e.key, e.seq);
        insert(live, e, op.kind === 'pushFront');
        break;
      }
      case 'pop': {
        const want = live.length === 0 ? -1 : live.shift()!.item;
        expect(line.pop(tokens)).toBe(want);
        break;
      }
      case 'discard': {
        if (live.length === 0) break;
        const [gone] = live.splice(op.pick % live.length, 1);
        tokens[gone.item]++;
        line.discard();
        break;
      }
    }
    expect(line.length).toBe(live.length);
  }
  // Draining returns the rest in order, then -1.
  for (const e of live) expect(line.pop(tokens)).toBe(e.item);
  expect(line.pop(tokens)).toBe(-1);
  expect(line.length).toBe(0);
  live = [];
}

const fifoInsert = (live: Live[], e: Live, front: boolean) => { if (front) live.unshift(e); else live.push(e); };
const priorityInsert = (live: Live[], e: Live) => {
  live.push(e);
  live.sort((a, b) => a.key - b.key || a.seq - b.seq);
};

describe('FifoLine', () => {
  it('serves in arrival order, pushFront first, -1 when empty', () => {
    const line: WaitingLine = new FifoLine();
    const tokens = new Int32Array(10);
    expect(line.pop(tokens)).toBe(-1);
    line.push(1, 0, 0, 0);
    line.push(2, 0, 0, 0);
    line.pushFront(3, 0, 0, 0);
    line.push(4, 0, 0, 0);
    expect(line.length).toBe(4);
    expect([line.pop(tokens), line.pop(tokens), line.pop(tokens), line.pop(tokens), line.pop(tokens)]).toEqual([3, 1, 2, 4, -1]);
  });

  it('skips stale entries and discard() keeps length right', () => {
    const line: WaitingLine = new FifoLine();
    const tokens = new Int32Array(10);
    for (let i = 0; i < 5; i++) line.push(i, 0, 0, 0);
    tokens[0]++; line.discard();
    tokens[3]++; line.discard();
    expect(line.length).toBe(3);
    expect(line.pop(tokens)).toBe(1);
    expect(line.pop(tokens)).toBe(2);
    expect(line.length).toBe(1);
    expect(line.pop(tokens)).toBe(4);
    expect(line.pop(tokens)).toBe(-1);
    expect(line.length).toBe(0);
  });

  it('grows past its initial capacity with the ring buffer wrapped', () => {
    const line: WaitingLine = new FifoLine();
    const tokens = new Int32Array(200);
    // Advance the head so the buffer wraps, then grow with pushes and pushFronts.
    for (let i = 0; i < 10; i++) line.push(i, 0, 0, 0);
    for (let i = 0; i < 10; i++) expect(line.pop(tokens)).toBe(i);
    for (let i = 0; i < 100; i++) line.push(i, 0, 0, 0);
    for (let i = 100; i < 150; i++) line.pushFront(i, 0, 0, 0);
    expect(line.length).toBe(150);
    for (let i = 149; i >= 100; i--) expect(line.pop(tokens)).toBe(i);
    for (let i = 0; i < 100; i++) expect(line.pop(tokens)).toBe(i);
    expect(line.pop(tokens)).toBe(-1);
  });

  it('property: matches a FIFO reference under random push/pushFront/pop/discard', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => runModel(new FifoLine(), ops, fifoInsert)),
      { numRuns: 500 },
    );
  });
});

describe('PriorityLine', () => {
  it('serves the smallest key first, ties by smallest seq', () => {
    const line = new PriorityLine();
    const tokens = new Int32Array(10);
    line.push(0, 0, 5, 1);
    line.push(1, 0, 2, 9);
    line.push(2, 0, 2, 3);
    line.push(3, 0, -1, 7);
    line.pushFront(4, 0, 5, 0);
    expect(line.length).toBe(5);
    const out = [];
    for (let i = 0; i < 6; i++) out.push(line.pop(tokens));
    expect(out).toEqual([3, 2, 1, 4, 0, -1]);
  });

  it('pushFront keeps the (key, seq) order rather than jumping the queue', () => {
    const line = new PriorityLine();
    const tokens = new Int32Array(10);
    line.push(0, 0, 1, 1);
    line.pushFront(1, 0, 2, 0);
    expect(line.pop(tokens)).toBe(0);
    expect(line.pop(tokens)).toBe(1);
  });

  it('skips stale entries, including a stale copy of an item that is live again', () => {
    const line = new PriorityLine();
    const tokens = new Int32Array(10);
    line.push(7, 0, 1, 0);
    line.push(8, 0, 2, 1);
    tokens[7]++; line.discard();
    line.push(7, tokens[7], 3, 2);
    expect(line.length).toBe(2);
    expect(line.pop(tokens)).toBe(8);
    expect(line.pop(tokens)).toBe(7);
    expect(line.pop(tokens)).toBe(-1);
    expect(line.length).toBe(0);
  });

  it('grows past its initial capacity', () => {
    const line = new PriorityLine();
    const tokens = new Int32Array(1000);
    const keys = Array.from({ length: 1000 }, (_, i) => (i * 37) % 101);
    keys.forEach((k, i) => line.push(i, 0, k, i));
    const expected = keys.map((k, i) => ({ k, i })).sort((a, b) => a.k - b.k || a.i - b.i).map((e) => e.i);
    const got = [];
    for (let i = 0; i < 1000; i++) got.push(line.pop(tokens));
    expect(got).toEqual(expected);
    expect(line.pop(tokens)).toBe(-1);
  });

  it('property: matches a (key, seq)-sorted reference under random push/pushFront/pop/discard', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => runModel(new PriorityLine(), ops, priorityInsert)),
      { numRuns: 500 },
    );
  });
});
