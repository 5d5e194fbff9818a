import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FreeSet } from '../../src/kernel/resource/free-set.js';
import { TimerLine } from '../../src/kernel/resource/timer-line.js';
import { Simulation } from '../../src/kernel/simulation.js';

describe('FreeSet', () => {
  it('walks its members in ascending order, as a scan of a list of flags would', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(200), fc.boolean()), { maxLength: 300 }), fc.nat(210), (ops, from) => {
      const set = new FreeSet(4); // small: it has to grow
      const flags = new Array<boolean>(201).fill(false);
      for (const [i, member] of ops) {
        set.set(i, member);
        flags[i] = member;
      }
      const walked: number[] = [];
      for (let i = set.first(); i >= 0; i = set.next(i + 1)) walked.push(i);
      const scanned = flags.flatMap((f, i) => (f ? [i] : []));
      expect(walked).toEqual(scanned);
      expect(set.size).toBe(scanned.length);
      expect(set.next(from)).toBe(scanned.find((i) => i >= from) ?? -1);
      for (let i = 0; i <= 200; i++) expect(set.has(i)).toBe(flags[i]);
    }));
  });

  it('finds members across word boundaries (bit 31 is not a sign)', () => {
    const set = new FreeSet();
    set.add(31);
    set.add(32);
    set.add(95);
    expect([set.first(), set.next(32), set.next(33), set.next(96)]).toEqual([31, 32, 95, -1]);
    set.clear();
    expect(set.first()).toBe(-1);
  });
});

describe('TimerLine', () => {
  /**
   * Timers set through a line fire at the same times, in the same order, as the
   * same timers scheduled as events of their own; stale ones (live() false by
   * the time they are due) do not fire at all.
   */
  it('fires what direct events would, at their times, in order of (time, setting)', () => {
    // Fixed delays (timers in order, ties among them) and drawn ones (out of order,
    // some far enough back to be events of their own; no ties with the others).
    const delay = fc.oneof(fc.constant(5), fc.double({ min: 0, max: 40, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }));
    const timer = fc.record({ at: fc.integer({ min: 0, max: 50 }), delay, stale: fc.boolean() });
    fc.assert(fc.property(fc.array(timer, { maxLength: 120 }), (timers) => {
      const fired = (useLine: boolean): string[] => {
        const sim = new Simulation();
        const out: string[] = [];
        const stale = new Set<number>();
        const fire = (id: number) => { if (!stale.has(id)) out.push(`${sim.now}:${id}`); };
        const line = new TimerLine(sim, fire, (id) => !stale.has(id));
        const direct = sim.register({ handle: (id) => fire(id) });
        // Each timer is set at its time `at`; a stale one goes stale right after.
        const setter = sim.register({
          handle: (k) => {
            const t = timers[k];
            if (useLine) line.set(sim.now + t.delay, k, 0);
            else sim.at(sim.now + t.delay, direct, k, 0);
            if (t.stale) stale.add(k);
          },
        });
        timers.forEach((t, k) => sim.at(t.at, setter, k));
        sim.run();
        return out;
      };
      expect(fired(true)).toEqual(fired(false));
    }), { numRuns: Number(process.env.RUNS ?? 100) });
  });

  it('a timer set far out of order is an event of its own, and fires in time', () => {
    const sim = new Simulation();
    const out: number[] = [];
    const line = new TimerLine(sim, (k) => out.push(sim.now));
    for (let k = 0; k < 100; k++) line.set(1000 - k, k, 0);
    expect(line.length + sim.pending).toBeGreaterThan(100); // some in the line, some on their own, and the line's wake-up
    sim.run();
    expect(out).toEqual(Array.from({ length: 100 }, (_, k) => 901 + k));
  });

  it('keeps only its earliest live timer in the event list', () => {
    const sim = new Simulation();
    let fired = 0;
    const line = new TimerLine(sim, () => fired++);
    for (let k = 0; k < 1000; k++) line.set(10 + k, k, 0);
    expect(line.length).toBe(1000);
    expect(sim.pending).toBe(1);
    sim.run();
    expect(fired).toBe(1000);
    expect(sim.pending).toBe(0);
  });
});
