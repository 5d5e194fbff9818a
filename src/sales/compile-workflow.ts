import { Constant } from '../kernel/distributions.js';
import { buildDistribution } from '../scenario/compile.js';
import { compileRouting } from './coverage-schema.js';
import { K } from './item-book.js';
import type { SalesScenario } from './schema.js';
import type { ConditionSpec, PartTasks, StepSpec, TaskSpec } from './spec.js';
import { CHANNELS, DESK, PARTS } from './tasks.js';
import { CALL_ISSUE, CALL_ORDER } from './work.js';
import { NAMED_STEPS, partTasks, type StepDef, type TaskDef } from './workflow-schema.js';

/** Step ops past the named steps (whose op is their index in NAMED_STEPS). */
export const NEXT = NAMED_STEPS.length;
export const SPAWN = NAMED_STEPS.length + 1;

/**
 * The task list of a run: every task any phase declares, in the order first
 * declared (the base scenario's first), so that a task keeps its index, its
 * counters and its metrics from phase to phase.
 */
export function taskOrder(all: SalesScenario[]): string[] {
  const order: string[] = [];
  for (const sc of all) for (const t of Object.keys(sc.tasks)) if (!order.includes(t)) order.push(t);
  return order;
}

/** A phase's tasks: its own definitions; a task only another phase declares is there, undone by anybody. */
export function compileTasks(s: SalesScenario, order: string[], roleIds: string[]): TaskSpec[] {
  const index = (t: string) => order.indexOf(t);
  const segments = Object.keys(s.company.segments);
  return order.map((name) => {
    const d: TaskDef | undefined = s.tasks[name];
    const steps = (list: StepDef[] | undefined) => (list ?? []).map((st) => compileStep(st, index, segments));
    // A stage's task with no steps of its own moves the opportunity on (or loses it), and goes cold unworked.
    const stage = s.company.opportunities.stages.some((st) => st.task === name);
    const done = stage && d !== undefined && d.done.length === 0 ? ['advance' as const] : d?.done;
    const expired = stage && d !== undefined && d.expired.length === 0 ? ['go_cold' as const] : d?.expired;
    return {
      name,
      kind: d === undefined || d.item === 'none' ? -1 : K[d.item],
      channel: d === undefined ? DESK : CHANNELS.indexOf(d.channel),
      interrupts: d?.interrupts ?? false,
      done: steps(done),
      expired: steps(expired),
      // A production job's work content is its order value / value_per_hour: the duration is a multiplier of 1.
      duration: d?.duration === undefined ? new Constant(1) : buildDistribution(d.duration),
      tolerance: d?.tolerance ?? Infinity,
      patience: d?.patience === undefined ? null : buildDistribution(d.patience),
      ...(d === undefined ? { roles: [], rules: null } : compileRouting(s.routing[name], roleIds, segments, s.company.areas)),
    };
  });
}

/** The task index playing each part (-1: none). */
export function compileParts(s: SalesScenario, order: string[]): PartTasks {
  const bound = partTasks(s.tasks, s.workflow);
  return Object.fromEntries(PARTS.map((p) => [p, bound[p] === undefined ? -1 : order.indexOf(bound[p])])) as unknown as PartTasks;
}

function compileStep(st: StepDef, index: (t: string) => number, segments: string[]): StepSpec {
  if (typeof st === 'string') return { op: NAMED_STEPS.indexOf(st), task: -1, branchTasks: null, branchUpTo: null, when: null };
  const when = st.when === undefined ? null : compileCondition(st.when, index, segments);
  if ('do' in st) return { op: NAMED_STEPS.indexOf(st.do), task: -1, branchTasks: null, branchUpTo: null, when };
  if ('spawn' in st) return { op: SPAWN, task: index(st.spawn), branchTasks: null, branchUpTo: null, when };
  if (typeof st.next === 'string') return { op: NEXT, task: index(st.next), branchTasks: null, branchUpTo: null, when };
  const entries = Object.entries(st.next);
  let sum = 0;
  return {
    op: NEXT, task: -1, when,
    branchTasks: Int32Array.from(entries, ([t]) => index(t)),
    branchUpTo: Float64Array.from(entries, ([, p]) => (sum += p)),
  };
}

function compileCondition(c: NonNullable<Exclude<StepDef, string>['when']>, index: (t: string) => number, segments: string[]): ConditionSpec {
  let mask: Uint8Array | null = null;
  if (c.segment !== undefined) {
    mask = new Uint8Array(segments.length);
    for (const s of c.segment) mask[segments.indexOf(s)] = 1;
  }
  return {
    about: c.about === undefined ? -1 : c.about === 'order' ? CALL_ORDER : CALL_ISSUE,
    segments: mask,
    valueAtLeast: c.value_at_least ?? -Infinity,
    valueBelow: c.value_below ?? Infinity,
    routed: c.routed === undefined ? -1 : index(c.routed),
  };
}
