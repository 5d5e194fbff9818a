import { z } from 'zod';
import { distribution, duration } from '../scenario/distribution-schema.js';
import { finiteNumber, id, probability } from '../scenario/schema.js';
import { shaped } from '../scenario/shapes.js';
import { CHANNELS, CONVENTIONAL, MAX_TASKS, PARTS, type Part } from './tasks.js';

/**
 * A workflow as data: the tasks, what finishing (`done`) and waiting too long
 * for (`expired`) each leads to, and which task plays each part of the
 * built-in mechanisms (`workflow`). The manufacturer's is
 * scenarios/workflows/manufacturer.yaml; docs/workflows.md explains the steps.
 */

/**
 * Steps that are mechanisms of the model (docs/model.md), named: their numbers
 * stay in `company.*` (quote win rates, booking lead times, renewal terms) and
 * the work they create is the task playing the part they need (`workflow`).
 */
export const NAMED_STEPS = [
  'request_done',       // a customer's request is done: on time or late (M13)
  'book_order',         // revenue booked; production gets a job (M12, M16)
  'quote_decision',     // the quote becomes an order with a probability falling with the turnaround (M5)
  'design_outcome',     // a design may need a technical visit, then may become a complex quote (M11)
  'tech_visit_outcome', // after the visit, the design may become a complex quote (M11)
  'book_meeting',       // the meeting takes place after the booking lead time (M4)
  'meeting_held',       // a BD meeting: notes, a follow-up meeting or the decision (M5)
  'visit',              // an account visit: satisfaction up (M13)
  'renew',              // the renewal is won at some uplift or the account lost (M10)
  'outbound_outcome',   // an outbound call's order or opportunity (M9)
  'campaign_outcome',   // a campaign's leads (M1)
  'deliver',            // production done: on time or late (M12)
  'customer_updated',   // the customer of a late job was warned (M12)
  'abandon_call',       // a caller hung up: voicemail and callback, or the order lost, the issue emailed (M7)
  'lapse',              // a request waited too long: the order goes elsewhere, an issue is emailed
  'lapse_renewal',      // nobody negotiated the renewal in time: the contract lapses (M10)
  'go_cold',            // an opportunity nobody worked in time goes cold (M4)
  'advance',            // an opportunity's stage is done: on to the next stage with the stage's conversion, else lost
  'lose',               // the customer's request is lost: its value counts as lost revenue
] as const;
export type NamedStep = (typeof NAMED_STEPS)[number];

/** Named steps of work that waited too long (an `expired` list); the others follow finished work (`done`). */
export const EXPIRY_STEPS: readonly NamedStep[] = ['abandon_call', 'lapse', 'lapse_renewal', 'go_cold', 'lose'];

/**
 * The stages' own checks: names and tasks declared once, each task in one stage;
 * `advance` only on a stage's task. A stage's task with no steps of its own is
 * given `done: [advance]` and `expired: [go_cold]` when compiled.
 */
export function stageIssues(stages: StageDef[], tasks: Record<string, TaskDef>): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const names = new Set<string>();
  const used = new Set<string>();
  stages.forEach((st, i) => {
    const at = ['company', 'opportunities', 'stages', i];
    if (names.has(st.name)) out.push({ path: [...at, 'name'], message: `stage '${st.name}' is declared twice` });
    names.add(st.name);
    if (!Object.hasOwn(tasks, st.task)) out.push({ path: [...at, 'task'], message: `unknown task '${st.task}' (tasks: ${Object.keys(tasks).join(', ') || 'none'})` });
    else if (used.has(st.task)) out.push({ path: [...at, 'task'], message: `task '${st.task}' already works another stage: one task per stage` });
    else if (tasks[st.task].done.length > 0 && !tasks[st.task].done.some((s) => stepName(s) === 'advance')) {
      // Without it the opportunity would wait in its stage for ever.
      out.push({ path: ['tasks', st.task, 'done'], message: `task '${st.task}' works stage '${st.name}': its steps must include advance (or leave done out: it is then [advance])` });
    }
    used.add(st.task);
  });
  eachStep(tasks, (t, side, i, s) => {
    if (side === 'done' && stepName(s) === 'advance' && !used.has(t)) {
      out.push({ path: ['tasks', t, 'done', i], message: `'advance' moves an opportunity to its next stage: task '${t}' works no stage of company.opportunities.stages` });
    }
  });
  return out;
}

/** Calls `visit` with every step of every task: its task, list (done or expired), place in the list and the step. */
export function eachStep(tasks: Record<string, TaskDef>, visit: (task: string, side: 'done' | 'expired', i: number, step: StepDef) => void): void {
  for (const [t, d] of Object.entries(tasks)) {
    for (const side of ['done', 'expired'] as const) d[side].forEach((step, i) => visit(t, side, i, step));
  }
}

/** The named step a step runs (a name, or `do:`), or null for next and spawn. */
export function stepName(s: StepDef): NamedStep | null {
  return typeof s === 'string' ? s : 'do' in s ? s.do : null;
}

/** Named steps in the wrong list: an expiry step after finished work, or a finished-work step after expiry. */
export function misplacedSteps(tasks: Record<string, TaskDef>): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  eachStep(tasks, (t, side, i, s) => {
    const name = stepName(s);
    if (name === null || EXPIRY_STEPS.includes(name) === (side === 'expired')) return;
    out.push({
      path: ['tasks', t, side, ...(typeof s === 'string' ? [i] : [i, 'do'])],
      message: side === 'done'
        ? `'${name}' is a step of work that waited too long: expected it under tasks.${t}.expired`
        : `'${name}' is a step of finished work: expected it under tasks.${t}.done`,
    });
  });
  return out;
}

/** What a step may be conditional on: the item's call subject, its account's segment, its value, whether a task is done by anybody. */
export const ConditionSchema = z.strictObject({
  about: z.enum(['order', 'issue']).optional().describe('What the call is about (calls and callbacks).'),
  segment: z.array(id).min(1).optional().describe("The item's account is in one of these segments (a new logo's is in none)."),
  value_at_least: finiteNumber.optional().describe("The item's value is at least this."),
  value_below: finiteNumber.optional().describe("The item's value is below this."),
  routed: id.optional().describe('The task is done by some role (routed).'),
});

const branches = z.record(id, probability).refine((b) => Object.values(b).reduce((a, p) => a + p, 0) <= 1 + 1e-9, 'expected probabilities adding up to at most 1');

const named = z.enum(NAMED_STEPS);

export const StepSchema = z.union([
  named,
  z.strictObject({
    next: z.union([id, branches]).describe('The item goes on to this task, or to one of these with the given probabilities (the rest: the following steps).'),
    when: ConditionSchema.optional(),
  }),
  z.strictObject({
    spawn: id.describe('New work of this task for the same account and opportunity, at the same value.'),
    when: ConditionSchema.optional(),
  }),
  z.strictObject({ do: named, when: ConditionSchema.optional() }),
], {
  // A misspelt name is the usual mistake: say which, before listing what a step may be.
  error: (issue) => `${typeof issue.input === 'string' ? `unknown step '${issue.input}': ` : ''}expected a step: one of ${NAMED_STEPS.join(', ')}; or { next: TASK | { TASK: probability, ... } }, { spawn: TASK } or { do: STEP }, each with an optional when: { about, segment, value_at_least, value_below, routed }`,
});
export type StepDef = z.output<typeof StepSchema>;

/**
 * A stage of the sales pipeline (`company.opportunities.stages`): an opportunity
 * entering it needs the stage's task done; then it goes on with probability
 * `conversion`, after `cycle` (the customer's time: a trial, a committee), or is
 * lost. Passing the last stage wins the deal.
 */
export const StageSchema = z.strictObject({
  name: id.describe('The stage as the CRM calls it: qualified, discovery, demo, proposal...'),
  task: id.describe('The task that works the opportunity in this stage (routed like any other).'),
  conversion: probability.describe('Probability the opportunity goes on to the next stage (past the last: the deal is won).'),
  cycle: distribution('duration').prefault(0).describe('Time after the task before the next stage starts (the customer deciding, a trial).'),
  description: z.string().optional(),
});
export type StageDef = z.output<typeof StageSchema>;

export const TaskDefSchema = z.strictObject({
  duration: distribution('duration').optional().describe('How long the work takes. Not for the production part, whose work content follows from the order value.'),
  tolerance: duration.optional().describe('The customer expects it done within this time from the request (on-time fraction).'),
  patience: distribution('duration').optional().describe('A waiting task is dropped after this time, and its `expired` steps follow.'),
  item: z.enum(['call', 'order', 'quote', 'renewal', 'none']).default('none').describe("The customer's item the work is (counted in items.<kind>.*): a call, an order, a quote, a renewal, or none (internal work, opportunities' tasks)."),
  channel: z.enum(CHANNELS).default('desk').describe('desk: interruptible by calls, suspended at the end of a shift; phone: never interrupted, finished at the end of a shift; field: at the customer\'s site (travel, the end-of-day rule).'),
  interrupts: z.boolean().default(false).describe('An arriving item interrupts the desk work of someone who answers calls (an inbound call).'),
  done: z.array(StepSchema).default([]).describe('What finishing the work leads to, in order; a `next` ends the list (the item goes on).'),
  expired: z.array(StepSchema).default([]).describe('What waiting past the patience leads to, in order.'),
  description: z.string().optional(),
});
export type TaskDef = z.output<typeof TaskDefSchema>;

export const TasksSchema = z.record(id, TaskDefSchema).refine((t) => Object.keys(t).length <= MAX_TASKS, `expected at most ${MAX_TASKS} tasks`)
  .describe('The work: each task\'s duration, patience, tolerance, channel and what finishing or expiring it leads to (scenarios/workflows/manufacturer.yaml has the manufacturer\'s).');

export const WorkflowSchema = shaped(z.partialRecord(z.enum(PARTS), id).default({}), { json: { type: 'object' } })
  .describe(`Which task plays each part of the built-in mechanisms (parts: ${PARTS.join(', ')}); by default the task of the conventional name (${Object.entries(CONVENTIONAL).map(([p, t]) => `${p}: ${t}`).join(', ')}), when declared.`);

/** The task playing each part: the workflow's choice, else the conventional name if declared; undefined if none. */
export function partTasks(tasks: Record<string, unknown>, workflow: Partial<Record<Part, string>>): Partial<Record<Part, string>> {
  const out: Partial<Record<Part, string>> = {};
  for (const p of PARTS) {
    const t = workflow[p] ?? (CONVENTIONAL[p] in tasks ? CONVENTIONAL[p] : undefined);
    if (t !== undefined) out[p] = t;
  }
  return out;
}

/** The tasks the steps name (next, spawn, routed), with where each is named: every one must be declared. */
export function stepReferences(tasks: Record<string, TaskDef>): { path: (string | number)[]; task: string }[] {
  const out: { path: (string | number)[]; task: string }[] = [];
  eachStep(tasks, (t, side, i, s) => {
    if (typeof s === 'string') return;
    const at = ['tasks', t, side, i];
    if ('next' in s) {
      if (typeof s.next === 'string') out.push({ path: [...at, 'next'], task: s.next });
      else for (const k of Object.keys(s.next)) out.push({ path: [...at, 'next', k], task: k });
    }
    if ('spawn' in s) out.push({ path: [...at, 'spawn'], task: s.spawn });
    if (s.when?.routed !== undefined) out.push({ path: [...at, 'when', 'routed'], task: s.when.routed });
  });
  return out;
}
