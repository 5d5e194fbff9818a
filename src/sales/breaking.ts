import type { BreakRule } from '../scenario/model-kind.js';
import { primaryRoles } from './coverage.js';
import { SALES_METRIC as M } from './metric-names.js';
import type { SalesSpec } from './spec.js';

/**
 * When a role of a sales organization is broken (README, "Stress"):
 *  - constraint: it is the week's constraint (ledger.ts, constraintOf) in at least half of the measured weeks;
 *  - utilization: its committed utilization (queued work, not filler or time blocks) reaches 0.95;
 *  - service: fewer than 90% of the customer requests it answers for are done within the customer's
 *    tolerance (case 3 in docs/model.md: ">90% within tolerance is healthy"), or, for a role first in line for
 *    inbound calls (of any routing rule), fewer than 80% of calls are answered within the answer target (80% in 20 s).
 */
export const CONSTRAINT_SHARE = 0.5;
export const UTILIZATION = 0.95;
export const ON_TIME = 0.9;
export const SERVICE_LEVEL = 0.8;

export function salesBreakRules(spec: SalesSpec, metricNames: string[]): BreakRule[] {
  const has = new Set(metricNames);
  const phones = spec.part.call < 0 ? [] : primaryRoles(spec.tasks[spec.part.call]);
  return spec.roles.flatMap((role, r) => {
    if (role.costOnly) return [];
    const p = `role.${role.id}`;
    const rules: BreakRule[] = [
      { role: role.id, rule: 'constraint', metric: `constraint_share.${role.id}`, op: '>=', threshold: CONSTRAINT_SHARE },
      { role: role.id, rule: 'utilization', metric: `${p}.committed_utilization`, op: '>=', threshold: UTILIZATION },
      { role: role.id, rule: 'service', metric: `${p}.on_time_fraction`, op: '<', threshold: ON_TIME },
    ];
    if (phones.includes(r)) rules.push({ role: role.id, rule: 'service', metric: M.service_level, op: '<', threshold: SERVICE_LEVEL });
    return rules.filter((x) => has.has(x.metric));
  });
}

/** The company's own service rule, reported apart from the roles'. */
export const COMPANY_SERVICE: BreakRule = { role: '(company)', rule: 'service', metric: M.on_time_task_fraction, op: '<', threshold: ON_TIME };
