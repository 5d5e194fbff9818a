import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DURATION_UNITS, parseDuration, parseRate } from '../../src/scenario/units.js';

/** Uniform on [lo, hi] (fc.double picks uniformly among representable doubles, which crowds near 0). */
const uniform = (lo: number, hi: number) => fc.integer({ min: 0, max: 1_000_000_000 }).map((k) => lo + ((hi - lo) * k) / 1e9);

/** Hours per unit, written out independently of the implementation's table. */
const UNIT_HOURS: Record<string, number> = {
  s: 1 / 3600, sec: 1 / 3600, secs: 1 / 3600, second: 1 / 3600, seconds: 1 / 3600,
  min: 1 / 60, mins: 1 / 60, minute: 1 / 60, minutes: 1 / 60,
  h: 1, hr: 1, hrs: 1, hour: 1, hours: 1,
  d: 24, day: 24, days: 24,
  w: 168, wk: 168, week: 168, weeks: 168,
  mo: 730.5, month: 730.5, months: 730.5,
  y: 8766, yr: 8766, year: 8766, years: 8766,
};
const UNITS = Object.keys(UNIT_HOURS);

/** The calendar period a rate refers to, as compile.ts reads it. */
function canonical(unit: string): string {
  const h = UNIT_HOURS[unit];
  return h === 24 ? 'day' : h === 168 ? 'wk' : h === 1 ? 'h' : unit;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('parseDuration', () => {
  it('knows exactly the documented units', () => {
    expect([...DURATION_UNITS].sort()).toEqual([...UNITS].sort());
  });

  it('converts the examples in the documentation to hours', () => {
    expect(parseDuration('90 s')).toBeCloseTo(90 / 3600, 12);
    expect(parseDuration('6 min')).toBeCloseTo(0.1, 12);
    expect(parseDuration('2.5 h')).toBe(2.5);
    expect(parseDuration('3 d')).toBe(72);
    expect(parseDuration('2 wk')).toBe(336);
    expect(parseDuration('1 mo')).toBe(730.5);
    expect(parseDuration('1 yr')).toBe(8766);
    expect(parseDuration('12 mo')).toBe(parseDuration('1 yr'));
  });

  it('converts every unit, singular and plural, any case', () => {
    for (const u of UNITS) {
      expect(parseDuration(`2 ${u}`), u).toBeCloseTo(2 * UNIT_HOURS[u], 12);
      expect(parseDuration(`2${u.toUpperCase()}`), u).toBeCloseTo(2 * UNIT_HOURS[u], 12);
    }
  });

  it('accepts number forms: decimals, leading dot, trailing dot, exponents, signs, surrounding spaces', () => {
    expect(parseDuration('.5 h')).toBe(0.5);
    expect(parseDuration('5. h')).toBe(5);
    expect(parseDuration('1e2 s')).toBeCloseTo(100 / 3600, 12);
    expect(parseDuration('1.5E-1 d')).toBeCloseTo(3.6, 12);
    expect(parseDuration('+3 h')).toBe(3);
    expect(parseDuration('  4   min  ')).toBeCloseTo(4 / 60, 12);
    expect(parseDuration('0 h')).toBe(0);
    // A negative duration parses; the schema rejects it.
    expect(parseDuration('-2 h')).toBe(-2);
  });

  it('returns null for anything that is not a number followed by a known unit', () => {
    for (const bad of [
      '', ' ', '5', 'h', 'min 5', '5 parsecs', '5 m', '5 ms', '5 hours ago', '1.2.3 h', '5 h 30 min',
      'five h', '5/h', '5 per h', '5_h', 'e5 h', '. h', '5 h!', '0x10 h', 'NaN h', 'Infinity h', '5 hourss',
    ]) {
      expect(parseDuration(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('property: "<x> <unit>" parses to x times the unit for any finite x', () => {
    fc.assert(
      fc.property(
        fc.oneof(uniform(-1e6, 1e6), uniform(0, 100), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
        fc.constantFrom(...UNITS),
        fc.constantFrom('', ' ', '  '),
        (x, unit, space) => {
          const got = parseDuration(`${x}${space}${unit}`);
          expect(got).not.toBeNull();
          const want = x * UNIT_HOURS[unit];
          if (want === 0) expect(got === 0).toBe(true);
          else expect(rel(got!, want)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('parseRate', () => {
  it('converts the documented examples to events per hour and names the period', () => {
    expect(parseRate('4.5/h')).toEqual({ perHour: 4.5, unit: 'h' });
    expect(parseRate('40/day')).toEqual({ perHour: 40 / 24, unit: 'day' });
    expect(parseRate('300/wk')).toEqual({ perHour: 300 / 168, unit: 'wk' });
    expect(parseRate('12/mo')).toEqual({ perHour: 12 / 730.5, unit: 'mo' });
    const perMin = parseRate('0.5/min')!;
    expect(perMin.perHour).toBeCloseTo(30, 12);
    expect(perMin.unit).toBe('min');
  });

  it('accepts "/ unit" and "per unit" forms with any spacing and case', () => {
    for (const text of ['10/h', '10 /h', '10/ h', '10 / h', '10 per h', '10 per HOUR', '10 PER hour', '10 Per H', '10 per   hours', ' 10/Hr ']) {
      expect(parseRate(text), text).toEqual({ perHour: 10, unit: 'h' });
    }
  });

  it('converts every unit and maps it to its period: day, wk and h are canonical', () => {
    for (const u of UNITS) {
      const r = parseRate(`3/${u}`);
      expect(r, u).not.toBeNull();
      expect(rel(r!.perHour, 3 / UNIT_HOURS[u]), u).toBeLessThan(1e-12);
      expect(r!.unit, u).toBe(canonical(u));
    }
    for (const u of ['d', 'day', 'days', 'DAY']) expect(parseRate(`1/${u}`)!.unit).toBe('day');
    for (const u of ['w', 'wk', 'week', 'weeks']) expect(parseRate(`1 per ${u}`)!.unit).toBe('wk');
  });

  it('returns null for anything that is not a number per known unit', () => {
    for (const bad of [
      '', '5', '/h', 'per h', '5 h', '5/', '5 per', '5//h', '5/parsec', '5/m', 'x/h', '5 /h /h', '5/h extra',
      '5 perh', '5 per/h', '1.2.3/h', '5/ 2 h', 'five per hour',
    ]) {
      expect(parseRate(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('property: a rate "<x>/<unit>" is x events per unit-length, and duration x rate round-trips', () => {
    fc.assert(
      fc.property(
        fc.oneof(uniform(1e-6, 1e6), uniform(1e-6, 100), fc.double({ min: 1e-6, max: 1e6, noNaN: true })),
        fc.constantFrom(...UNITS),
        (x, unit) => {
          const r = parseRate(`${x}/${unit}`);
          expect(r).not.toBeNull();
          // x events per one unit of time: perHour * (hours in one unit) = x.
          expect(rel(r!.perHour * parseDuration(`1 ${unit}`)!, x)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 500 },
    );
  });
});
