import { PAYROLL_OBJECTIVE, type BreakRule, type ModelKind } from '../scenario/model-kind.js';
import { isPlain } from '../scenario/fields.js';
import { ScenarioSchema, type Scenario } from '../scenario/schema.js';
import { compileScenario } from './compile.js';
import { replicationSlices } from './replication.js';
import type { NetworkSpec } from './spec.js';

/**
 * The queueing network (the kind of a scenario without `kind`): roles, tasks
 * and item types as a textbook declares them, probabilistic routing. It has no
 * money, no support roles and no phases; a role breaks when it is busy 95% of
 * its on-shift hours.
 */

/** Busy share of on-shift hours at which a role of a network counts as broken in a stress test. */
const UTILIZATION = 0.95;

const PRESETS: Readonly<Record<string, string>> = {
  demand: 'the arrival rate of every item type with arrivals',
};

/** The metrics every kind heads its tables with: each role's load, each task's wait, each item type's flow. */
export function isFlowHeadline(metric: string): boolean {
  return /^role\.[^.]+\.(utilization|queue_length_mean)$/.test(metric)
    || /^task\.[^.]+\.(wait_h_mean|wait_h_p90|abandoned_fraction)$/.test(metric)
    || /^items\.[^.]+\.(arrived|completed|abandoned|lost|sojourn_h_mean)$/.test(metric);
}

export const networkModel: ModelKind<Scenario, NetworkSpec> = {
  kind: 'network',
  noun: 'a queueing network',
  schema: ScenarioSchema,
  compile: (scenario, name) => compileScenario(scenario, name),
  replicate: replicationSlices,
  describe: (spec) => `${spec.roles.length} roles, ${spec.tasks.length} tasks, ${spec.itemTypes.length} item types`,
  isHeadline: isFlowHeadline,
  // The textbook figures: each item type's time in the system, each task's wait in queue.
  keyMetrics: (spec) => [...spec.itemTypes.map((t) => `items.${t.id}.sojourn_h_mean`), ...spec.tasks.map((t) => `task.${t.id}.wait_h_mean`)],
  breakRules: (_spec, metricNames) => metricNames.flatMap((m): BreakRule[] => {
    const match = /^role\.([^.]+)\.utilization$/.exec(m);
    return match === null ? [] : [{ role: match[1], rule: 'utilization', metric: m, op: '>=', threshold: UTILIZATION }];
  }),
  companyRules: [],
  growthPresets: PRESETS,
  exampleField: 'items.customer.arrivals.rate',
  presetPaths: (resolved) => {
    const items = (resolved.items ?? {}) as Record<string, Record<string, unknown>>;
    return Object.keys(items).filter((id) => isPlain(items[id].arrivals)).map((id) => `items.${id}.arrivals.rate`);
  },
  sizingRoles: (spec) => spec.roles.map((r) => ({ id: r.id, headcount: r.headcount, salary: 1, works: true })),
  busyMetric: (role) => `role.${role}.utilization`,
  money: false,
  // No money: the fewest people (each counts 1) that meet the targets.
  sizingObjective: () => ({ metric: PAYROLL_OBJECTIVE, sense: 'min' }),
  protectiveCapacity: () => undefined,
  labelWarnings: () => [],
  supportRoles: () => [],
  designatedConstraints: () => [],
  oneOffCosts: () => [],
  switchingCosts: () => [],
  discountRate: () => 0,
  changes: () => [],
};

