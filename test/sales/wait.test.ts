import { describe, expect, it } from 'vitest';
import { study } from '../support/study.js';

describe('waits per role', () => {
  // Near saturation a person more cuts the wait sharply. (With many idle people the mean wait
  // is what arrives out of hours waiting for the morning, which grows with demand, not staff.)
  it('fall when a saturated role gets a person more', () => {
    const wait = (cs: number) => study('scenarios/inside-out.yaml', ['run.replications=2', 'run.horizon=16 wk', `roles.customer_service.headcount=${cs}`])
      .row('role.customer_service.wait_h_mean').mean;
    expect(wait(3)).toBeGreaterThan(2 * wait(4));
  });

  // Little's law: items waiting = arrival rate x mean wait. The queue length also holds work
  // put down and resumed (whose later waits the mean leaves out), so it is an upper bound; for
  // field salespeople, whose meetings are never put down, it is nearly an equality.
  it('agree with the queue lengths by Little\'s law', () => {
    const s = study('scenarios/inside-out.yaml', ['run.replications=3', 'run.horizon=30 wk']);
    const roles = s.summary.map((r) => /^role\.([^.]+)\.wait_h_mean$/.exec(r.metric)?.[1]).filter((r): r is string => r !== undefined);
    expect(roles).toContain('customer_service');
    const little = (role: string) => (s.row(`role.${role}.work_in_week`).mean / 168) * s.row(`role.${role}.wait_h_mean`).mean;
    for (const role of roles) expect(little(role), role).toBeLessThan(1.05 * s.row(`role.${role}.queue_length_mean`).mean + 0.05);
    const L = s.row('role.field_salesperson.queue_length_mean').mean;
    expect(Math.abs(little('field_salesperson') - L)).toBeLessThan(0.1 * L);
  });
});
