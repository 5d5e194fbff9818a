import { PoissonArrivals } from '../kernel/arrivals.js';
import { buildCalendar, buildDistribution } from '../scenario/compile.js';
import type { DisciplineInput, Scenario } from '../scenario/schema.js';
import type { Discipline, NetworkSpec, Routing } from './spec.js';

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
