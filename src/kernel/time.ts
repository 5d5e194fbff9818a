/**
 * The clock's units, in one place. Simulated time is in hours from Monday 00:00
 * of week 1; a year is 365.25 days (so leap years average out over a long run)
 * and a month a twelfth of it.
 */
export const HOURS_PER_DAY = 24;
export const HOURS_PER_WEEK = 168;
export const HOURS_PER_YEAR = 365.25 * HOURS_PER_DAY;
export const HOURS_PER_MONTH = HOURS_PER_YEAR / 12;
