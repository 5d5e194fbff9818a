import { describe, expect, it } from 'vitest';
import { erlangA, mmc, priorityMM1 } from '../../src/theory/queueing.js';
import { expectAbandonmentIdentity, expectAgrees } from '../support/matchers.js';
import { study } from '../support/study.js';

// The sales engine (the organization that runs every published result) against
// queueing theory, as test/theory/theory.test.ts checks the network engine: the
// sales scenarios in scenarios/theory reduce to M/M/c, Erlang A and a two-class
// priority desk, and every mean must lie within three standard errors (over the
// replications) of its analytic value.

describe('a sales desk as M/M/c, Erlang C (scenarios/theory/sales-mmc.yaml)', () => {
  const s = study('scenarios/theory/sales-mmc.yaml');
  const theory = mmc(5, 4.5, 1);
  it('the mean wait, utilization and queue length match Erlang C', () => {
    expectAgrees(s.row('role.desk.wait_h_mean'), theory.wq);
    expectAgrees(s.row('task.service_issue.wait_h_mean'), theory.wq);
    expectAgrees(s.row('role.desk.utilization'), 0.9);
    expectAgrees(s.row('role.desk.queue_length_mean'), theory.lq);
  });
});

describe('a sales call desk as M/M/c+M, Erlang A (scenarios/theory/sales-erlang-a.yaml)', () => {
  const s = study('scenarios/theory/sales-erlang-a.yaml');
  const theta = 12; // 5 min mean patience
  const theory = erlangA(5, 50, 10, theta);
  it('P(abandon), the mean time in queue and utilization match the birth-death solution', () => {
    expectAgrees(s.row('calls_abandoned_fraction'), theory.pAbandon);
    expectAgrees(s.row('role.agent.wait_h_mean'), theory.wq);
    expectAgrees(s.row('role.agent.utilization'), theory.utilization);
  });
  it('P(abandon) = patience rate x mean time in queue, replication by replication', () => {
    expectAbandonmentIdentity(s.replications, 'calls_abandoned_fraction', 'role.agent.wait_h_mean', theta);
  });
});

describe('a two-class priority desk (scenarios/theory/sales-priority.yaml)', () => {
  const [w1, w2] = priorityMM1([0.3, 0.5], 1);
  it('non-preemptive priority tiers: class waits match Cobham, orders before issues', () => {
    const s = study('scenarios/theory/sales-priority.yaml');
    const orders = s.row('task.order_entry.wait_h_mean');
    const issues = s.row('task.service_issue.wait_h_mean');
    expectAgrees(orders, w1);
    expectAgrees(issues, w2);
    expect(orders.ci95_high).toBeLessThan(issues.ci95_low);
    // Work conservation: the clerk's wait over both classes is the M/M/1 wait.
    expectAgrees(s.row('role.clerk.wait_h_mean'), 4);
    expectAgrees(s.row('role.clerk.utilization'), 0.8);
  });
  it('one tier (first come first served) gives both classes the M/M/1 wait', () => {
    const s = study('scenarios/theory/sales-priority.yaml', ['roles.clerk.priority=[[order_entry, service_issue]]']);
    expectAgrees(s.row('task.order_entry.wait_h_mean'), 4);
    expectAgrees(s.row('task.service_issue.wait_h_mean'), 4);
  });
});
