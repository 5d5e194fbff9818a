import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation, type EventHandler } from '../../src/kernel/simulation.js';

/** Uniform on [lo, hi] (fc.double picks uniformly among representable doubles, which crowds near 0). */
const uniform = (lo: number, hi: number) => fc.integer({ min: 0, max: 1_000_000_000 }).map((k) => lo + ((hi - lo) * k) / 1e9);

/** A handler that records (now, arg, tag) for every event it receives. */
class Recorder implements EventHandler {
  readonly seen: { now: number; arg: number; tag: number }[] = [];
  constructor(private readonly sim: Simulation, private readonly onEvent?: (arg: number, tag: number) => void) {}
  handle(arg: number, tag: number): void {
    this.seen.push({ now: this.sim.now, arg, tag });
    this.onEvent?.(arg, tag);
  }
}

describe('Simulation', () => {
  it('dispatches each event to its registered handler with its arg and tag, in time order', () => {
    const sim = new Simulation();
    const a = new Recorder(sim);
    const b = new Recorder(sim);
    const ha = sim.register(a);
    const hb = sim.register(b);
    expect(ha).not.toBe(hb);
    sim.at(3, hb, 30, 300);
    sim.at(1, ha, 10, 100);
    sim.after(2, ha, 20, 200);
    sim.run();
    expect(a.seen).toEqual([{ now: 1, arg: 10, tag: 100 }, { now: 2, arg: 20, tag: 200 }]);
    expect(b.seen).toEqual([{ now: 3, arg: 30, tag: 300 }]);
    expect(sim.now).toBe(3);
    expect(sim.events).toBe(3);
    expect(sim.pending).toBe(0);
  });

  it('at() with a time in the past schedules at now', () => {
    const sim = new Simulation();
    const rec = new Recorder(sim);
    const h = sim.register(rec);
    const late = new Recorder(sim, () => sim.at(2, h, 99));
    const hl = sim.register(late);
    sim.at(5, hl);
    sim.at(7, h, 7);
    sim.run();
    // The event asked for at t=2 while the clock read 5 runs at 5, before the t=7 event.
    expect(rec.seen.map((e) => [e.now, e.arg])).toEqual([[5, 99], [7, 7]]);
  });

  it('after() with a negative or zero delay schedules at now', () => {
    const sim = new Simulation();
    const rec = new Recorder(sim);
    const h = sim.register(rec);
    const starter = sim.register(new Recorder(sim, () => { sim.after(-3, h, 1); sim.after(0, h, 2); }));
    sim.at(4, starter);
    sim.run();
    expect(rec.seen).toEqual([{ now: 4, arg: 1, tag: 0 }, { now: 4, arg: 2, tag: 0 }]);
  });

  it('run(until) processes events up to and including until, leaves later ones pending and sets the clock to until', () => {
    const sim = new Simulation();
    const rec = new Recorder(sim);
    const h = sim.register(rec);
    for (const t of [1, 2, 5, 5.5, 9]) sim.at(t, h, t * 10);
    sim.run(5);
    expect(rec.seen.map((e) => e.now)).toEqual([1, 2, 5]);
    expect(sim.now).toBe(5);
    expect(sim.pending).toBe(2);
    sim.run(7);
    expect(rec.seen.map((e) => e.now)).toEqual([1, 2, 5, 5.5]);
    expect(sim.now).toBe(7);
    expect(sim.events).toBe(4);
    sim.run();
    expect(rec.seen.map((e) => e.now)).toEqual([1, 2, 5, 5.5, 9]);
    expect(sim.now).toBe(9);
    expect(sim.events).toBe(5);
  });

  it('run(until) on an empty list advances the clock to until but never backwards', () => {
    const sim = new Simulation();
    sim.run(12);
    expect(sim.now).toBe(12);
    sim.run(3);
    expect(sim.now).toBe(12);
    sim.run();
    expect(sim.now).toBe(12);
  });

  it('stop() ends run() after the current event; a later run() resumes', () => {
    const sim = new Simulation();
    let h = -1;
    const rec = new Recorder(sim, (arg) => { if (arg === 3) sim.stop(); });
    h = sim.register(rec);
    for (let i = 1; i <= 6; i++) sim.at(i, h, i);
    sim.run(100);
    expect(rec.seen.map((e) => e.arg)).toEqual([1, 2, 3]);
    expect(sim.now).toBe(3);
    expect(sim.events).toBe(3);
    expect(sim.pending).toBe(3);
    sim.run();
    expect(rec.seen.map((e) => e.arg)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sim.events).toBe(6);
  });

  it('step() processes exactly one event and returns false when none is left', () => {
    const sim = new Simulation();
    const rec = new Recorder(sim);
    const h = sim.register(rec);
    sim.at(2, h, 1);
    sim.at(1, h, 2);
    expect(sim.step()).toBe(true);
    expect(sim.now).toBe(1);
    expect(rec.seen.map((e) => e.arg)).toEqual([2]);
    expect(sim.step()).toBe(true);
    expect(sim.now).toBe(2);
    expect(sim.step()).toBe(false);
    expect(sim.events).toBe(2);
    expect(sim.now).toBe(2);
  });

  it('property: in a self-scheduling model the clock never goes back, simultaneous events keep scheduling order and every event is counted', () => {
    // Each event schedules up to two more, at random offsets (some in the past via at()).
    const plan = fc.array(
      fc.record({
        useAt: fc.boolean(),
        offset: fc.oneof(fc.constant(0), fc.integer({ min: -5, max: 5 }), uniform(-10, 10), fc.double({ min: -10, max: 10, noNaN: true })),
        children: fc.integer({ min: 0, max: 2 }),
      }),
      { minLength: 1, maxLength: 300 },
    );
    fc.assert(
      fc.property(plan, fc.array(fc.oneof(uniform(0, 20), fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 5 }), (steps, starts) => {
        const sim = new Simulation();
        let k = 0;
        let scheduled = 0;
        let lastNow = -Infinity;
        let processed = 0;
        // Expected time of each scheduled event, indexed by arg; events at one time must come in arg order.
        const due: number[] = [];
        let lastArg = -1;
        let lastTime = -Infinity;
        let h = -1;
        const schedule = (t: number, viaAt: boolean, offset: number) => {
          const arg = scheduled++;
          if (viaAt) {
            due[arg] = Math.max(sim.now, t);
            sim.at(t, h, arg);
          } else {
            due[arg] = offset > 0 ? sim.now + offset : sim.now;
            sim.after(offset, h, arg);
          }
        };
        h = sim.register({
          handle(arg: number) {
            processed++;
            expect(sim.now).toBeGreaterThanOrEqual(lastNow);
            expect(sim.now).toBe(due[arg]);
            if (sim.now === lastTime) expect(arg).toBeGreaterThan(lastArg);
            lastNow = sim.now;
            lastTime = sim.now;
            lastArg = arg;
            for (let c = 0; c < 2 && k < steps.length; c++) {
              const s = steps[k++];
              if (c >= s.children) break;
              schedule(sim.now + s.offset, s.useAt, s.offset);
            }
          },
        });
        for (const t of starts) schedule(t, true, t);
        sim.run();
        expect(processed).toBe(scheduled);
        expect(sim.events).toBe(scheduled);
        expect(sim.pending).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
