import { UserError } from '../scenario/load.js';
import { MANUFACTURER_TASKS } from '../sales/tasks.js';

/** A task of the manufacturer's workflow (scenarios/workflows/manufacturer.yaml), whose demand `calibrate` knows how to fit. */
type TaskName = string;
import { column, durationCell, readCsv, textCell, unitHours } from './csv.js';
import { localTime, TIMESTAMP_EXAMPLE, timeZone, type LocalTime } from './timestamps.js';

/**
 * An activity log: one row per piece of work done, with when it started, the
 * task (in salesim's task names), who did it (role and person), for which
 * account (and its segment) and how long it took. What `salesim calibrate`
 * reads; every cell is checked before anything is computed.
 */
export interface Activity {
  line: number;
  time: LocalTime;
  task: TaskName;
  role: string;
  person: string;
  /** Empty for internal work (admin, campaigns). */
  account: string;
  segment: string;
  /** In the log's unit; null for an empty cell. */
  duration: number | null;
}

export const LOG_COLUMNS = ['timestamp', 'task', 'role', 'person', 'account', 'segment', 'duration'] as const;

/** Work a customer asks for: it has an account, and it counts toward the segment's demand. */
export const CUSTOMER_TASKS: ReadonlySet<TaskName> = new Set(['inbound_call', 'callback', 'order_entry', 'quote_simple', 'quote_complex', 'service_issue',
  'renewal', 'engineering_request', 'am_visit', 'delivery_update', 'tech_visit', 'design', 'production_job']);

export function readActivityLog(file: string, unit: string, tz: string): Activity[] {
  const hours = unitHours(unit);
  const zone = timeZone(tz);
  const t = readCsv(file);
  const [ts, task, role, person, account, segment, duration] = LOG_COLUMNS.map((c) => column(t, c, 'column'));
  return t.rows.map((row) => {
    const stamp = textCell(t, row, ts, TIMESTAMP_EXAMPLE);
    const time = localTime(stamp, zone);
    if (time === null) throw new UserError(`${file}:${row.line}: column timestamp: expected ${TIMESTAMP_EXAMPLE}, got '${stamp}'`);
    const name = textCell(t, row, task, 'a task');
    if (!MANUFACTURER_TASKS.includes(name)) {
      throw new UserError(`${file}:${row.line}: column task: unknown task '${name}' (expected one of the manufacturer workflow's tasks: ${MANUFACTURER_TASKS.join(', ')})`);
    }
    const customer = CUSTOMER_TASKS.has(name as TaskName);
    const a = row.cells[account] ?? '';
    const s = row.cells[segment] ?? '';
    if (customer && a === '') textCell(t, row, account, `the account ${name} was for`);
    if (a !== '' && s === '') textCell(t, row, segment, `the segment of account ${a}`);
    return {
      line: row.line, time, task: name as TaskName,
      role: textCell(t, row, role, 'the role that did the work'), person: textCell(t, row, person, 'who did the work'),
      account: a, segment: s, duration: durationCell(t, row, duration, unit, hours),
    };
  });
}
