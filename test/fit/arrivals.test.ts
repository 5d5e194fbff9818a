import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { arrivalsYaml } from '../../src/cli/fit-arrivals.js';
import { fitArrivals } from '../../src/fit/arrivals.js';
import { CompanySchema } from '../../src/sales/schema.js';
import { RateProfileSchema, rate } from '../../src/scenario/schema.js';
import { localTime, timeZone } from '../../src/fit/timestamps.js';
import { generateArrivals, OFFICE_HOURS, type ArrivalPlan } from './generate.js';

const PLAN: ArrivalPlan = {
  start: '2025-01-06', days: 364, perWeekday: [30, 24, 24, 24, 18, 0, 0], hourWeights: OFFICE_HOURS,
  monthEnd: { days: 3, multiplier: 1.4 }, growth: 0.25, seed: 'fit-arrivals-test',
};

const within = (est: number, se: number, truth: number, what: string) =>
  expect(Math.abs(est - truth), `${what}: ${est} ± ${se}, true ${truth}`).toBeLessThan(3 * se);

describe('fit arrivals recovers known rates, profile, month-end and growth', () => {
  const { arrivals } = generateArrivals(PLAN);
  const fit = fitArrivals(arrivals, 3);

  it('month-end multiplier and growth within 3 standard errors', () => {
    within(fit.monthEnd!.multiplier.value, fit.monthEnd!.multiplier.se, 1.4, 'month-end');
    expect(fit.growth!.applied).toBe(true);
    within(fit.growth!.value, fit.growth!.se, 0.25, 'growth');
  });

  it("the weekly rate at the log's end within 3 standard errors", () => {
    const truth = PLAN.perWeekday.reduce((a, b) => a + b, 0) * Math.pow(1.25, (PLAN.days - 1) / 365.25);
    within(fit.perWeek, fit.perWeekSe, truth, 'per week');
  });

  it('day-of-week and hour-of-day profiles: closed days 0, the shape of the plan', () => {
    const mean = PLAN.perWeekday.reduce((a, b) => a + b, 0) / 7;
    expect(fit.dayOfWeek.slice(5)).toEqual([0, 0]);
    // Each weekday's term has about 52 days of ~25 arrivals behind it: a relative error of 1/sqrt(1300) = 3%; 4 of those.
    fit.dayOfWeek.slice(0, 5).forEach((m, d) => expect(Math.abs(m / (PLAN.perWeekday[d] / mean) - 1)).toBeLessThan(0.12));
    const total = OFFICE_HOURS.reduce((a, b) => a + b, 0);
    fit.hourOfDay.forEach((m, h) => {
      const p = OFFICE_HOURS[h] / total;
      // The share of each hour is binomial: its standard error sqrt(p (1 - p) / n), times 24 for the multiplier.
      expect(Math.abs(m - 24 * p), `hour ${h}`).toBeLessThanOrEqual(4 * 24 * Math.sqrt((p * (1 - p)) / fit.arrivals));
    });
  });

  it('Poisson counts pass the dispersion test; gamma-mixed ones fail it', () => {
    expect(fit.dispersion.pValue).toBeGreaterThan(0.01);
    expect(Math.abs(fit.dispersion.ratio - 1)).toBeLessThan(4 * Math.sqrt(2 / fit.dispersion.df));
    // Mixing with a gamma of shape 8 gives a variance of mean + mean^2 / 8: about 4 times the mean at 24 a day.
    const mixed = fitArrivals(generateArrivals({ ...PLAN, mixing: 8, seed: 'mixed' }).arrivals, 3);
    expect(mixed.dispersion.pValue).toBeLessThan(1e-6);
    expect(mixed.dispersion.ratio).toBeGreaterThan(2.5);
  });

  it('the YAML parses back through the scenario schema: rate, profile and growth', () => {
    const doc = parse(arrivalsYaml(fit, 'salesim fit arrivals', false)) as { rate: string; profile: unknown; growth: string };
    expect(rate.parse(doc.rate).perHour * 168).toBeCloseTo(fit.perWeek, 1);
    expect(RateProfileSchema.parse(doc.profile).month_end).toEqual({ days: 3, multiplier: Number(fit.monthEnd!.multiplier.value.toPrecision(4)) });
    // company.growth is a continuous rate per hour: log(1 + g) / hours a year.
    const perHour = CompanySchema.shape.growth.parse(doc.growth) as number;
    expect(Math.expm1(perHour * 8766)).toBeCloseTo(fit.growth!.value, 3);
  });

  it('no growth is reported as not significant and left out; a short log has none', () => {
    const flat = fitArrivals(generateArrivals({ ...PLAN, growth: 0, seed: 'flat' }).arrivals, 3);
    expect(flat.growth!.applied).toBe(false);
    const short = fitArrivals(generateArrivals({ ...PLAN, days: 35, seed: 'short' }).arrivals, 3);
    expect(short.growth).toBeNull();
    expect(short.monthEnd).toBeNull(); // 6 January to 9 February holds one month-end, January's
    const two = fitArrivals(generateArrivals({ ...PLAN, days: 56, seed: 'two' }).arrivals, 3);
    expect(two.monthEnd).not.toBeNull(); // and to 2 March, February's
  });
});

describe('timestamps', () => {
  it('a stamp with an offset is read in --tz; one without is local as written', () => {
    const berlin = timeZone('Europe/Berlin');
    expect(localTime('2026-03-02T08:15:00Z', berlin)).toMatchObject({ hour: 9, weekday: 0, dayOfMonth: 2 });
    expect(localTime('2026-07-01T23:30:00+00:00', berlin)).toMatchObject({ hour: 1, weekday: 3, dayOfMonth: 2 }); // summer time
    expect(localTime('2026-03-02 08:15', berlin)).toMatchObject({ hour: 8, minute: 495 });
    expect(localTime('2026-02-30 08:15', berlin)).toBeNull();
    expect(localTime('yesterday', berlin)).toBeNull();
  });
});
