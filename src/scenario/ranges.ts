import { z } from 'zod';
import { parseDuration, parseRate, roundedNumber } from './units.js';

/**
 * Uncertain inputs, declared where the scenario is: a top-level `ranges`
 * section maps a field path (as --set writes it) to the low and high values
 * the input might plausibly take, and where they come from:
 *
 *   ranges:
 *     roles.field_rep.calendar.hours: { low: 8 h, high: 10 h, source: 'estimate: a field day of 8 to 10 hours' }
 *     tasks.bd_meeting.duration.lognormal.mean: [1 h, 1.6 h]
 *
 * A value is a number, or a duration or rate as written elsewhere ('1.6 h',
 * '40/day'); both ends are the same kind of quantity. `salesim sensitivity`
 * moves each input from low to high (one at a time, then all together) to
 * show how much an answer depends on it. Ranges are part of the resolved
 * scenario (run.json) and merge through `extends` like any section.
 */

const value = z.union([z.number().refine(Number.isFinite, 'expected a finite number'), z.string()]);

export const RangeSchema = z.union([
  z.tuple([value, value]),
  z.strictObject({ low: value, high: value, source: z.string().optional() }),
  // Alternatives that are not quantities (a calendar's hours): low is the first, high the last; a sample picks one.
  z.strictObject({ values: z.array(value).min(2, 'expected at least two values'), source: z.string().optional() }),
], { error: "expected [low, high], { low, high, source } or { values: [...], source }, e.g. [1 h, 1.6 h]" });

/** A field path as --set writes it: names and list indices joined by dots. */
export const FIELD_PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/;

export const RangesSchema = z.record(z.string().regex(FIELD_PATH, 'expected a field path such as roles.field_rep.headcount'), RangeSchema);

export type RangeValue = number | string;

export interface DeclaredRange {
  /** The field it is about, as --set writes it. */
  path: string;
  low: RangeValue;
  high: RangeValue;
  /** Where the range comes from ('estimate', a book or study); '' when not said. */
  source: string;
  /** Alternatives, in order (low is the first, high the last), for a field that is not a quantity. */
  levels?: RangeValue[];
}

export function declaredRanges(raw: z.infer<typeof RangesSchema> | undefined): DeclaredRange[] {
  return Object.entries(raw ?? {}).map(([path, r]): DeclaredRange => {
    if (Array.isArray(r)) return { path, low: r[0], high: r[1], source: '' };
    if ('values' in r) return { path, low: r.values[0], high: r.values[r.values.length - 1], source: r.source ?? '', levels: r.values };
    return { path, low: r.low, high: r.high, source: r.source ?? '' };
  });
}

/** A range value in a common scale (hours for durations, per hour for rates) and the kind of quantity it is. */
export function magnitude(v: unknown): { x: number; kind: 'number' | 'duration' | 'rate' } | null {
  if (typeof v === 'number') return Number.isFinite(v) ? { x: v, kind: 'number' } : null;
  if (typeof v !== 'string') return null;
  const d = parseDuration(v);
  if (d !== null) return { x: d, kind: 'duration' };
  const r = parseRate(v);
  if (r !== null) return { x: r.perHour, kind: 'rate' };
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? { x: n, kind: 'number' } : null;
}

/**
 * The value a fraction `u` of the way from low to high (u in [0, 1]), in
 * low's unit ('1.3 h' between '1 h' and '1.6 h'); whole numbers stay whole
 * when `whole` (a headcount).
 */
export function valueBetween(range: DeclaredRange, u: number, whole = false): RangeValue {
  if (range.levels !== undefined) return range.levels[Math.min(range.levels.length - 1, Math.floor(u * range.levels.length))];
  const lo = magnitude(range.low);
  const hi = magnitude(range.high);
  if (lo === null || hi === null) throw new Error(`range ${range.path}: not a quantity`);
  const x = lo.x + u * (hi.x - lo.x);
  if (lo.kind === 'number') return whole ? Math.round(x) : roundedNumber(x);
  // The unit as low writes it: its number over its magnitude converts back (high's, when low is 0).
  const [unitOf, text] = lo.x !== 0 ? [lo, String(range.low)] : [hi, String(range.high)];
  const m = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/.exec(text)!;
  const perUnit = Number(m[1]) / unitOf.x;
  return `${roundedNumber(x * perUnit)}${text.slice(m[0].length)}`;
}
