import { describe, expect, it } from 'vitest';
import { chiSquaredDistributionTable, mean, sampleStandardDeviation } from 'simple-statistics';
import { HOURS_PER_MONTH, PoissonArrivals } from '../../src/kernel/arrivals.js';
import { HOURS_PER_WEEK, WorkingCalendar } from '../../src/kernel/calendar.js';
import { RandomStreams } from '../../src/kernel/random.js';

const streams = new RandomStreams('arrivals-test');

/** All arrival times in [0, horizon). */
function arrivals(a: PoissonArrivals, horizon: number, stream: string): number[] {
  const rng = streams.stream(stream);
  const out: number[] = [];
  let t = 0;
  let notLater = 0;
  for (;;) {
    const next = a.next(t, rng);
    if (!(next > t)) notLater++;
    if (next >= horizon) break;
    out.push(next);
    t = next;
  }
  // Each arrival comes strictly after the time it was asked from.
  expect(notLater).toBe(0);
  return out;
}

/** A Poisson count with the given mean lies within z standard deviations of it. */
function expectPoissonCount(count: number, expected: number, z = 4.5): void {
  expect(Math.abs(count - expected)).toBeLessThan(z * Math.sqrt(expected));
}

/** Pearson's statistic against known expectations, below the 99.5% point of chi-square(df = number of cells). */
function expectChiSquare(observed: number[], expected: number[]): void {
  let stat = 0;
  let cells = 0;
  observed.forEach((o, i) => {
    if (expected[i] > 0) {
      stat += (o - expected[i]) ** 2 / expected[i];
      cells++;
    } else {
      expect(o).toBe(0);
    }
  });
  const table = chiSquaredDistributionTable as unknown as Record<number, Record<string, number>>;
  expect(stat).toBeLessThan(table[cells]['0.005']);
}

describe('PoissonArrivals: homogeneous', () => {
  it('gives rate x horizon arrivals with exponential gaps', () => {
    const a = new PoissonArrivals(3);
    expect(a.peakRate).toBe(3);
    expect(a.rateAt(0)).toBe(3);
    expect(a.rateAt(12345.6)).toBe(3);
    const times = arrivals(a, 20_000, 'homogeneous');
    expectPoissonCount(times.length, 60_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // Exponential gaps: mean 1/3 and coefficient of variation 1.
    expect(Math.abs(mean(gaps) - 1 / 3)).toBeLessThan(4.5 * (1 / 3) / Math.sqrt(gaps.length));
    expect(Math.abs(sampleStandardDeviation(gaps) / mean(gaps) - 1)).toBeLessThan(0.02);
  });

  it('a zero rate never produces an arrival', () => {
    const rng = streams.stream('zero');
    expect(new PoissonArrivals(0).next(0, rng)).toBe(Infinity);
    expect(new PoissonArrivals(5, { hourOfDay: new Array(24).fill(0) }).next(0, rng)).toBe(Infinity);
    expect(new PoissonArrivals(5, {}, new WorkingCalendar([])).next(3, rng)).toBe(Infinity);
  });
});

describe('PoissonArrivals: rate profiles', () => {
  const HOUR = [0, 0, 0, 0, 0, 0, 0.5, 1, 2, 3, 3, 2, 1.5, 2, 2.5, 3, 2, 1, 0.5, 0.5, 0.2, 0, 0, 0];

  it('rateAt multiplies the base rate by the hour-of-day multiplier; peakRate is the maximum', () => {
    const a = new PoissonArrivals(2, { hourOfDay: HOUR });
    expect(a.peakRate).toBe(6);
    expect(a.rateAt(9.5)).toBe(6);
    expect(a.rateAt(24 * 10 + 6)).toBe(1);
    expect(a.rateAt(3)).toBe(0);
    expect(a.rateAt(5.999)).toBe(0);
  });

  it('hour-of-day: per-hour counts are proportional to the multipliers', () => {
    const days = 3000;
    const a = new PoissonArrivals(1, { hourOfDay: HOUR });
    const counts = new Array(24).fill(0);
    for (const t of arrivals(a, days * 24, 'hour-of-day')) counts[Math.floor(t) % 24]++;
    expectChiSquare(counts, HOUR.map((m) => m * days));
  });

  it('day-of-week: per-day counts are proportional to the multipliers', () => {
    const DOW = [1, 1, 1, 1, 2, 0.5, 0];
    const weeks = 3000;
    const a = new PoissonArrivals(0.5, { dayOfWeek: DOW });
    expect(a.peakRate).toBe(1);
    expect(a.rateAt(4 * 24 + 1)).toBe(1);
    expect(a.rateAt(HOURS_PER_WEEK + 6 * 24 + 1)).toBe(0);
    const counts = new Array(7).fill(0);
    for (const t of arrivals(a, weeks * HOURS_PER_WEEK, 'day-of-week')) counts[Math.floor(t / 24) % 7]++;
    expectChiSquare(counts, DOW.map((m) => 0.5 * 24 * m * weeks));
  });

  it('hour-of-day and day-of-week multiply', () => {
    const hour = Array.from({ length: 24 }, (_, h) => (h < 12 ? 1 : 3));
    const dow = [1, 2, 1, 1, 1, 1, 0.5];
    const a = new PoissonArrivals(2, { hourOfDay: hour, dayOfWeek: dow });
    expect(a.peakRate).toBe(12);
    expect(a.rateAt(24 + 13)).toBe(12);
    expect(a.rateAt(6 * 24 + 1)).toBe(1);
    const weeks = 400;
    const cells = new Array(14).fill(0); // day x (morning, afternoon)
    for (const t of arrivals(a, weeks * HOURS_PER_WEEK, 'hour-and-day')) {
      cells[(Math.floor(t / 24) % 7) * 2 + (Math.floor(t) % 24 < 12 ? 0 : 1)]++;
    }
    const expected = cells.map((_, i) => 2 * 12 * dow[Math.floor(i / 2)] * (i % 2 === 0 ? 1 : 3) * weeks);
    expectChiSquare(cells, expected);
  });

  it('month-end: the rate rises over the last days of every 730.5 h month', () => {
    expect(HOURS_PER_MONTH).toBe(730.5);
    const a = new PoissonArrivals(1, { monthEnd: { days: 3, multiplier: 4 } });
    expect(a.peakRate).toBe(4);
    const start = HOURS_PER_MONTH - 72;
    expect(a.rateAt(start - 0.01)).toBe(1);
    expect(a.rateAt(start + 0.01)).toBe(4);
    expect(a.rateAt(HOURS_PER_MONTH - 0.01)).toBe(4);
    expect(a.rateAt(HOURS_PER_MONTH + 0.01)).toBe(1);
    // The second month ends at 1461 h: its window starts at 1389 h, not at a whole-day multiple of the first.
    expect(a.rateAt(2 * HOURS_PER_MONTH - 72 - 0.01)).toBe(1);
    expect(a.rateAt(2 * HOURS_PER_MONTH - 72 + 0.01)).toBe(4);

    const months = 100;
    let rush = 0;
    let normal = 0;
    for (const t of arrivals(a, months * HOURS_PER_MONTH, 'month-end')) {
      if (t % HOURS_PER_MONTH >= start) rush++; else normal++;
    }
    expectPoissonCount(normal, months * start);
    expectPoissonCount(rush, months * 72 * 4);
  });

  it('month-end with a multiplier below 1 lowers the rate there (peak stays the base rate)', () => {
    const a = new PoissonArrivals(2, { monthEnd: { days: 5, multiplier: 0.25 } });
    expect(a.peakRate).toBe(2);
    const months = 60;
    const start = HOURS_PER_MONTH - 120;
    let rush = 0;
    let normal = 0;
    for (const t of arrivals(a, months * HOURS_PER_MONTH, 'month-end-low')) {
      if (t % HOURS_PER_MONTH >= start) rush++; else normal++;
    }
    expectPoissonCount(normal, months * start * 2);
    expectPoissonCount(rush, months * 120 * 0.5);
  });
});

describe('PoissonArrivals: with a working calendar', () => {
  it('Mon-Fri 08:00-17:00: no arrival in closed time, open-time rate and spread as specified', () => {
    const cal = new WorkingCalendar([{ days: [0, 1, 2, 3, 4], from: 8 * 60, to: 17 * 60 }]);
    const a = new PoissonArrivals(5, {}, cal);
    expect(a.rateAt(7.99)).toBe(0);
    expect(a.rateAt(8)).toBe(5);
    expect(a.rateAt(5 * 24 + 10)).toBe(0);
    const weeks = 400;
    const times = arrivals(a, weeks * HOURS_PER_WEEK, 'calendar-weekdays');
    expect(times.filter((t) => !cal.isOpen(t))).toEqual([]);
    expectPoissonCount(times.length, 5 * 45 * weeks);
    // Evenly spread over the open hours of the day and the open days of the week.
    const byHour = new Array(24).fill(0);
    const byDay = new Array(7).fill(0);
    for (const t of times) { byHour[Math.floor(t) % 24]++; byDay[Math.floor(t / 24) % 7]++; }
    expectChiSquare(byHour, byHour.map((_, h) => (h >= 8 && h < 17 ? 5 * 5 * weeks : 0)));
    expectChiSquare(byDay, byDay.map((_, d) => (d < 5 ? 5 * 9 * weeks : 0)));
  });

  it('low rates: a gap never runs through closed hours (0.02/h to 0.2/h on Mon-Fri 08:00-17:00)', () => {
    const office = new WorkingCalendar([{ days: [0, 1, 2, 3, 4], from: 8 * 60, to: 17 * 60 }]);
    const weeks = 10000;
    for (const rate of [0.02, 0.05, 0.1, 0.2]) {
      const times = arrivals(new PoissonArrivals(rate, {}, office), weeks * HOURS_PER_WEEK, `low-${rate}`);
      expect(times.every((t) => office.isOpen(t))).toBe(true);
      expectPoissonCount(times.length, rate * 45 * weeks);
    }
  });

  it('a night shift crossing Sunday -> Monday, combined with an hour-of-day profile', () => {
    const cal = new WorkingCalendar([
      { days: [6], from: 22 * 60, to: 6 * 60 },
      { days: [2], from: 12 * 60 + 30, to: 13 * 60 + 15 },
    ]);
    const hour = Array.from({ length: 24 }, (_, h) => (h < 3 ? 2 : 1));
    const a = new PoissonArrivals(3, { hourOfDay: hour }, cal);
    expect(a.rateAt(6 * 24 + 21.9)).toBe(0);
    expect(a.rateAt(6 * 24 + 23)).toBe(3);
    expect(a.rateAt(HOURS_PER_WEEK + 1)).toBe(6);
    expect(a.rateAt(HOURS_PER_WEEK + 2 * 24 + 12.75)).toBe(3);
    const weeks = 1000;
    const times = arrivals(a, weeks * HOURS_PER_WEEK, 'calendar-night');
    expect(times.filter((t) => !cal.isOpen(t))).toEqual([]);
    // Per week: Sun 22-24 (2 h x 3), Mon 00-03 (3 h x 6), Mon 03-06 (3 h x 3), Wed 12:30-13:15 (0.75 h x 3).
    const cells = [0, 0, 0, 0];
    for (const t of times) {
      const w = t % HOURS_PER_WEEK;
      if (w >= 6 * 24) cells[0]++;
      else if (w < 3) cells[1]++;
      else if (w < 6) cells[2]++;
      else cells[3]++;
    }
    // Over [0, weeks) every week contributes each cell once.
    expectChiSquare(cells, [6 * weeks, 18 * weeks, 9 * weeks, 2.25 * weeks]);
  });

  it('next() from inside a closed period starts at the next opening', () => {
    const cal = new WorkingCalendar([{ days: [0, 1, 2, 3, 4], from: 8 * 60, to: 17 * 60 }]);
    const a = new PoissonArrivals(10, {}, cal);
    const rng = streams.stream('from-closed');
    for (let i = 0; i < 200; i++) {
      const t = a.next(4 * 24 + 18, rng); // Friday 18:00
      expect(t).toBeGreaterThanOrEqual(HOURS_PER_WEEK + 8);
      expect(t).toBeLessThan(HOURS_PER_WEEK + 17);
    }
  });
});
