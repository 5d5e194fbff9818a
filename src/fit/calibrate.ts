import { UserError } from '../scenario/load.js';
/** A task of the manufacturer's workflow (activity-log.ts). */
type TaskName = string;
import type { Activity } from './activity-log.js';
import { fitArrivals, type ArrivalFit } from './arrivals.js';
import { weekdayOf } from './timestamps.js';
import type { Form } from './distributions.js';
import { fitGroup, formMean, scaleForm, type GroupFit } from './durations.js';

/**
 * What an activity log says about a sales scenario's company and roles:
 *
 * - each segment's demand per account and week (orders, quote requests and
 *   the complex share, service issues, engineering requests, visits), each
 *   with its Poisson standard error, over the accounts the scenario lists (a
 *   log sees only the accounts that asked for something; more distinct ones
 *   than the scenario lists replace its count);
 * - each task's duration: the best fit of its reference role (the role of the
 *   scenario that did it most), divided by that role's speed in the scenario,
 *   so that the role takes as long as observed and the scenario's relative
 *   speeds carry over to roles the log does not show; each other role of the
 *   scenario seen doing it gets the speed that matches its own mean;
 * - the demand profile (hour of day, weekday, month-end) from inbound calls,
 *   which are answered as they come (the other tasks' times are when someone
 *   got to them, not when they were asked for), or from all demand without calls;
 * - BD meetings per person and week for each role that holds them: the number
 *   the model's bd_meetings_per_field_rep_week is checked against.
 */
export interface ScenarioView {
  name: string;
  segments: Record<string, { accounts: number }>;
  roles: Record<string, { speed: Partial<Record<TaskName, number>> }>;
  /** Each task's duration as the scenario writes it (after extends), for the overlay to replace. */
  durations: Partial<Record<TaskName, unknown>>;
}

export const DEMAND_FIELDS: [string, TaskName[]][] = [
  ['orders', ['order_entry']], ['quote_requests', ['quote_simple', 'quote_complex']], ['service_issues', ['service_issue']],
  ['engineering_requests', ['engineering_request']], ['visits', ['am_visit']],
];

export interface Rate { field: string; count: number; perWeek: number; se: number }
export interface SegmentCalibration { segment: string; accounts: number; seen: number; listed: number; rates: Rate[]; complexShare: { value: number; se: number; quotes: number } | null }
export interface RoleSpeed { role: string; n: number; mean: number; speed: number }
export interface TaskCalibration { task: TaskName; reference: string; referenceSpeed: number; fit: GroupFit; base: Form; speeds: RoleSpeed[] }
export interface Meetings { role: string; persons: number; meetings: number; perWeek: number; se: number }

export interface Calibration {
  firstDay: number;
  lastDay: number;
  weeks: number;
  activities: number;
  segments: SegmentCalibration[];
  tasks: TaskCalibration[];
  meetings: Meetings[];
  profile: ArrivalFit | null;
  profileFrom: string;
  warnings: string[];
}

/** A role needs this many timed rows of a task for a speed of its own. */
export const MIN_FOR_SPEED = 5;
/** Calls are the profile's source when there are this many; fewer say little about the hours. */
const MIN_CALLS = 100;

const count = <T>(xs: readonly T[], f: (x: T) => boolean) => xs.reduce((n, x) => n + (f(x) ? 1 : 0), 0);

export function calibrate(log: readonly Activity[], scenario: ScenarioView, file: string, monthEndDays: number): Calibration {
  const warnings: string[] = [];
  // A loop, not Math.min(...): spreading a long log's days as arguments overflows the stack.
  let firstDay = Infinity, lastDay = -Infinity;
  for (const a of log) { firstDay = Math.min(firstDay, a.time.day); lastDay = Math.max(lastDay, a.time.day); }
  const days = lastDay - firstDay + 1;
  if (days < 7) throw new UserError(`${file}: column timestamp: expected at least a week of activities for weekly rates, found ${days} day${days === 1 ? '' : 's'}`);
  // Weeks of business: the days of the span on the weekdays anybody works, over how many such weekdays a week has.
  // A log from a Monday to a Friday is whole weeks, though the span lacks its last weekend.
  const open = new Set(log.map((a) => a.time.weekday));
  let openDays = 0;
  for (let d = firstDay; d <= lastDay; d++) if (open.has(weekdayOf(d))) openDays++;
  const weeks = openDays / open.size;

  for (const a of log) {
    if (a.segment !== '' && !(a.segment in scenario.segments)) {
      throw new UserError(`${file}:${a.line}: column segment: unknown segment '${a.segment}' (segments of ${scenario.name}: ${Object.keys(scenario.segments).join(', ')})`);
    }
  }
  const segments = Object.keys(scenario.segments).filter((s) => log.some((a) => a.segment === s)).map((segment): SegmentCalibration => {
    const mine = log.filter((a) => a.segment === segment);
    const seen = new Set(mine.map((a) => a.account)).size;
    const listed = scenario.segments[segment].accounts;
    const accounts = Math.max(seen, listed);
    const exposure = accounts * weeks;
    const rates = DEMAND_FIELDS.map(([field, tasks]) => {
      const n = count(mine, (a) => tasks.includes(a.task));
      return { field, count: n, perWeek: n / exposure, se: Math.sqrt(n) / exposure };
    });
    const quotes = count(mine, (a) => a.task === 'quote_simple' || a.task === 'quote_complex');
    const complex = count(mine, (a) => a.task === 'quote_complex');
    const share = complex / Math.max(quotes, 1);
    return { segment, accounts, seen, listed, rates, complexShare: quotes === 0 ? null : { value: share, se: Math.sqrt((share * (1 - share)) / quotes), quotes } };
  });

  const unknownRoles = [...new Set(log.map((a) => a.role))].filter((r) => !(r in scenario.roles)).sort();
  if (unknownRoles.length > 0) warnings.push(`roles not in ${scenario.name}: ${unknownRoles.join(', ')}; their durations set a task's only when no role of the scenario did it`);
  const tasks = [...new Set(log.map((a) => a.task))].sort().flatMap((task) => {
    if (task === 'production_job') return []; // its work content follows from the order value
    const timed = log.filter((a) => a.task === task && a.duration !== null);
    if (timed.length === 0) return [];
    return [calibrateTask(task, timed, scenario)];
  });

  const meetings = [...new Set(log.filter((a) => a.task === 'bd_meeting').map((a) => a.role))].sort().map((role) => {
    const n = count(log, (a) => a.task === 'bd_meeting' && a.role === role);
    // Everyone of the role in the log, whether or not they met anybody: the model's rate is per person of the role.
    const persons = new Set(log.filter((a) => a.role === role).map((a) => a.person)).size;
    return { role, persons, meetings: n, perWeek: n / (persons * weeks), se: Math.sqrt(n) / (persons * weeks) };
  });

  const calls = log.filter((a) => a.task === 'inbound_call');
  const demand = new Set(DEMAND_FIELDS.flatMap(([, t]) => t));
  const source = calls.length >= MIN_CALLS ? calls : log.filter((a) => demand.has(a.task));
  const profileFrom = calls.length >= MIN_CALLS ? `${calls.length} inbound calls` : `${source.length} demand activities (fewer than ${MIN_CALLS} inbound calls)`;
  const profile = source.length > 0 ? fitArrivals(source.map((a) => ({ time: a.time, group: '' })), monthEndDays) : null;
  if (profile !== null && profile.dispersion.ratio > 1 && profile.dispersion.pValue < 0.05) {
    warnings.push(`daily ${calls.length >= MIN_CALLS ? 'calls' : 'demand'} vary ${profile.dispersion.ratio.toFixed(2)} times as much as Poisson arrivals would: the calibrated scenario will understate the peaks`);
  }
  return { firstDay, lastDay, weeks, activities: log.length, segments, tasks, meetings, profile, profileFrom, warnings };
}

function calibrateTask(task: TaskName, timed: readonly Activity[], scenario: ScenarioView): TaskCalibration {
  const byRole = new Map<string, number[]>();
  for (const a of timed) {
    let xs = byRole.get(a.role);
    if (xs === undefined) byRole.set(a.role, xs = []);
    xs.push(a.duration!);
  }
  // Most rows first, then by name: the same log always picks the same reference.
  const ranked = [...byRole.keys()].sort((a, b) => byRole.get(b)!.length - byRole.get(a)!.length || (a < b ? -1 : 1));
  const reference = ranked.find((r) => r in scenario.roles) ?? ranked[0];
  const referenceSpeed = scenario.roles[reference]?.speed[task] ?? 1;
  const fit = fitGroup(task, byRole.get(reference)!);
  const base = scaleForm(fit.chosen, 1 / referenceSpeed);
  const baseMean = formMean(base);
  // A task the reference does in no time gives no ratio to take.
  const speeds = ranked.filter((r) => baseMean > 0 && r !== reference && r in scenario.roles && byRole.get(r)!.length >= MIN_FOR_SPEED).map((role) => {
    const xs = byRole.get(role)!;
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    return { role, n: xs.length, mean, speed: mean / baseMean };
  });
  return { task, reference, referenceSpeed, fit, base, speeds };
}
