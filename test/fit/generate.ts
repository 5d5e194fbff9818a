import { Discrete, Gamma, Poisson } from '../../src/kernel/distributions.js';
import { RandomStreams } from '../../src/kernel/random.js';
import type { Arrival } from '../../src/fit/arrivals.js';
import { localTime, timeZone } from '../../src/fit/timestamps.js';

/**
 * Arrivals with known parameters, for the tests: each day's count is Poisson
 * with mean perWeekday[weekday] x (monthEnd.multiplier on the month's last
 * days) x (1 + growth)^(years since the first day), optionally mixed with a
 * gamma of mean 1 and shape `mixing` (a negative binomial: over-dispersed);
 * times within the day follow the hour weights.
 */
export interface ArrivalPlan {
  start: string;
  days: number;
  perWeekday: number[];
  hourWeights: number[];
  monthEnd: { days: number; multiplier: number };
  growth: number;
  mixing?: number;
  groups?: { name: string; share: number }[];
  seed: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function generateArrivals(plan: ArrivalPlan): { arrivals: Arrival[]; csv: string } {
  const streams = new RandomStreams(plan.seed);
  const rng = streams.stream('arrivals');
  const hour = new Discrete([...Array(24).keys()], plan.hourWeights);
  const group = new Discrete((plan.groups ?? [{ name: '', share: 1 }]).map((_, i) => i), (plan.groups ?? [{ name: '', share: 1 }]).map((g) => g.share));
  const mix = plan.mixing === undefined ? null : new Gamma(plan.mixing, 1 / plan.mixing);
  const first = Date.parse(`${plan.start}T00:00:00Z`) / 86_400_000;
  const zone = timeZone('UTC');
  const arrivals: Arrival[] = [];
  let csv = 'created,segment\n';
  for (let i = 0; i < plan.days; i++) {
    const date = new Date((first + i) * 86_400_000);
    const weekday = (date.getUTCDay() + 6) % 7;
    const length = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    let mean = plan.perWeekday[weekday] * Math.pow(1 + plan.growth, i / 365.25);
    if (date.getUTCDate() > length - plan.monthEnd.days) mean *= plan.monthEnd.multiplier;
    if (mix !== null) mean *= mix.sample(rng);
    if (!(mean > 0)) continue;
    const n = new Poisson(mean).sample(rng);
    for (let k = 0; k < n; k++) {
      const h = hour.sample(rng);
      const m = Math.floor(rng() * 60);
      const g = plan.groups?.[group.sample(rng)].name ?? '';
      const stamp = `${date.toISOString().slice(0, 10)} ${pad(h)}:${pad(m)}`;
      arrivals.push({ time: localTime(stamp, zone)!, group: g });
      csv += `${stamp},${g}\n`;
    }
  }
  return { arrivals, csv };
}

/** Office hours, busiest mid-morning (the shipped company's shape). */
export const OFFICE_HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 1.2, 1.6, 1.5, 1.2, 0.7, 1.0, 1.0, 0.8, 0.6, 0, 0, 0, 0, 0, 0, 0];
