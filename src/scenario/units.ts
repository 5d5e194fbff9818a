/**
 * Human units in scenario files. Internally time is in hours and rates are per hour.
 *
 *   durations: "90 s", "6 min", "2.5 h", "3 d", "2 wk", "1 mo" (a twelfth of a year), "1 yr"
 *   rates:     "4.5/h", "40/day", "300/wk", "12/mo", "0.5/min"
 */
const HOURS: Record<string, number> = {
  s: 1 / 3600, sec: 1 / 3600, secs: 1 / 3600, second: 1 / 3600, seconds: 1 / 3600,
  min: 1 / 60, mins: 1 / 60, minute: 1 / 60, minutes: 1 / 60,
  h: 1, hr: 1, hrs: 1, hour: 1, hours: 1,
  d: 24, day: 24, days: 24,
  wk: 168, w: 168, week: 168, weeks: 168,
  mo: 730.5, month: 730.5, months: 730.5,
  yr: 8766, y: 8766, year: 8766, years: 8766,
};

export const DURATION_EXAMPLE = "a duration such as '6 min', '2.5 h', '3 d' or '2 wk'";
export const RATE_EXAMPLE = "a rate such as '4.5/h', '40/day' or '300/wk'";
export const DURATION_UNITS = Object.keys(HOURS);

const UNSIGNED = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const NUMBER = `([+-]?${UNSIGNED})`;
const DURATION_RE = new RegExp(String.raw`^\s*${NUMBER}\s*([a-zA-Z]+)\s*$`);
const RATE_RE = new RegExp(String.raw`^\s*${NUMBER}\s*(?:per\s+|/\s*)([a-zA-Z]+)\s*$`, 'i');

/** Hours in a duration string, or null if it is not one. */
export function parseDuration(text: string): number | null {
  const m = DURATION_RE.exec(text);
  if (m === null) return null;
  const unit = HOURS[m[2].toLowerCase()];
  if (unit === undefined) return null;
  return Number(m[1]) * unit;
}

/** Events per hour in a rate string, or null if it is not one. */
export function parseRate(text: string): { perHour: number; unit: string } | null {
  const m = RATE_RE.exec(text);
  if (m === null) return null;
  const unit = m[2].toLowerCase();
  const hours = HOURS[unit];
  if (hours === undefined) return null;
  return { perHour: Number(m[1]) / hours, unit: canonicalUnit(unit) };
}

/** 'day' for d/day/days and so on: which calendar period a rate refers to. */
function canonicalUnit(unit: string): string {
  const h = HOURS[unit];
  if (h === 24) return 'day';
  if (h === 168) return 'wk';
  if (h === 1) return 'h';
  return unit;
}

/**
 * A number, or a duration or rate as written ('2/wk', '40 h'), multiplied by `factor`, in the same
 * unit as written; null if `text` is neither.
 */
export function scaleQuantityText(text: string, factor: number): string | null {
  if (parseRate(text) === null && parseDuration(text) === null) return null;
  const m = new RegExp(String.raw`^\s*${NUMBER}`).exec(text)!;
  return `${roundedNumber(Number(m[1]) * factor)}${text.slice(m[0].length)}`;
}

/** 12 significant digits: 0.1 * 3 is written 0.3, not 0.30000000000000004. */
export function roundedNumber(x: number): number {
  return Number(x.toPrecision(12));
}

/** `word` in either case: the parsers lowercase a unit before looking it up, and JSON Schema patterns have no flags. */
function caseless(word: string): string {
  return [...word].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c)).join('');
}

/** Any zero the number syntax allows ('0', '-0.00', '.0e5'): a negative zero is still not below 0. */
const ZERO = String.raw`(?:0+(?:\.0*)?|\.0+)(?:[eE][+-]?\d+)?`;
const NON_NEGATIVE = String.raw`(?:\+?${UNSIGNED}|-${ZERO})`;
/** A non-zero digit before the exponent makes the number positive. */
const POSITIVE = String.raw`\+?(?=[\d.]*[1-9])${UNSIGNED}`;
const UNIT = `(?:${DURATION_UNITS.map(caseless).join('|')})`;

/** '30%/yr', '-5%/wk': the percentage and the period's unit (sales/schema.ts `growth`). */
export const GROWTH_RE = /^\s*([+-]?\d+(?:\.\d*)?)\s*%\s*\/\s*([a-zA-Z]+)\s*$/;

/**
 * The strings the loader takes, as JSON Schema patterns (for the editor schema,
 * src/scenario/json-schema.ts), built from the pieces the parsers use. They
 * match exactly what the loader accepts but for the magnitude: a number whose
 * hours overflow to Infinity ('1e308 yr') matches and is then refused.
 */
export const UNIT_PATTERNS = {
  /** What `duration` and a distribution's duration take: non-negative. */
  duration: String.raw`^\s*${NON_NEGATIVE}\s*${UNIT}\s*$`,
  /** A duration greater than 0 (an exponential's mean, a gamma's scale). */
  positiveDuration: String.raw`^\s*${POSITIVE}\s*${UNIT}\s*$`,
  /** What `rate` takes: non-negative, '/h' or 'per h'. */
  rate: String.raw`^\s*${NON_NEGATIVE}\s*(?:${caseless('per')}\s+|/\s*)${UNIT}\s*$`,
  /** Compound growth per period, above -100% (the sales schema's `growth`). */
  growth: String.raw`^\s*(?:\+?\d+(?:\.\d*)?|-0*\d{1,2}(?:\.\d*)?)\s*%\s*/\s*${UNIT}\s*$`,
} as const;
