import { describe, expect, it } from 'vitest';
import { erlangA, jackson, mmc, priorityMM1 } from '../../src/theory/queueing.js';
import { expectAbandonmentIdentity, expectAgrees } from '../support/matchers.js';
import { study } from '../support/study.js';

// The scenario files in scenarios/theory against queueing theory: every mean must
// lie within three standard errors (over the replications) of its analytic value.

describe('M/M/1 (scenarios/theory/mm1.yaml)', () => {
  const s = study('scenarios/theory/mm1.yaml');
  const theory = mmc(1, 0.8, 1);
  it('mean wait, P(wait), sojourn, utilization and queue length match', () => {
    expectAgrees(s.row('task.service.wait_h_mean'), theory.wq);
    expectAgrees(s.row('task.service.waited_fraction'), theory.pWait);
    expectAgrees(s.row('items.customer.sojourn_h_mean'), theory.w);
    expectAgrees(s.row('role.server.utilization'), 0.8);
    expectAgrees(s.row('role.server.queue_length_mean'), theory.lq);
  });
});

describe('M/M/c, Erlang C (scenarios/theory/mmc.yaml)', () => {
  const s = study('scenarios/theory/mmc.yaml');
  const theory = mmc(5, 4.5, 1);
  it('P(wait) and mean wait match Erlang C', () => {
    expect(theory.wq).toBeCloseTo(1.525, 3);
    expectAgrees(s.row('task.service.waited_fraction'), theory.pWait);
    expectAgrees(s.row('task.service.wait_h_mean'), theory.wq);
  });
  it('the 95% interval of the mean wait contains 1.525 h', () => {
    const r = s.row('task.service.wait_h_mean');
    expect(r.ci95_low).toBeLessThan(1.525);
    expect(r.ci95_high).toBeGreaterThan(1.525);
  });
  it('the p90 wait matches the Erlang C tail, P(W > t) = C exp(-(c mu - lambda) t)', () => {
    const p90 = Math.log(theory.pWait / 0.1) / (5 * 1 - 4.5);
    const r = s.row('task.service.wait_h_p90');
    // The sketch reports bins 1% wide: allow that on top of the sampling error.
    expect(Math.abs(r.mean - p90)).toBeLessThan(3 * (r.stdev / Math.sqrt(r.replications)) + 0.01 * p90);
  });
  it('sojourn, utilization and queue length match', () => {
    expectAgrees(s.row('items.customer.sojourn_h_mean'), theory.w);
    expectAgrees(s.row('role.server.utilization'), 0.9);
    expectAgrees(s.row('role.server.queue_length_mean'), theory.lq);
  });
});

describe('M/M/c+M, Erlang A (scenarios/theory/erlang-a.yaml)', () => {
  const s = study('scenarios/theory/erlang-a.yaml');
  const theta = 12; // 5 min mean patience
  const theory = erlangA(5, 50, 10, theta);
  it('P(abandon) and the mean time in queue match the birth-death solution', () => {
    expectAgrees(s.row('task.answer.abandoned_fraction'), theory.pAbandon);
    expectAgrees(s.row('task.answer.queue_time_h_mean'), theory.wq);
    expectAgrees(s.row('role.agent.utilization'), theory.utilization);
  });
  it('P(abandon) = patience rate x mean time in queue, replication by replication', () => {
    expectAbandonmentIdentity(s.replications, 'task.answer.abandoned_fraction', 'task.answer.queue_time_h_mean', theta);
  });
});

describe('tandem network with feedback (scenarios/theory/tandem-feedback.yaml)', () => {
  const s = study('scenarios/theory/tandem-feedback.yaml');
  const theory = jackson(
    [4, 0, 0],
    [[0, 0.3, 0], [0, 0, 1], [0.2, 0, 0]],
    [{ servers: 3, mu: 2 }, { servers: 2, mu: 1 }, { servers: 1, mu: 3 }],
  );
  it('mean sojourn matches Jackson network theory', () => {
    expect(theory.sojourn).toBeCloseTo(1.5642, 4);
    expectAgrees(s.row('items.call.sojourn_h_mean'), theory.sojourn);
  });
  it('each station carries the load of the traffic equations', () => {
    expectAgrees(s.row('role.cs.utilization'), theory.lambda[0] / 6);
    expectAgrees(s.row('role.production.utilization'), theory.lambda[1] / 2);
    expectAgrees(s.row('role.billing.utilization'), theory.lambda[2] / 3);
  });
});

describe('priority classes (scenarios/theory/priority.yaml)', () => {
  const [w1, w2] = priorityMM1([0.3, 0.5], 1);
  it('non-preemptive: class waits match Cobham, urgent before routine', () => {
    const s = study('scenarios/theory/priority.yaml');
    const urgent = s.row('task.urgent_job.wait_h_mean');
    const routine = s.row('task.routine_job.wait_h_mean');
    expectAgrees(urgent, w1);
    expectAgrees(routine, w2);
    expect(urgent.ci95_high).toBeLessThan(routine.ci95_low);
  });
  it('preemptive resume: urgent work sees an M/M/1 of its own', () => {
    const s = study('scenarios/theory/priority.yaml', ['roles.server.preempt=true']);
    expectAgrees(s.row('items.urgent.sojourn_h_mean'), 1 / (1 - 0.3));
    expectAgrees(s.row('items.routine.sojourn_h_mean'), 1 / 0.7 + 0.8 / (0.7 * 0.2));
  });
  it('FIFO instead of priority gives both classes the M/M/1 wait', () => {
    const s = study('scenarios/theory/priority.yaml', ['roles.server.discipline=fifo']);
    expectAgrees(s.row('task.urgent_job.wait_h_mean'), 4);
    expectAgrees(s.row('task.routine_job.wait_h_mean'), 4);
  });
});

describe("Little's law", () => {
  it('holds exactly on a run that starts and ends empty: time-average WIP x duration = sum of sojourns', () => {
    const s = study('scenarios/theory/mmc.yaml', ['run.horizon=null', 'run.warmup=0', 'run.arrivals=20000', 'run.replications=3']);
    const names = s.replications[0].names;
    const at = (r: (typeof s.replications)[number], m: string) => r.values[names.indexOf(m)];
    for (const r of s.replications) {
      expect(at(r, 'items.customer.in_progress')).toBe(0);
      expect(at(r, 'items.customer.completed')).toBe(20000);
      const area = at(r, 'items.customer.wip_mean') * at(r, 'run.duration_h');
      const sojourns = at(r, 'items.customer.completed') * at(r, 'items.customer.sojourn_h_mean');
      expect(Math.abs(area - sojourns) / sojourns).toBeLessThan(1e-9);
    }
  });
});
