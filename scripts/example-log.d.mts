// Types of example-log.mjs, for the test that reads its parameters (test/fit/calibrate.test.ts).
export const START: string;
export const DAYS: number;
export const REPS: number;
export const BD_PER_REP_WEEK: number;
export const SEGMENTS: Record<'key' | 'mid' | 'small', {
  accounts: number; orders: number; quote_requests: number; complex_quote_share: number;
  service_issues: number; engineering_requests: number; visits: number;
}>;
export const PHONE: { orders: number; service_issues: number };
export const HOUR_OF_DAY: number[];
export const DAY_OF_WEEK: number[];
export const MONTH_END: { days: number; multiplier: number };
export const DURATIONS: Record<string, { mean: number; sample(rng: () => number): number }>;
export function exampleLog(): string;
