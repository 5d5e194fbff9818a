/**
 * A weekly working calendar: when a role is on shift, or when arrivals can occur.
 *
 * Time 0 is Monday 00:00 and the unit is the hour. The week is held as 10,080
 * one-minute slots, so any shift pattern that can be written in hh:mm (split
 * shifts, night shifts crossing midnight, weekend cover) is represented exactly,
 * and "what is the next time the state changes" is a binary search over the
 * minutes at which it does.
 */
import { HOURS_PER_WEEK } from './time.js';

export { HOURS_PER_WEEK };
const MINUTES_PER_WEEK = 7 * 24 * 60;
/** Guards against t*60 landing a hair below an exact minute boundary. */
const EPS_MIN = 1e-6;

export interface Shift {
  /** Days of the week, 0 = Monday ... 6 = Sunday. */
  days: readonly number[];
  /** Start and end, in minutes after midnight; end <= start means the shift crosses midnight. */
  from: number;
  to: number;
}

export class WorkingCalendar {
  readonly alwaysOpen: boolean;
  readonly openHoursPerWeek: number;
  /** Days of the week with any open time. */
  readonly openDays: number;
  private readonly open: Uint8Array;
  /** Minutes of the week at which the open state changes, ascending. */
  private readonly changes: Int32Array;

  /** A calendar open 24 hours a day, 7 days a week. */
  static always(): WorkingCalendar {
    return new WorkingCalendar([{ days: [0, 1, 2, 3, 4, 5, 6], from: 0, to: 0 }]);
  }

  constructor(shifts: readonly Shift[]) {
    const open = new Uint8Array(MINUTES_PER_WEEK);
    for (const s of shifts) {
      const length = s.to > s.from ? s.to - s.from : s.to + 1440 - s.from;
      for (const d of s.days) {
        const start = d * 1440 + s.from;
        for (let m = 0; m < length; m++) open[(start + m) % MINUTES_PER_WEEK] = 1;
      }
    }
    const changes: number[] = [];
    let openMinutes = 0;
    for (let m = 0; m < MINUTES_PER_WEEK; m++) {
      openMinutes += open[m];
      if (open[m] !== open[(m + MINUTES_PER_WEEK - 1) % MINUTES_PER_WEEK]) changes.push(m);
    }
    const days = new Set<number>();
    for (let m = 0; m < MINUTES_PER_WEEK; m++) if (open[m]) days.add(Math.floor(m / 1440));
    this.open = open;
    this.changes = Int32Array.from(changes);
    this.openHoursPerWeek = openMinutes / 60;
    this.openDays = days.size;
    this.alwaysOpen = openMinutes === MINUTES_PER_WEEK;
  }

  /** Open hours on an average open day (for "per day" rates). */
  get openHoursPerDay(): number {
    return this.openDays === 0 ? 0 : this.openHoursPerWeek / this.openDays;
  }

  isOpen(t: number): boolean {
    if (this.alwaysOpen) return true;
    return this.open[minuteOfWeek(t)] === 1;
  }

  /** The first time strictly after t at which the open state changes (Infinity if never). */
  nextChange(t: number): number {
    const ch = this.changes;
    if (ch.length === 0) return Infinity;
    const week = Math.floor(t / HOURS_PER_WEEK + EPS_MIN / MINUTES_PER_WEEK);
    const m = minuteOfWeek(t);
    // First change minute > m, or the first one of next week.
    let lo = 0, hi = ch.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ch[mid] <= m) lo = mid + 1; else hi = mid;
    }
    const next = lo < ch.length ? week * MINUTES_PER_WEEK + ch[lo] : (week + 1) * MINUTES_PER_WEEK + ch[0];
    return next / 60;
  }
}

function minuteOfWeek(t: number): number {
  const m = Math.floor(t * 60 + EPS_MIN) % MINUTES_PER_WEEK;
  return m < 0 ? m + MINUTES_PER_WEEK : m;
}
