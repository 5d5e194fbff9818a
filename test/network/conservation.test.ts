import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../src/network/replication.js';
import { compileScenario } from '../../src/network/compile.js';
import { ScenarioSchema } from '../../src/scenario/schema.js';
import { expectConserved } from '../support/conservation.js';
import { study } from '../support/study.js';


describe('conservation of work items', () => {
  it('holds in a scenario that uses every feature (calendars, preemption, balking, abandonment, spawns, batches)', () => {
    const s = study('test/fixtures/everything.yaml');
    for (const r of s.replications) expectConserved(r, ['call', 'reorder', 'drop_in']);
    // The features were exercised, so the test means something.
    expect(s.row('task.answer.abandoned').mean).toBeGreaterThan(0);
    expect(s.row('task.answer.balked').mean + s.row('task.order.balked').mean).toBeGreaterThan(0);
    expect(s.row('items.reorder.arrived').mean).toBeGreaterThan(0);
    expect(s.row('task.callback.completed').mean).toBeGreaterThan(0);
  });

  it('holds for random networks (property)', () => {
    const dist = fc.oneof(
      fc.double({ min: 0.05, max: 3, noNaN: true }).map((m) => ({ exponential: `${m} h` })),
      fc.double({ min: 0.05, max: 3, noNaN: true }).map((m) => `${m} h`),
      fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 2, noNaN: true })).map(([a, b]) => ({ uniform: [`${a} h`, `${a + b} h`] })),
    );
    const network = fc.record({
      roles: fc.array(fc.record({
        headcount: fc.integer({ min: 1, max: 4 }),
        calendar: fc.constantFrom('24/7', { days: 'mon-fri', hours: '08:00-17:00' }, { days: 'mon-sun', hours: '20:00-04:00' }),
        discipline: fc.constantFrom('fifo', 'edd', { priority: 'value' }),
        preempt: fc.boolean(),
        shift_end: fc.constantFrom('finish', 'suspend'),
      }), { minLength: 1, maxLength: 3 }),
      tasks: fc.array(fc.record({
        role: fc.nat(), duration: dist, next: fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 0.3, noNaN: true })), { maxLength: 2 }),
        patience: fc.option(dist, { nil: undefined }), balk: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        spawn: fc.boolean(),
      }), { minLength: 1, maxLength: 4 }),
      rate: fc.double({ min: 0.2, max: 6, noNaN: true }),
      horizon: fc.integer({ min: 1, max: 4 }),
      warmup: fc.integer({ min: 0, max: 100 }),
      seed: fc.integer(),
    });
    fc.assert(fc.property(network, (n) => {
      const roleIds = n.roles.map((_, k) => `r${k}`);
      const taskIds = n.tasks.map((_, k) => `t${k}`);
      const input = {
        run: { horizon: `${n.horizon} wk`, warmup: `${n.warmup} h`, replications: 1, seed: n.seed },
        roles: Object.fromEntries(n.roles.map((r, k) => [roleIds[k], { ...r, preempt: r.preempt && r.discipline !== 'fifo' }])),
        tasks: Object.fromEntries(n.tasks.map((t, k) => [taskIds[k], {
          role: roleIds[t.role % roleIds.length],
          duration: t.duration,
          next: Object.fromEntries(t.next.map(([to, p]) => [taskIds[to % taskIds.length], p])),
          ...(t.patience === undefined ? {} : { patience: t.patience }),
          ...(t.balk === undefined ? {} : { balk: { queue_length: t.balk } }),
          spawn: t.spawn ? [{ items: 'spawned', probability: 0.2, delay: '1 h' }] : [],
        }])),
        items: {
          job: { arrivals: { rate: `${n.rate}/h` }, first_task: 't0', attributes: { value: { uniform: [0, 10] } }, due: { exponential: '4 h' } },
          spawned: { first_task: taskIds[taskIds.length - 1] },
        },
      };
      // Next-probabilities can add up past 1 when two entries point at the same task: that input is invalid, skip it.
      const parsed = ScenarioSchema.safeParse(input);
      fc.pre(parsed.success);
      const r = runReplication(compileScenario(parsed.data!, 'random'), String(n.seed));
      expectConserved(r, ['job', 'spawned']);
      expect(r.endTime).toBe(n.horizon * 168);
    }), { numRuns: 60 });
  });
});
