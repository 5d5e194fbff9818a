import { PoissonArrivals } from '../kernel/arrivals.js';
import { WorkingCalendar, type Shift } from '../kernel/calendar.js';
import {
  Bernoulli, Constant, Discrete, Erlang, Exponential, Gamma, LogNormal, Poisson, Triangular, TruncatedNormal, Uniform, Weibull,
  type Distribution,
} from '../kernel/distributions.js';
import type { Discipline, NetworkSpec, Routing } from '../network/spec.js';
import type { DistSpec } from './distribution-schema.js';
import type { CalendarValue, DisciplineInput, Scenario } from './schema.js';

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

/**
 * Turns a validated scenario into a network ready to simulate: names become
 * indices, units are already hours, distributions become objects.
 */
export function compileScenario(s: Scenario, name: string): NetworkSpec {
  const roleIds = Object.keys(s.roles);
  const taskIds = Object.keys(s.tasks);
  const typeIds = Object.keys(s.items);
  const attributeNames = [...new Set(typeIds.flatMap((t) => Object.keys(s.items[t].attributes)))].sort();
  const taskIndex = (t: string) => (t === 'done' ? -1 : taskIds.indexOf(t));

  const discipline = (d: DisciplineInput): Discipline => {
    if (d === 'fifo') return { kind: 'fifo' };
    if (d === 'edd') return { kind: 'edd' };
    return { kind: 'priority', attribute: attributeNames.indexOf(d.priority), order: d.order === 'highest_first' ? -1 : 1 };
  };

  const routing = (next: Scenario['tasks'][string]['next']): Routing => {
    if (typeof next === 'string') return { targets: Int32Array.of(taskIndex(next)), cumulative: Float64Array.of(1) };
    const entries = Object.entries(next).filter(([, p]) => p > 0);
    const total = entries.reduce((a, [, p]) => a + p, 0);
    if (!entries.some(([to]) => to === 'done') && total < 1 - 1e-12) entries.push(['done', 1 - total]);
    const targets = Int32Array.from(entries.map(([to]) => taskIndex(to)));
    const cumulative = new Float64Array(entries.length);
    let acc = 0;
    entries.forEach(([, p], k) => { acc += p; cumulative[k] = acc; });
    cumulative[entries.length - 1] = 1;
    return { targets, cumulative };
  };

  return {
    name,
    attributeNames,
    roles: roleIds.map((id) => {
      const r = s.roles[id];
      return {
        id,
        headcount: r.headcount,
        calendar: buildCalendar(r.calendar, s.calendars),
        discipline: discipline(r.discipline),
        preempt: r.preempt,
        shiftEnd: r.shift_end,
      };
    }),
    tasks: taskIds.map((id) => {
      const t = s.tasks[id];
      return {
        id,
        roles: (typeof t.role === 'string' ? [t.role] : t.role).map((r) => roleIds.indexOf(r)),
        duration: buildDistribution(t.duration),
        next: routing(t.next),
        patience: t.patience === undefined ? null : buildDistribution(t.patience),
        onAbandon: t.on_abandon === undefined ? -1 : taskIndex(t.on_abandon),
        balkAt: t.balk === undefined ? Infinity : t.balk.queue_length,
        balkProbability: t.balk === undefined ? 1 : t.balk.probability,
        onBalk: t.on_balk === undefined ? -1 : taskIndex(t.on_balk),
        spawns: t.spawn.map((sp) => ({
          itemType: typeIds.indexOf(sp.items),
          probability: sp.probability,
          count: buildDistribution(sp.count),
          delay: sp.delay === undefined ? null : buildDistribution(sp.delay),
        })),
      };
    }),
    itemTypes: typeIds.map((id) => {
      const it = s.items[id];
      let arrivals: PoissonArrivals | null = null;
      if (it.arrivals !== undefined) {
        const a = it.arrivals;
        const calendar = a.calendar === undefined ? null : buildCalendar(a.calendar, s.calendars);
        // With a calendar, "40/day" means 40 over the open hours of a day.
        let perHour = a.rate.perHour;
        if (calendar !== null && !calendar.alwaysOpen) {
          if (a.rate.unit === 'day') perHour = (perHour * 24) / calendar.openHoursPerDay;
          else if (a.rate.unit === 'wk') perHour = (perHour * 168) / calendar.openHoursPerWeek;
        }
        arrivals = new PoissonArrivals(perHour, {
          hourOfDay: a.profile?.hour_of_day,
          dayOfWeek: a.profile?.day_of_week,
          monthEnd: a.profile?.month_end,
        }, calendar);
      }
      return {
        id,
        arrivals,
        batch: it.arrivals?.batch === undefined ? null : buildDistribution(it.arrivals.batch),
        firstTask: taskIndex(it.first_task),
        attributes: Object.entries(it.attributes).map(([name, d]) => ({ index: attributeNames.indexOf(name), value: buildDistribution(d) })),
        due: it.due === undefined ? null : buildDistribution(it.due),
      };
    }),
    run: {
      horizon: s.run.horizon ?? Infinity,
      warmup: s.run.warmup,
      maxArrivals: s.run.arrivals ?? Infinity,
      maxInProgress: s.run.max_in_progress,
    },
  };
}
