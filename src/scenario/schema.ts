import { z } from 'zod';
import { DEFAULT_LIMITS } from '../kernel/runaway.js';
import { distribution, duration } from './distribution-schema.js';
import { shaped } from './shapes.js';
import { RATE_EXAMPLE, parseRate } from './units.js';

/**
 * The shape of a scenario file. This schema is the single source of truth: the
 * TypeScript types below are inferred from it, the validator is it, and the
 * README's language reference follows it.
 */

export const id = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'expected a name of letters, digits, _ and - (starting with a letter)');
export const finiteNumber = z.number().refine(Number.isFinite, 'expected a finite number');
export const probability = shaped(finiteNumber.refine((p) => p >= 0 && p <= 1, 'expected a probability between 0 and 1'), { json: { type: 'number', minimum: 0, maximum: 1 } });
export const count = z.number().int('expected a whole number').min(0, 'expected a number >= 0');

/**
 * Upper bounds on what is laid out in memory when a run starts (one record a
 * person, an account, an area): far above any sales organization, low enough
 * that a typo (a headcount of 1e9) is an error, not a run that fills the memory.
 */
export const MAX_HEADCOUNT = 100_000;
export const headcountOf = (min: number) => shaped(count
  .refine((n) => n >= min, min === 1 ? 'expected a headcount of at least 1' : 'expected a number >= 0')
  .refine((n) => n <= MAX_HEADCOUNT, `expected a headcount of at most ${MAX_HEADCOUNT.toLocaleString('en-US')}`),
{ json: { type: 'integer', minimum: min, maximum: MAX_HEADCOUNT } });

export const rate = shaped(z.unknown().transform((v, ctx) => {
  const r = typeof v === 'string' ? parseRate(v) : null;
  if (r === null || !Number.isFinite(r.perHour) || r.perHour < 0) {
    ctx.issues.push({ code: 'custom', message: `expected ${RATE_EXAMPLE}, got ${JSON.stringify(v)}`, input: v });
    return z.NEVER;
  }
  return r;
}), { unit: 'rate' });

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const dayName = z.enum(DAY_NAMES);
/** "mon-fri", "sat", or a list of day names. */
const days = z.union([
  z.string().regex(/^(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?$/, "expected days such as 'mon-fri', 'sat' or [mon, wed, fri]"),
  z.array(dayName).min(1),
]).transform((d) => {
  if (Array.isArray(d)) return d.map((x) => DAY_NAMES.indexOf(x));
  const [a, b] = d.split('-') as (typeof DAY_NAMES)[number][];
  const from = DAY_NAMES.indexOf(a);
  const to = DAY_NAMES.indexOf(b ?? a);
  const out: number[] = [];
  for (let k = from; ; k = (k + 1) % 7) { out.push(k); if (k === to) break; }
  return out;
});
const HOURS_RE = /^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
const hours = z.string().regex(HOURS_RE, "expected hours such as '08:00-17:00' (a shift past midnight like '22:00-06:00' is allowed)")
  .transform((h) => {
    const m = HOURS_RE.exec(h)!;
    return { from: Number(m[1]) * 60 + Number(m[2]), to: (Number(m[3]) * 60 + Number(m[4])) % 1440 };
  });
export const shift = z.strictObject({ days, hours: z.union([hours, z.array(hours).min(1)]) });

/** A calendar: '24/7', the name of one in `calendars:`, one shift pattern, or a list of them. */
export const CalendarSchema = z.union([z.string(), shift, z.array(shift).min(1)]);

export const RateProfileSchema = z.strictObject({
  hour_of_day: z.array(finiteNumber.refine((x) => x >= 0, 'expected a multiplier >= 0')).length(24, 'expected 24 multipliers, one per hour from midnight').optional().describe('24 multipliers, midnight first.'),
  day_of_week: z.array(finiteNumber.refine((x) => x >= 0, 'expected a multiplier >= 0')).length(7, 'expected 7 multipliers, Monday first').optional().describe('7 multipliers, Monday first.'),
  month_end: z.strictObject({ days: finiteNumber.refine((x) => x > 0 && x <= 28, 'expected 0 < days <= 28'), multiplier: finiteNumber.refine((x) => x >= 0, 'expected a multiplier >= 0') }).optional(),
});

export const ArrivalsSchema = z.strictObject({
  rate: rate.describe('Base Poisson rate. With a calendar, a per-day (per-week) rate is spread over the open hours of a day (week).'),
  profile: RateProfileSchema.optional().describe('Multipliers: hour_of_day, day_of_week, month_end. Non-homogeneous arrivals are drawn by thinning.'),
  calendar: CalendarSchema.optional().describe('Arrivals only while this calendar is open; a per-day or per-week rate is then spread over open hours.'),
  batch: distribution('number').optional().describe('Items per arrival (a count distribution); default 1.'),
});

export const DisciplineSchema = z.union([
  z.enum(['fifo', 'edd']),
  z.strictObject({
    priority: id.describe('Serve the item with the highest (or lowest) value of this attribute first.'),
    order: z.enum(['highest_first', 'lowest_first']).default('highest_first'),
  }),
]);

export const RoleSchema = z.strictObject({
  headcount: headcountOf(1).describe('Number of people (servers), at least 1.'),
  calendar: CalendarSchema.default('24/7').describe("When they work (default '24/7'); utilization is measured against on-shift capacity."),
  discipline: DisciplineSchema.default('fifo').describe('fifo (default), edd (earliest due date first), or { priority: <attribute>, order: highest_first | lowest_first }.'),
  preempt: z.boolean().default(false).describe('An arriving item with a better key interrupts the worst item in service, which later resumes its remaining work (needs edd or a priority).'),
  shift_end: z.enum(['finish', 'suspend']).default('finish')
    .describe('Work in progress when a shift ends: finish (default: the person stays until the task is done) or suspend (it resumes first at the next shift).'),
  description: z.string().optional(),
});

/** `done`, a task name, or { task: probability, ... } with the remainder going to done. */
export const NextSchema = z.union([id, z.record(id, probability)])
  .describe('done (default), a task, or { task: probability, ... } (the remainder is done); loops are allowed.');

export const SpawnSchema = z.strictObject({
  items: id.describe('The item type that arrives.'),
  probability: probability.default(1),
  count: distribution('number').default({ kind: 'constant', value: 1 }).describe('Items per spawn (a count distribution; default 1).'),
  delay: distribution('duration').optional().describe('After the task completes.'),
});

export const TaskSchema = z.strictObject({
  role: z.union([id, z.array(id).min(1)]).describe('The role doing the task, or [primary, overflow...]: overflow roles are tried when the task arrives.'),
  duration: distribution('duration').describe('Handle-time distribution.'),
  next: NextSchema.default('done'),
  patience: distribution('duration').optional().describe("How long an item waits in this task's queue before abandoning."),
  on_abandon: id.optional().describe('Task an abandoning item goes to instead (a voicemail becomes a callback); otherwise it ends as abandoned.'),
  balk: z.strictObject({ queue_length: count, probability: probability.default(1) }).optional()
    .describe('An arriving item that finds no free person and queue_length or more waiting leaves with this probability (default 1).'),
  on_balk: id.optional().describe('Task a balking item goes to instead; otherwise it ends as lost.'),
  spawn: z.array(SpawnSchema).default([]).describe('When the task completes, new items of another type arrive (after delay): reorders, follow-ups.'),
  description: z.string().optional(),
});

export const ItemTypeSchema = z.strictObject({
  arrivals: ArrivalsSchema.optional().describe('{ rate, profile, calendar, batch }; omit for items that only come from spawn.'),
  first_task: id.describe('Where items start.'),
  attributes: z.record(id, distribution('number')).default({}).describe('Named values drawn per item (value, class...), used by priority disciplines.'),
  due: distribution('duration').optional().describe('Due date after arrival, for edd queues.'),
  description: z.string().optional(),
});

export const RunSchema = z.strictObject({
  horizon: shaped(duration.refine((h) => h > 0, "expected a horizon longer than 0, such as '52 wk'")
    // A century is far past any plan a sales organization makes; a typo of a billion weeks would run for days.
    .refine((h) => h <= 100 * 8766, 'expected a horizon of at most 100 yr'), { unit: 'positiveDuration' }).optional()
    .describe('How long a replication runs (at most 100 yr), longer than the warm-up and than every phase\'s at.'),
  warmup: duration.default(0).describe('Results are measured after the warm-up (default 0); shorter than the horizon.'),
  replications: count.refine((n) => n >= 1, 'expected at least 1 replication').default(10).describe('Independent runs, each on its own random streams (default 10).'),
  seed: z.union([z.number().int(), z.string()]).default(1).describe('Seed of every random stream, with the replication number (default 1).'),
  arrivals: count.refine((n) => n >= 1, 'expected at least 1 arrival').optional().describe('Stop after this many external arrivals and let the system empty.'),
  /**
   * Work items in progress at once past which the run is stopped as a runaway
   * (a zero-duration loop, a rate too high: kernel/runaway.ts). The shipped
   * scenarios stay under a thousand.
   */
  max_in_progress: count.refine((n) => n >= 1, 'expected at least 1 item')
    .refine((n) => n <= 10_000_000, 'expected at most 10,000,000 items (each takes memory)').default(DEFAULT_LIMITS.items)
    .describe('A run with more work items in progress at once is stopped as a runaway (default 250,000).'),
});

/** The fields both kinds of scenario open with (the sales schema spreads them too). */
export const SCENARIO_FIELDS = {
  name: id.optional().describe('The name of results and reports (default: the file name).'),
  description: z.string().optional(),
  extends: z.string().optional().describe('Another scenario file (relative to this one) read first and overridden field by field: mappings merge, lists are replaced, null removes a field.'),
  run: RunSchema.default({ warmup: 0, replications: 10, seed: 1, max_in_progress: DEFAULT_LIMITS.items }).describe('How to run it: horizon, warmup, replications, seed.'),
  calendars: z.record(id, z.union([shift, z.array(shift).min(1)])).default({})
    .describe("Named working calendars, each { days: mon-fri, hours: '08:00-17:00' } or a list of such shifts."),
};

export const ScenarioSchema = z.strictObject({
  ...SCENARIO_FIELDS,
  roles: z.record(id, RoleSchema).describe('People with a headcount and a calendar.'),
  tasks: z.record(id, TaskSchema).describe('Work a role does, how long it takes, where the item goes next.'),
  items: z.record(id, ItemTypeSchema).describe('Work that arrives, and where it starts.'),
}).superRefine((s, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.issues.push({ code: 'custom', message, path, input: undefined });
  const names = (o: object) => Object.keys(o).join(', ') || 'none';
  const roleOk = (r: string) => r in s.roles;
  const taskOk = (t: string) => t in s.tasks;
  const calendarOk = (c: unknown) => typeof c !== 'string' || c === '24/7' || c in s.calendars;
  if (s.run.horizon === undefined && s.run.arrivals === undefined) {
    issue(['run', 'horizon'], "expected a horizon such as '52 wk' (or run.arrivals to stop after N arrivals)");
  }
  if (Object.keys(s.roles).length === 0) issue(['roles'], 'expected at least one role');
  if (Object.keys(s.items).length === 0) issue(['items'], 'expected at least one item type');
  const attributes = new Set(Object.values(s.items).flatMap((it) => Object.keys(it.attributes)));
  for (const [rid, r] of Object.entries(s.roles)) {
    if (!calendarOk(r.calendar)) issue(['roles', rid, 'calendar'], `unknown calendar '${r.calendar}' (expected '24/7' or one of: ${names(s.calendars)})`);
    if (typeof r.discipline === 'object' && !attributes.has(r.discipline.priority)) {
      issue(['roles', rid, 'discipline', 'priority'], `no item type has an attribute '${r.discipline.priority}' (attributes: ${[...attributes].join(', ') || 'none'})`);
    }
    if (r.preempt && r.discipline === 'fifo') issue(['roles', rid, 'preempt'], 'preemption needs a priority or edd discipline');
  }
  for (const [tid, t] of Object.entries(s.tasks)) {
    if (tid === 'done') issue(['tasks', tid], "'done' is reserved for leaving the system");
    const roles = typeof t.role === 'string' ? [t.role] : t.role;
    roles.forEach((r, i) => {
      if (!roleOk(r)) issue(typeof t.role === 'string' ? ['tasks', tid, 'role'] : ['tasks', tid, 'role', i], `unknown role '${r}' (roles: ${names(s.roles)})`);
    });
    if (typeof t.next === 'string') {
      if (t.next !== 'done' && !taskOk(t.next)) issue(['tasks', tid, 'next'], `unknown task '${t.next}' (expected 'done' or one of: ${names(s.tasks)})`);
    } else {
      let total = 0;
      for (const [to, p] of Object.entries(t.next)) {
        total += p;
        if (to !== 'done' && !taskOk(to)) issue(['tasks', tid, 'next', to], `unknown task '${to}' (expected 'done' or one of: ${names(s.tasks)})`);
      }
      if (total > 1 + 1e-9) issue(['tasks', tid, 'next'], `expected probabilities adding up to at most 1, got ${total}`);
    }
    for (const k of ['on_abandon', 'on_balk'] as const) {
      const to = t[k];
      if (to !== undefined && !taskOk(to)) issue(['tasks', tid, k], `unknown task '${to}' (tasks: ${names(s.tasks)})`);
    }
    if (t.on_abandon !== undefined && t.patience === undefined) issue(['tasks', tid, 'on_abandon'], 'on_abandon needs a patience');
    if (t.on_balk !== undefined && t.balk === undefined) issue(['tasks', tid, 'on_balk'], 'on_balk needs a balk rule');
    t.spawn.forEach((sp, i) => {
      if (!(sp.items in s.items)) issue(['tasks', tid, 'spawn', i, 'items'], `unknown item type '${sp.items}' (items: ${names(s.items)})`);
    });
  }
  for (const [iid, it] of Object.entries(s.items)) {
    if (!taskOk(it.first_task)) issue(['items', iid, 'first_task'], `unknown task '${it.first_task}' (tasks: ${names(s.tasks)})`);
    if (it.arrivals?.calendar !== undefined && !calendarOk(it.arrivals.calendar)) {
      issue(['items', iid, 'arrivals', 'calendar'], `unknown calendar '${it.arrivals.calendar}' (expected '24/7' or one of: ${names(s.calendars)})`);
    }
  }
});

/** A validated scenario, units converted (durations in hours, rates per hour). */
export type Scenario = z.output<typeof ScenarioSchema>;
/** A scenario as written in a file. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type DisciplineInput = z.output<typeof DisciplineSchema>;
export type CalendarValue = z.output<typeof CalendarSchema>;
export type RoleDef = z.output<typeof RoleSchema>;
export type TaskDef = z.output<typeof TaskSchema>;
export type ItemTypeDef = z.output<typeof ItemTypeSchema>;
