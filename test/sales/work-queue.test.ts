import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { better, Work, WorkQueue } from '../../src/sales/work.js';

/**
 * The sales organization's queue: smallest (key, seq) first, and an item can be
 * taken out from anywhere (patience ran out, a phase re-routes it, a leaver's
 * queue goes back to routing). Against a sorted list, under random pushes, pops
 * and removals; every item always knows where it is.
 */
type Op = { kind: 'push'; key: number } | { kind: 'pop' } | { kind: 'remove'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('push' as const), key: fc.integer({ min: -2, max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(1000) }) },
);

describe('WorkQueue (the queue with removal)', () => {
  it('serves by (key, seq) whatever was removed, and keeps every position right (property)', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const q = new WorkQueue();
      let reference: Work[] = [];
      let seq = 0;
      let id = 0;
      const order = (a: Work, b: Work) => a.key - b.key || a.seq - b.seq;
      for (const o of ops) {
        if (o.kind === 'push') {
          const w = new Work(id++);
          w.key = o.key;
          w.seq = seq++;
          q.push(w);
          reference.push(w);
          reference.sort(order);
        } else if (o.kind === 'pop') {
          const head = q.peek();
          expect(head).toBe(reference[0]);
          if (head !== undefined) {
            q.remove(head);
            reference.shift();
          }
        } else if (reference.length > 0) {
          const w = reference[o.pick % reference.length];
          q.remove(w);
          expect(w.queue).toBeNull();
          expect(w.pos).toBe(-1);
          reference = reference.filter((x) => x !== w);
        }
        expect(q.length).toBe(reference.length);
        q.heap.forEach((w, i) => {
          expect(w.pos).toBe(i);
          expect(w.queue).toBe(q);
        });
      }
      // Drained in order.
      const out: Work[] = [];
      for (let w = q.peek(); w !== undefined; w = q.peek()) { out.push(w); q.remove(w); }
      expect(out).toEqual(reference);
    }));
  });

  it('better() picks the smaller (key, seq), and an empty side loses', () => {
    const a = new Work(0); a.key = 1; a.seq = 5;
    const b = new Work(1); b.key = 1; b.seq = 3;
    expect(better(a, b)).toBe(b);
    expect(better(undefined, a)).toBe(a);
    expect(better(a, undefined)).toBe(a);
  });
});
