import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HOURS_PER_WEEK, WorkingCalendar, type Shift } from '../../src/kernel/calendar.js';

/** Uniform on [lo, hi] (fc.double picks uniformly among representable doubles, which crowds near 0). */
const uniform = (lo: number, hi: number) => fc.integer({ min: 0, max: 1_000_000_000 }).map((k) => lo + ((hi - lo) * k) / 1e9);

const MINUTES_PER_WEEK = 7 * 24 * 60;

/**
 * Reference semantics, written independently of the implementation: minute m of the
 * week is open when, for some shift and one of its days d, the minutes elapsed since
 * that day's start time (mod one week) are fewer than the shift's length. A shift with
 * to <= from ends the next day (to == from is a full 24 hours).
 */
function referenceOpenMinutes(shifts: readonly Shift[]): boolean[] {
  const open: boolean[] = [];
  for (let m = 0; m < MINUTES_PER_WEEK; m++) {
    open.push(
      shifts.some((s) => {
        const length = s.to > s.from ? s.to - s.from : 1440 - s.from + s.to;
        return s.days.some((d) => {
          const since = (((m - (d * 1440 + s.from)) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
          return since < length;
        });
      }),
    );
  }
  return open;
}

/** Open state at an absolute minute (any week, >= 0). */
const at = (open: boolean[], minute: number) => open[((minute % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK];

/** Brute force: the first whole minute k > m (as an absolute minute) where the state differs from minute k - 1. */
function referenceNextChangeMinute(open: boolean[], m: number): number {
  for (let k = m + 1; k <= m + MINUTES_PER_WEEK + 1; k++) if (at(open, k) !== at(open, k - 1)) return k;
  return Infinity;
}

const shiftArb: fc.Arbitrary<Shift> = fc.record({
  days: fc.subarray([0, 1, 2, 3, 4, 5, 6]),
  // Mix whole hours (typical shifts, frequent coincidences) and arbitrary minutes.
  from: fc.oneof(fc.integer({ min: 0, max: 23 }).map((h) => h * 60), fc.integer({ min: 0, max: 1439 })),
  to: fc.oneof(fc.integer({ min: 0, max: 23 }).map((h) => h * 60), fc.integer({ min: 0, max: 1439 })),
});
const shiftsArb = fc.array(shiftArb, { maxLength: 4 });
/** An absolute minute over four weeks, plus a fraction of a minute in [0, 1). */
const minuteArb = fc.integer({ min: 0, max: 4 * MINUTES_PER_WEEK - 1 });
const fractionArb = fc.oneof(fc.constant(0), uniform(0.001, 0.999));

describe('WorkingCalendar: fixed examples', () => {
  const weekdays = new WorkingCalendar([{ days: [0, 1, 2, 3, 4], from: 8 * 60, to: 17 * 60 }]);

  it('Mon-Fri 08:00-17:00 is open at 08:00 exactly and closed at 17:00 exactly', () => {
    expect(weekdays.isOpen(8)).toBe(true);
    expect(weekdays.isOpen(17)).toBe(false);
    expect(weekdays.isOpen(8 - 1 / 120)).toBe(false);
    expect(weekdays.isOpen(17 - 1 / 120)).toBe(true);
    expect(weekdays.isOpen(0)).toBe(false);
    expect(weekdays.isOpen(12)).toBe(true);
    // Friday open, Saturday and Sunday closed, next Monday open again.
    expect(weekdays.isOpen(4 * 24 + 16.5)).toBe(true);
    expect(weekdays.isOpen(5 * 24 + 12)).toBe(false);
    expect(weekdays.isOpen(6 * 24 + 12)).toBe(false);
    expect(weekdays.isOpen(HOURS_PER_WEEK + 8)).toBe(true);
    expect(weekdays.isOpen(100 * HOURS_PER_WEEK + 2 * 24 + 8)).toBe(true);
    expect(weekdays.isOpen(100 * HOURS_PER_WEEK + 2 * 24 + 17)).toBe(false);
  });

  it('Mon-Fri 08:00-17:00: nextChange steps open/close and jumps the weekend', () => {
    expect(weekdays.nextChange(0)).toBe(8);
    expect(weekdays.nextChange(8)).toBe(17);
    expect(weekdays.nextChange(12.25)).toBe(17);
    expect(weekdays.nextChange(17)).toBe(24 + 8);
    expect(weekdays.nextChange(4 * 24 + 17)).toBe(HOURS_PER_WEEK + 8);
    expect(weekdays.nextChange(6 * 24 + 23.99)).toBe(HOURS_PER_WEEK + 8);
    expect(weekdays.nextChange(52 * HOURS_PER_WEEK + 4 * 24 + 9)).toBe(52 * HOURS_PER_WEEK + 4 * 24 + 17);
  });

  it('Mon-Fri 08:00-17:00 has 45 open hours a week over 5 days', () => {
    expect(weekdays.openHoursPerWeek).toBe(45);
    expect(weekdays.openDays).toBe(5);
    expect(weekdays.openHoursPerDay).toBe(9);
    expect(weekdays.alwaysOpen).toBe(false);
  });

  it('a night shift Sunday 22:00-06:00 crosses into Monday of the next week', () => {
    const night = new WorkingCalendar([{ days: [6], from: 22 * 60, to: 6 * 60 }]);
    expect(night.isOpen(0)).toBe(true);
    expect(night.isOpen(5.99)).toBe(true);
    expect(night.isOpen(6)).toBe(false);
    expect(night.isOpen(6 * 24 + 21.99)).toBe(false);
    expect(night.isOpen(6 * 24 + 22)).toBe(true);
    expect(night.isOpen(HOURS_PER_WEEK + 3)).toBe(true);
    expect(night.nextChange(0)).toBe(6);
    expect(night.nextChange(6)).toBe(6 * 24 + 22);
    expect(night.nextChange(6 * 24 + 22)).toBe(HOURS_PER_WEEK + 6);
    expect(night.openHoursPerWeek).toBe(8);
    expect(night.openDays).toBe(2);
  });

  it('split shifts and a full-day shift (from == to)', () => {
    const cal = new WorkingCalendar([
      { days: [0], from: 9 * 60, to: 12 * 60 },
      { days: [0], from: 13 * 60, to: 17 * 60 + 30 },
      { days: [2], from: 0, to: 0 },
    ]);
    expect(cal.isOpen(12.5)).toBe(false);
    expect(cal.nextChange(12)).toBe(13);
    expect(cal.nextChange(13)).toBe(17.5);
    expect(cal.nextChange(17.5)).toBe(48);
    expect(cal.nextChange(48)).toBe(72);
    expect(cal.isOpen(48)).toBe(true);
    expect(cal.isOpen(71.99)).toBe(true);
    expect(cal.isOpen(72)).toBe(false);
    expect(cal.openHoursPerWeek).toBe(3 + 4.5 + 24);
  });

  it('always() is open everywhere and never changes', () => {
    const cal = WorkingCalendar.always();
    expect(cal.alwaysOpen).toBe(true);
    expect(cal.openHoursPerWeek).toBe(HOURS_PER_WEEK);
    expect(cal.openDays).toBe(7);
    expect(cal.openHoursPerDay).toBe(24);
    fc.assert(
      fc.property(uniform(0, 1e6), (t) => {
        expect(cal.isOpen(t)).toBe(true);
        expect(cal.nextChange(t)).toBe(Infinity);
      }),
    );
  });

  it('a calendar with no open minutes never opens', () => {
    for (const cal of [new WorkingCalendar([]), new WorkingCalendar([{ days: [], from: 480, to: 1020 }])]) {
      expect(cal.alwaysOpen).toBe(false);
      expect(cal.openHoursPerWeek).toBe(0);
      expect(cal.openDays).toBe(0);
      expect(cal.openHoursPerDay).toBe(0);
      fc.assert(
        fc.property(uniform(0, 1e6), (t) => {
          expect(cal.isOpen(t)).toBe(false);
          expect(cal.nextChange(t)).toBe(Infinity);
        }),
        { numRuns: 200 },
      );
    }
  });
});

describe('WorkingCalendar: properties against a minute-by-minute reference', () => {
  it('property: isOpen(t) agrees with the reference at whole minutes and inside minutes', () => {
    fc.assert(
      fc.property(shiftsArb, fc.array(fc.tuple(minuteArb, fractionArb), { minLength: 1, maxLength: 60 }), (shifts, times) => {
        const cal = new WorkingCalendar(shifts);
        const open = referenceOpenMinutes(shifts);
        for (const [m, f] of times) expect(cal.isOpen((m + f) / 60)).toBe(at(open, m));
      }),
      { numRuns: 150 },
    );
  });

  it('property: openHoursPerWeek, openDays and alwaysOpen equal brute-force counts', () => {
    fc.assert(
      fc.property(shiftsArb, (shifts) => {
        const cal = new WorkingCalendar(shifts);
        const open = referenceOpenMinutes(shifts);
        const openMinutes = open.filter(Boolean).length;
        expect(cal.openHoursPerWeek).toBeCloseTo(openMinutes / 60, 9);
        const days = new Set<number>();
        open.forEach((o, m) => { if (o) days.add(Math.floor(m / 1440)); });
        expect(cal.openDays).toBe(days.size);
        expect(cal.alwaysOpen).toBe(openMinutes === MINUTES_PER_WEEK);
      }),
      { numRuns: 150 },
    );
  });

  it('property: nextChange(t) is the first later time at which isOpen flips', () => {
    fc.assert(
      fc.property(shiftsArb, fc.array(fc.tuple(minuteArb, fractionArb), { minLength: 1, maxLength: 20 }), (shifts, times) => {
        const cal = new WorkingCalendar(shifts);
        const open = referenceOpenMinutes(shifts);
        for (const [m, f] of times) {
          const t = (m + f) / 60;
          const next = cal.nextChange(t);
          const expectedMinute = referenceNextChangeMinute(open, m);
          if (expectedMinute === Infinity) {
            expect(next).toBe(Infinity);
            continue;
          }
          expect(next * 60).toBeCloseTo(expectedMinute, 6);
          expect(next).toBeGreaterThan(t);
          // The state flips at `next`: different just before and at/just after it...
          const before = cal.isOpen(next - 1 / 240);
          expect(cal.isOpen(next)).toBe(!before);
          expect(cal.isOpen(next + 1 / 240)).toBe(!before);
          // ...and does not flip anywhere between t and next: checked at every minute start,
          // and every 7.5 s over the first and last two minutes of the interval.
          const state = cal.isOpen(t);
          expect(before).toBe(state);
          const flips: number[] = [];
          for (let k = m + 1; k < expectedMinute; k++) if (cal.isOpen(k / 60) !== state) flips.push(k / 60);
          // (Samples stay 1e-7 h clear of `next`: isOpen treats times within 1e-6 min of a boundary as on it.)
          for (let k = 0; k <= 16; k++) {
            for (const x of [t + k / 480, next - (k + 1) / 480]) {
              if (x >= t && x < next - 1e-7 && cal.isOpen(x) !== state) flips.push(x);
            }
          }
          expect(flips).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('property: iterating nextChange from any start visits every reference change over two weeks (also far in the future)', () => {
    fc.assert(
      fc.property(shiftsArb, fc.constantFrom(0, 1, 1000, 52_000), (shifts, startWeek) => {
        const cal = new WorkingCalendar(shifts);
        const open = referenceOpenMinutes(shifts);
        const expected: number[] = [];
        for (let k = 1; k <= 2 * MINUTES_PER_WEEK; k++) if (at(open, k) !== at(open, k - 1)) expected.push(k);
        const origin = startWeek * MINUTES_PER_WEEK;
        let t = origin / 60;
        for (const k of expected) {
          t = cal.nextChange(t);
          expect(Math.round(t * 60) - origin).toBe(k);
          expect(Math.abs(t * 60 - (origin + k))).toBeLessThan(1e-6);
          expect(cal.isOpen(t)).toBe(at(open, k));
        }
        if (expected.length === 0) expect(cal.nextChange(t)).toBe(Infinity);
      }),
      { numRuns: 150 },
    );
  });
});
