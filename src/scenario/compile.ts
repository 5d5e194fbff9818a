import { WorkingCalendar, type Shift } from '../kernel/calendar.js';
import {
  Bernoulli, Constant, Discrete, Erlang, Exponential, Gamma, LogNormal, Poisson, Triangular, TruncatedNormal, Uniform, Weibull,
  type Distribution,
} from '../kernel/distributions.js';
import type { DistSpec } from './distribution-schema.js';
import type { CalendarValue, Scenario } from './schema.js';

/** Builds the kernel's distribution object for a validated distribution. */
export function buildDistribution(d: DistSpec): Distribution {
  switch (d.kind) {
    case 'constant': return new Constant(d.value);
    case 'exponential': return new Exponential(d.mean);
    case 'uniform': return new Uniform(d.low, d.high);
    case 'triangular': return new Triangular(d.low, d.mode, d.high);
    case 'normal': return new TruncatedNormal(d.mean, d.sd);
    case 'lognormal': return d.sd === 0 ? new Constant(d.mean) : new LogNormal(d.mean, d.sd);
    case 'gamma': return new Gamma(d.shape, d.scale);
    case 'weibull': return new Weibull(d.shape, d.scale);
    case 'erlang': return new Erlang(d.k, d.scale);
    case 'discrete': return new Discrete(d.values, d.weights);
    case 'bernoulli': return new Bernoulli(d.p);
    case 'poisson': return new Poisson(d.mean);
  }
}

type ShiftDef = { days: number[]; hours: { from: number; to: number } | { from: number; to: number }[] };

export function buildCalendar(value: CalendarValue, named: Scenario['calendars']): WorkingCalendar {
  if (typeof value === 'string') {
    if (value === '24/7') return WorkingCalendar.always();
    return buildCalendar(named[value], named);
  }
  const shifts: Shift[] = [];
  for (const s of (Array.isArray(value) ? value : [value]) as ShiftDef[]) {
    for (const h of Array.isArray(s.hours) ? s.hours : [s.hours]) shifts.push({ days: s.days, from: h.from, to: h.to });
  }
  return new WorkingCalendar(shifts);
}
