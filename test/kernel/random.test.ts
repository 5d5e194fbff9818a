import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mean } from 'simple-statistics';
import { RandomStreams, replicationSeed } from '../../src/kernel/random.js';

const take = (rng: () => number, n: number) => Array.from({ length: n }, () => rng());

describe('RandomStreams', () => {
  it('the same seed and name give identical sequences in separate instances', () => {
    for (const seed of [0, 42, 'study', replicationSeed(7, 3)]) {
      const a = take(new RandomStreams(seed).stream('arrivals:lead'), 1000);
      const b = take(new RandomStreams(seed).stream('arrivals:lead'), 1000);
      expect(a).toEqual(b);
    }
  });

  it('different names and different seeds give different sequences', () => {
    const s = new RandomStreams(1);
    const a = take(s.stream('a'), 50);
    const b = take(s.stream('b'), 50);
    const c = take(new RandomStreams(2).stream('a'), 50);
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
    // Not merely shifted copies of each other either.
    expect(b.filter((x) => a.includes(x))).toEqual([]);
    expect(c.filter((x) => a.includes(x))).toEqual([]);
  });

  it('number and string seeds that print the same are the same seed', () => {
    expect(take(new RandomStreams(5).stream('x'), 20)).toEqual(take(new RandomStreams('5').stream('x'), 20));
  });

  it('stream(name) returns the same stream object: draws continue rather than restart', () => {
    const s = new RandomStreams(3);
    const first = s.stream('x');
    expect(s.stream('x')).toBe(first);
    const a = take(s.stream('x'), 5);
    const b = take(s.stream('x'), 5);
    const all = take(new RandomStreams(3).stream('x'), 10);
    expect([...a, ...b]).toEqual(all);
  });

  it('names() lists the streams handed out, sorted', () => {
    const s = new RandomStreams(1);
    expect(s.names()).toEqual([]);
    s.stream('zeta');
    s.stream('alpha');
    s.stream('zeta');
    s.stream('mid');
    expect(s.names()).toEqual(['alpha', 'mid', 'zeta']);
  });

  it('draws lie in [0, 1) and look uniform', () => {
    const xs = take(new RandomStreams('u').stream('u'), 100_000);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(mean(xs) - 0.5)).toBeLessThan(4.5 * Math.sqrt(1 / 12 / xs.length));
    const deciles = new Array(10).fill(0);
    for (const x of xs) deciles[Math.floor(x * 10)]++;
    for (const d of deciles) expect(Math.abs(d - 10_000)).toBeLessThan(4.5 * Math.sqrt(10_000 * 0.9));
  });

  it('property: creating and interleaving streams in any order does not change any stream\'s draws (common random numbers)', () => {
    const names = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.string()),
        names,
        fc.array(fc.nat(), { maxLength: 200 }),
        (seed, streamNames, schedule) => {
          // Reference: each stream drawn alone, in a fresh instance.
          const alone = new Map(streamNames.map((n) => [n, take(new RandomStreams(seed).stream(n), 200)] as const));
          // Same streams created and drawn in an arbitrary interleaving in one instance.
          const shared = new RandomStreams(seed);
          const drawn = new Map<string, number[]>(streamNames.map((n) => [n, []]));
          for (const pick of schedule) {
            const n = streamNames[pick % streamNames.length];
            drawn.get(n)!.push(shared.stream(n)());
          }
          for (const n of streamNames) {
            const got = drawn.get(n)!;
            expect(got).toEqual(alone.get(n)!.slice(0, got.length));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('replicationSeed', () => {
  it('is deterministic and distinct per replication and per study seed', () => {
    expect(replicationSeed(1, 0)).toBe(replicationSeed(1, 0));
    const seeds = new Set<string>();
    for (const s of [1, 2, 'x']) for (let r = 0; r < 50; r++) seeds.add(replicationSeed(s, r));
    expect(seeds.size).toBe(150);
    // Replication streams differ from each other.
    const a = take(new RandomStreams(replicationSeed(1, 0)).stream('s'), 10);
    const b = take(new RandomStreams(replicationSeed(1, 1)).stream('s'), 10);
    expect(a).not.toEqual(b);
  });
});
