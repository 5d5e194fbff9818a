import { HOURS_PER_MONTH, HOURS_PER_WEEK } from '../kernel/time.js';
import { smooth } from '../kernel/lookup.js';
import type { Rng, RandomStreams } from '../kernel/random.js';
import type { Simulation } from '../kernel/simulation.js';
import { TimeWeighted } from '../kernel/statistics.js';
import { type Layout, MARKET_COUNTERS, type SalesMetric } from './counters.js';
import type { MarketSpec } from './market-schema.js';
import type { Organization } from './organization.js';
import type { SalesSpec } from './spec.js';
import type { WorkStore } from './work.js';


/** What the policies need of the model they run in: the books, and hiring (M15). */
export interface PolicyHost {
  readonly spec: SalesSpec;
  readonly sim: Simulation;
  readonly org: Organization;
  readonly store: WorkStore;
  readonly counters: Float64Array;
  readonly layout: Layout;
  /** Staffing (M15): hires join after the role's hiring delay and ramp up; leavers go at once. */
  hire(role: number, count: number): void;
  leave(role: number, count: number): void;
  /** Hires decided and not joined yet. */
  hiring(role: number): number;
}

const M = Object.fromEntries(MARKET_COUNTERS.map((k, i) => [k, i])) as { [K in (typeof MARKET_COUNTERS)[number]]: number };

/**
 * Forrester's market growth structure (1968) acting on a discrete-event company.
 *
 * Every `review` the company reads its books:
 *  - delivery rate: value delivered since the last review, averaged (first order)
 *    over `delivery_delay.averaging` (Forrester DRA);
 *  - delivery delay indicated: backlog value / that average (DDI), recognized by
 *    the company through a first-order smoothing (DDRC) and by the market through
 *    a second one (DDRM). The market's perception sets the multiplier of every
 *    deal's win probability (SEDM), read by the model at each decision;
 *  - budget_hiring: indicated headcount = revenue share x average delivery rate /
 *    salary; the gap to the people on the books and those being hired is closed
 *    at gap / adjustment per unit time, whole people at a time (SH = (IS - S) / SAT);
 *  - capacity_goal: crews ordered per month = crews x expansion(DDRC / goal - bias)
 *    (PCO = PC x CEF(DDC)), the goal optionally drifting toward tradition (DDT);
 *    each crew arrives (or leaves) after an Erlang-3 delay of mean
 *    `acquisition_delay`, the discrete-event form of a third-order delay (DELAY3).
 * The fractional people and crews the continuous rules ask for are carried over
 * from review to review until they make a whole one: no random rounding.
 */
export class GrowthPolicies {
  /** Multiplier of win probabilities (1 without a win_multiplier table). */
  winMultiplier = 1;
  private backlog = 0;
  private deliveredSince = 0;
  /** Average delivery rate, value per hour. */
  private deliveryRate: number;
  private delayIndicated: number;
  private delayCompany: number;
  private delayMarket: number;
  private delayTradition: number;
  private hiring = 0;
  private crewsOrdered = 0;
  private readonly levels = {
    backlog: new TimeWeighted(),
    indicated: new TimeWeighted(), company: new TimeWeighted(), perceived: new TimeWeighted(),
    multiplier: new TimeWeighted(), indicatedReps: new TimeWeighted(),
  };
  private readonly capacityRng: Rng;
  private readonly backlogRng: Rng;
  private readonly evReview: number;
  private readonly evCrew: number;
  private readonly base: number;
  /** The market and policies of the scenario (phases change the organization, not these). */
  private readonly m: MarketSpec;

  constructor(private readonly host: PolicyHost, streams: RandomStreams) {
    const m = host.spec.market!;
    this.m = m;
    // Own streams: a scenario without these policies draws exactly what it drew before.
    this.capacityRng = streams.stream('policy.capacity_goal');
    this.backlogRng = streams.stream('market.initial_backlog');
    this.base = host.layout.marketBase;
    this.delayIndicated = m.initialDelay;
    this.delayCompany = m.initialDelay;
    this.delayMarket = m.initialDelay;
    this.delayTradition = m.initialDelay;
    this.deliveryRate = m.initialBacklog / m.initialDelay;
    this.evReview = host.sim.register({ handle: () => this.onReview() });
    this.evCrew = host.sim.register({ handle: (more) => this.onCrew(more) });
  }

  start(): void {
    this.seedBacklog();
    this.winMultiplier = this.multiplier();
    this.recordLevels();
    this.host.sim.after(this.m.review, this.evReview);
  }

  /** An order entered production (its value joins the backlog). */
  booked(value: number): void {
    this.backlog += value;
    this.levels.backlog.add(this.host.sim.now, value);
    this.host.counters[this.base + M.orders_booked]++;
    this.host.counters[this.base + M.orders_booked_value] += value;
  }

  delivered(value: number): void {
    this.backlog -= value;
    this.levels.backlog.add(this.host.sim.now, -value);
    this.deliveredSince += value;
    this.host.counters[this.base + M.delivered_value] += value;
  }

  /**
   * Extra hours for a production job starting now: with a thin backlog (cover =
   * backlog / capacity) the plant runs below its nominal speed (Forrester's PCF
   * beyond the plain minimum delivery delay that the slots already give).
   */
  productionExtra(hours: number): number {
    const table = this.m.productionEfficiency;
    if (table === null) return 0;
    const capacity = this.capacityPerHour();
    if (!(capacity > 0)) return 0;
    const eff = table.at(this.backlog / capacity);
    return eff > 0 ? hours * (1 / eff - 1) : 0;
  }

  /** Writes the areas of the levels into a snapshot. */
  record(s: Float64Array, now: number): void {
    const l = this.levels;
    const b = this.base;
    s[b + M.backlog_area] = l.backlog.areaUntil(now);
    s[b + M.delay_indicated_area] = l.indicated.areaUntil(now);
    s[b + M.delay_company_area] = l.company.areaUntil(now);
    s[b + M.delay_perceived_area] = l.perceived.areaUntil(now);
    s[b + M.win_multiplier_area] = l.multiplier.areaUntil(now);
    s[b + M.indicated_reps_area] = l.indicatedReps.areaUntil(now);
  }

  // ---- the review --------------------------------------------------------------------------

  private onReview(): void {
    const m = this.m;
    const dt = m.review;
    this.deliveryRate = smooth(this.deliveryRate, this.deliveredSince / dt, dt, m.averaging);
    this.deliveredSince = 0;
    if (this.deliveryRate > 0) this.delayIndicated = this.backlog / this.deliveryRate;
    // The market hears of the delay through the company's own recognition of it (a cascade).
    const company = this.delayCompany;
    this.delayCompany = smooth(this.delayCompany, this.delayIndicated, dt, m.companyRecognition);
    this.delayMarket = smooth(this.delayMarket, company, dt, m.marketRecognition);
    this.winMultiplier = this.multiplier();
    if (m.capacityGoal !== null) {
      this.delayTradition = smooth(this.delayTradition, company, dt, m.capacityGoal.traditionAveraging);
      this.orderCapacity(dt);
    }
    if (m.budgetHiring !== null) this.hire(dt);
    this.recordLevels();
    this.host.sim.after(dt, this.evReview);
  }

  private multiplier(): number {
    const table = this.m.winMultiplier;
    return table === null ? 1 : Math.max(0, table.at(this.delayMarket));
  }

  /** Indicated headcount: the budget (a share of average revenue) over the role's salary. */
  private indicatedHeadcount(): number {
    const h = this.m.budgetHiring;
    if (h === null) return NaN;
    const salaryPerHour = this.host.spec.roles[h.role].salaryPerWeek / HOURS_PER_WEEK;
    return salaryPerHour > 0 ? (h.revenueShare * this.deliveryRate) / salaryPerHour : NaN;
  }

  private hire(dt: number): void {
    const h = this.m.budgetHiring!;
    const indicated = this.indicatedHeadcount();
    if (!Number.isFinite(indicated)) return;
    // Those being hired count: the rule looks at the whole force it has paid for (Forrester's S).
    const current = this.host.org.headcount(h.role) + this.host.hiring(h.role);
    this.hiring += ((indicated - current) * dt) / h.adjustment;
    if (this.hiring >= 1) {
      const n = Math.floor(this.hiring);
      this.hiring -= n;
      this.host.hire(h.role, n);
    } else if (this.hiring <= -1) {
      // Never below one person: a sales force of none would sell nothing ever again.
      const n = Math.min(Math.floor(-this.hiring), this.host.org.headcount(h.role) - 1);
      this.hiring += Math.floor(-this.hiring);
      if (n > 0) this.host.leave(h.role, n);
    }
  }

  private orderCapacity(dt: number): void {
    const g = this.m.capacityGoal!;
    const crews = this.host.org.headcount(g.role);
    const goal = g.traditionWeight * this.delayTradition + (1 - g.traditionWeight) * g.goal;
    const condition = this.delayCompany / goal - g.bias;
    this.crewsOrdered += (crews * g.expansionPerMonth.at(condition) * dt) / HOURS_PER_MONTH;
    while (this.crewsOrdered >= 1) { this.crewsOrdered--; this.host.sim.after(this.acquisition(), this.evCrew, 1); }
    while (this.crewsOrdered <= -1) { this.crewsOrdered++; this.host.sim.after(this.acquisition(), this.evCrew, 0); }
  }

  /** Erlang-3 with the acquisition delay as its mean: one crew's share of a third-order delay. */
  private acquisition(): number {
    const g = this.m.capacityGoal!;
    const r = this.capacityRng;
    return (-g.acquisitionDelay / 3) * (Math.log(1 - r()) + Math.log(1 - r()) + Math.log(1 - r()));
  }

  private onCrew(more: number): void {
    const role = this.m.capacityGoal!.role;
    if (more === 1) this.host.hire(role, 1);
    else if (this.host.org.headcount(role) > 1) this.host.leave(role, 1);
  }

  private recordLevels(): void {
    const now = this.host.sim.now;
    const l = this.levels;
    l.indicated.set(now, this.delayIndicated);
    l.company.set(now, this.delayCompany);
    l.perceived.set(now, this.delayMarket);
    l.multiplier.set(now, this.winMultiplier);
    if (this.m.budgetHiring !== null) l.indicatedReps.set(now, this.indicatedHeadcount());
  }

  /** Value the production roles can make per hour at full utilization. */
  private capacityPerHour(): number {
    const spec = this.host.spec;
    let v = 0;
    for (const r of rolesOf(spec, spec.part.production)) v += this.host.org.headcount(r) * valuePerPersonHour(spec, r);
    return v;
  }

  /**
   * The orders in production at the start (market.initial_backlog): jobs of the
   * usual order value, each part made (a uniform share of its work left), as
   * in a plant that has been delivering steadily.
   */
  private seedBacklog(): void {
    const { host } = this;
    const c = host.spec.company;
    const total = this.m.initialBacklog;
    let sum = 0;
    while (sum < total) {
      const value = c.opportunities.value.sample(this.backlogRng) * c.opportunities.firstOrderShare;
      if (!(value > 0)) continue;
      const st = host.store;
      if (host.spec.part.production < 0) return;
      const job = st.item(host.spec.part.production, host.sim.now);
      st.value[job] = value;
      st.content[job] = (value / c.production.valuePerHour) * this.backlogRng();
      st.promise[job] = host.sim.now + c.production.promise;
      if (!host.org.submit(job)) { host.store.release(job); return; }
      sum += value;
      this.backlog += value;
      this.levels.backlog.add(host.sim.now, value);
    }
  }
}

/** The roles doing a task (none when no task plays its part). */
function rolesOf(spec: SalesSpec, task: number): number[] {
  return task < 0 ? [] : spec.tasks[task].roles;
}

/** Value one person of a production role makes per hour on the books (on shift part of the week, at their speed). */
function valuePerPersonHour(spec: SalesSpec, r: number): number {
  const role = spec.roles[r];
  return (role.calendar.openHoursPerWeek * spec.company.production.valuePerHour) / (HOURS_PER_WEEK * role.speed[spec.part.production]);
}

/**
 * The market's weekly metrics (README, "Market growth"); levels are time
 * averages over the window. Headcounts and capacity come from the people on the
 * books over time (the ledger's person-hours), so they follow every hire and leaver.
 */
export function marketMetrics(spec: SalesSpec, L: Layout): SalesMetric[] {
  const b = L.marketBase;
  const ratio = (a: number, d: number) => (d > 0 ? a / d : NaN);
  const perWeek = (k: number) => (d: Float64Array, span: number) => ratio(d[b + k], span / HOURS_PER_WEEK);
  const level = (k: number, scale = 1) => (d: Float64Array, span: number) => ratio(d[b + k], span) * scale;
  const plant = rolesOf(spec, spec.part.production).filter((r, i, a) => a.indexOf(r) === i);
  const m: SalesMetric[] = [
    { name: 'orders_booked_week', weekly: true, value: perWeek(M.orders_booked) },
    { name: 'orders_booked_value_week', weekly: true, value: perWeek(M.orders_booked_value) },
    { name: 'deliveries_value_week', weekly: true, value: perWeek(M.delivered_value) },
    { name: 'backlog_value', weekly: true, value: level(M.backlog_area) },
    {
      name: 'production_capacity_value_week', weekly: true,
      value: (d, span) => ratio(plant.reduce((a, r) => a + d[L.people(r)] * valuePerPersonHour(spec, r), 0), span) * HOURS_PER_WEEK,
    },
    { name: 'delivery_delay_indicated_mo', weekly: true, value: level(M.delay_indicated_area, 1 / HOURS_PER_MONTH) },
    { name: 'delivery_delay_company_mo', weekly: true, value: level(M.delay_company_area, 1 / HOURS_PER_MONTH) },
    { name: 'delivery_delay_perceived_mo', weekly: true, value: level(M.delay_perceived_area, 1 / HOURS_PER_MONTH) },
    { name: 'win_multiplier', weekly: true, value: level(M.win_multiplier_area) },
  ];
  const hiring = spec.market?.budgetHiring;
  if (hiring != null) {
    const reps = hiring.role;
    m.push(
      { name: 'reps_on_books', weekly: true, value: (d, span) => ratio(d[L.people(reps)], span) },
      { name: 'reps_indicated', weekly: true, value: level(M.indicated_reps_area) },
      {
        name: 'orders_booked_value_per_rep_week', weekly: true,
        value: (d) => ratio(d[b + M.orders_booked_value], d[L.people(reps)] / HOURS_PER_WEEK),
      },
    );
  }
  return m;
}
