import type { WorkingCalendar } from './calendar.js';
import type { Rng } from './random.js';

import { HOURS_PER_MONTH } from './time.js';

/** Length of a simulated month in hours: a twelfth of 365.25 days (kernel/time.ts). */
export { HOURS_PER_MONTH };

export interface RateProfile {
  /** 24 multipliers, one per hour of the day starting at midnight. */
  hourOfDay?: readonly number[];
  /** 7 multipliers, Monday first. */
  dayOfWeek?: readonly number[];
  /** A multiplier applied in the last `days` days of every month (the month-end rush). */
  monthEnd?: { days: number; multiplier: number };
}

/**
 * A (possibly non-homogeneous) Poisson arrival process. The rate at time t is the
 * base rate times the hour-of-day, day-of-week and month-end multipliers, and zero
 * while the optional calendar is closed. Arrival times are drawn by thinning
 * (Lewis and Shedler, 1979): candidates at the peak rate, each kept with
 * probability rate(t) / peak. Closed periods are skipped outright, which is exact
 * because the process has no memory and no rate there.
 */
export class PoissonArrivals {
  readonly peakRate: number;
  private readonly homogeneous: boolean;
  /** A constant, positive rate around the clock: every gap is one exponential draw. */
  private readonly plain: boolean;

  constructor(
    /** Base rate in arrivals per hour. */
    readonly rate: number,
    private readonly profile: RateProfile = {},
    private readonly calendar: WorkingCalendar | null = null,
  ) {
    const maxOf = (xs: readonly number[] | undefined) => (xs === undefined ? 1 : Math.max(...xs));
    const me = profile.monthEnd ? Math.max(1, profile.monthEnd.multiplier) : 1;
    this.peakRate = rate * maxOf(profile.hourOfDay) * maxOf(profile.dayOfWeek) * me;
    this.homogeneous =
      profile.hourOfDay === undefined &&
      profile.dayOfWeek === undefined &&
      profile.monthEnd === undefined;
    this.plain = this.homogeneous && this.peakRate > 0 && (calendar === null || calendar.alwaysOpen);
  }

  /** The arrival rate (per hour) at time t. */
  rateAt(t: number): number {
    if (this.calendar !== null && !this.calendar.isOpen(t)) return 0;
    return this.rate * this.multiplier(t);
  }

  private multiplier(t: number): number {
    const p = this.profile;
    let m = 1;
    if (p.hourOfDay !== undefined) m *= p.hourOfDay[Math.floor(t) % 24];
    if (p.dayOfWeek !== undefined) m *= p.dayOfWeek[Math.floor(t / 24) % 7];
    if (p.monthEnd !== undefined && t % HOURS_PER_MONTH >= HOURS_PER_MONTH - p.monthEnd.days * 24) {
      m *= p.monthEnd.multiplier;
    }
    return m;
  }

  /** The first arrival after time t (Infinity if the rate is zero everywhere). */
  next(t: number, rng: Rng): number {
    // Kept small enough to be inlined into the caller for the common plain case; the
    // draw is the one thinning would make (a candidate that is always kept).
    if (this.plain) return t - Math.log(1 - rng()) / this.peakRate;
    return this.thinned(t, rng);
  }

  private thinned(t: number, rng: Rng): number {
    const peak = this.peakRate;
    if (!(peak > 0)) return Infinity;
    const cal = this.calendar;
    for (;;) {
      if (cal !== null && !cal.isOpen(t)) {
        t = cal.nextChange(t);
        if (t === Infinity) return Infinity;
      }
      const candidate = t - Math.log(1 - rng()) / peak;
      if (cal !== null) {
        // The open period ends before the candidate: no arrival in what was left of
        // it. The process has no memory, so restart at the closing time (and from
        // there at the next opening) rather than let the gap run through closed hours.
        const closes = cal.nextChange(t);
        if (candidate >= closes) {
          t = closes;
          continue;
        }
      }
      if (this.homogeneous || rng() * peak < this.rate * this.multiplier(candidate)) return candidate;
      t = candidate;
    }
  }
}
