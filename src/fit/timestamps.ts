import { UserError } from '../scenario/load.js';

/**
 * Timestamps of an export as the local wall clock the profile is about. A
 * stamp with a zone ('2026-03-02T08:15:00Z', '...+01:00') is an instant, shown
 * in --tz; one without ('2026-03-02 09:15') is already local and read as
 * written, whatever --tz says (CRMs export both ways).
 */
export interface LocalTime {
  /** Days since 1970-01-01 of the local date. */
  day: number;
  /** Hour of the day, 0-23. */
  hour: number;
  /** Minutes since the local midnight (fractional with seconds). */
  minute: number;
  /** 0 = Monday ... 6 = Sunday. */
  weekday: number;
  /** Day of the month, from 1, and the month's length. */
  dayOfMonth: number;
  daysInMonth: number;
}

const STAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export const TIMESTAMP_EXAMPLE = "a timestamp such as '2026-03-02 09:15' or '2026-03-02T08:15:00Z'";

/** A checked --tz: an IANA zone Intl knows ('Europe/Berlin', 'UTC'). */
export function timeZone(tz: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch {
    throw new UserError(`--tz ${tz}: unknown time zone (expected an IANA name such as 'UTC', 'Europe/Berlin' or 'America/Chicago')`);
  }
}

/** The local time of a cell, or null if it is not a timestamp (the caller names the file, line and column). */
export function localTime(cell: string, zone: Intl.DateTimeFormat): LocalTime | null {
  const m = STAMP.exec(cell);
  if (m === null) return null;
  let [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  let s = m[6] === undefined ? 0 : Number(m[6]);
  if (mo < 1 || mo > 12 || d < 1 || d > monthLength(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  if (m[7] !== undefined) {
    const z = m[7].toUpperCase();
    const offset = z === 'Z' ? 0 : (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(-2)));
    const instant = Date.UTC(y, mo - 1, d, h, mi, s) - offset * 60_000;
    const parts = Object.fromEntries(zone.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
    [y, mo, d, h, mi, s] = [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map(Number);
  }
  const day = Math.round(Date.UTC(y, mo - 1, d) / 86_400_000);
  return { day, hour: h, minute: h * 60 + mi + s / 60, weekday: weekdayOf(day), dayOfMonth: d, daysInMonth: monthLength(y, mo) };
}

/** 1970-01-01 was a Thursday (3, counting from Monday). */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function monthLength(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** A day number as its date, for messages and comments. */
export function dateText(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
