import { HOURS_PER_WEEK } from '../kernel/calendar.js';
import type { Rng, RandomStreams } from '../kernel/random.js';
import type { Simulation } from '../kernel/simulation.js';
import type { Accounts } from './accounts.js';
import { DEMAND, SATISFACTION_DRIVEN, type SalesSpec } from './spec.js';

/** A candidate this far away never comes (and float hours this large are no longer exact). */
const NEVER_H = 1e12;

function hourOfWeek(t: number): number {
  return Math.floor(t) % HOURS_PER_WEEK;
}

/** What demand needs of the model it arises in: the customer base, and what each request becomes. */
export interface DemandHost {
  /** Read afresh each time: a phase may change the rates. */
  readonly spec: SalesSpec;
  readonly sim: Simulation;
  readonly accounts: Accounts;
  /** The account asks for something of this kind of demand (D): an order, a quote, a visit... */
  demanded(kind: number, account: number): void;
  /** A new opportunity, for the account or (-1) a new logo in the area. */
  opportunity(account: number, area: number): void;
}

/**
 * Demand (M1): one Poisson stream per kind of demand over the account base,
 * the market's leads, and their growth over time.
 *
 * Candidates come at the highest rate the hour of the week could have (every
 * account at full satisfaction, at the hour's profile, with the month-end rush,
 * at the week's highest growth); each is kept with probability actual/highest
 * for a random account at the candidate's time (Lewis-Shedler thinning with a
 * piecewise-constant bound). Customers ask only while the company's calendar is
 * open, and the bound of an hour that is closed throughout is zero: no
 * candidate is drawn at night or at weekends only to be thrown away, and one in
 * the busy hour is not drawn at the quiet hour's rate either. The bound follows
 * the account base, re-read at each candidate. A pending candidate carries its
 * stream's token: redrawing a stream (a phase, the weekly review under growth)
 * makes it stale.
 */
export class Demand {
  private readonly demandRng: Rng[];
  private readonly marketRng: Rng;
  /** Demand candidates and market leads (the runaway guard names their kind). */
  readonly evDemand: number;
  readonly evMarket: number;
  /** Whether each demand stream has a candidate pending (an empty segment base stops it until the weekly review). */
  private readonly demandArmed = DEMAND.map(() => false);
  /** Tokens of the pending demand and market-lead events. */
  private readonly demandToken = DEMAND.map(() => 0);
  private marketToken = 0;
  /** Growth: the rate in force (the phase's, per hour), the log of the multiplier at growthT0, and each pending candidate's bound. */
  private growth: number;
  private growthLog0 = 0;
  private growthT0 = 0;
  private readonly demandBound = DEMAND.map(() => 1);
  /** The bound integrated over a week (per unit rate), for the profile it was computed from. */
  private weekBound = 0;
  private weekBoundOf: Float64Array | null = null;
  private marketBound = 1;

  constructor(private readonly host: DemandHost, streams: RandomStreams) {
    this.demandRng = DEMAND.map((k) => streams.stream(`demand.${k}`));
    this.marketRng = streams.stream('sales.market');
    this.evDemand = host.sim.register({ handle: (kind, token) => this.onDemand(kind, token) });
    this.evMarket = host.sim.register({ handle: (token) => this.onMarketLead(token) });
    this.growth = host.spec.company.growth;
  }

  start(): void {
    DEMAND.forEach((_, k) => this.scheduleDemand(k));
    this.scheduleMarketLead();
  }

  /**
   * A phase starts (after the model has switched to its spec). Growth continues
   * from the multiplier reached so far, at the phase's rate. Pending candidates
   * were drawn at the old rates; memoryless, so drawing anew is exact.
   */
  phase(): void {
    const now = this.host.sim.now;
    this.growthLog0 += this.growth * (now - this.growthT0);
    this.growthT0 = now;
    this.growth = this.host.spec.company.growth;
    this.redraw();
  }

  /**
   * The weekly review. Growing demand: every candidate is drawn anew under the
   * coming week's bound, so no candidate outlives its bound. Otherwise only the
   * streams an empty account base stopped start again.
   */
  review(): void {
    if (this.growth !== 0) this.redraw();
    else DEMAND.forEach((_, k) => { if (!this.demandArmed[k]) this.scheduleDemand(k); });
  }

  /** Demand multiplier at time t (1 without growth). */
  growthAt(t: number): number {
    return Math.exp(this.growthLog0 + this.growth * (t - this.growthT0));
  }

  private redraw(): void {
    DEMAND.forEach((_, k) => { this.demandToken[k]++; this.scheduleDemand(k); });
    this.marketToken++;
    this.scheduleMarketLead();
  }

  /** The multiplier's highest value until a week from now: the thinning bound of a candidate drawn now. */
  private growthBound(): number {
    const now = this.host.sim.now;
    return Math.max(this.growthAt(now), this.growthAt(now + HOURS_PER_WEEK));
  }

  /** Demand multiplier of an account's satisfaction (M13). */
  private demandFactor(a: number): number {
    const s = this.host.spec.company.satisfaction;
    const f = 1 + s.elasticity * (this.host.accounts.satisfactionOf(a) - s.reference);
    return f > 0 ? f : 0;
  }

  private maxDemandFactor(): number {
    const s = this.host.spec.company.satisfaction;
    return 1 + s.elasticity * (1 - s.reference);
  }

  /** The account base's rate of this kind of demand at full profile and reference satisfaction (a loop: this runs per candidate). */
  private totalRate(kind: number): number {
    const segments = this.host.spec.company.segments;
    const members = this.host.accounts.members;
    let total = 0;
    for (let s = 0; s < segments.length; s++) total += members[s].length * segments[s].rates[kind];
    return total;
  }

  private scheduleDemand(kind: number): void {
    let peak = this.totalRate(kind) * (SATISFACTION_DRIVEN[kind] ? this.maxDemandFactor() : 1);
    if (this.growth !== 0) peak *= this.demandBound[kind] = this.growthBound();
    if (!(peak > 0)) { this.demandArmed[kind] = false; return; } // re-armed by the weekly review if accounts appear
    const at = this.nextCandidate(-Math.log(1 - this.demandRng[kind]()) / peak);
    if (at === Infinity) { this.demandArmed[kind] = false; return; }
    this.host.sim.at(at, this.evDemand, kind, this.demandToken[kind]);
    this.demandArmed[kind] = true;
  }

  private onDemand(kind: number, token: number): void {
    if (token !== this.demandToken[kind]) return;
    this.demandArmed[kind] = false;
    const c = this.host.spec.company;
    const now = this.host.sim.now;
    const accounts = this.host.accounts.members;
    const rng = this.demandRng[kind];
    // A random account, in proportion to its segment's rate.
    let u = rng() * this.totalRate(kind);
    let s = 0;
    for (; s < c.segments.length - 1; s++) {
      const w = accounts[s].length * c.segments[s].rates[kind];
      if (u < w) break;
      u -= w;
    }
    const members = accounts[s];
    if (members.length > 0) {
      const a = members[Math.floor(rng() * members.length)];
      let keep = c.profile(now) / c.profileHours[hourOfWeek(now)];
      if (SATISFACTION_DRIVEN[kind]) keep *= this.demandFactor(a) / this.maxDemandFactor();
      if (this.growth !== 0) keep *= this.growthAt(now) / this.demandBound[kind];
      if (rng() < keep) this.host.demanded(kind, a);
    }
    this.scheduleDemand(kind);
  }

  /** Leads from the market at large (not from an account): each a new-logo opportunity in a random area. */
  private scheduleMarketLead(): void {
    const c = this.host.spec.company;
    let peak = c.marketLeadsPerHour;
    if (this.growth !== 0) peak *= this.marketBound = this.growthBound();
    if (!(peak > 0)) return;
    const at = this.nextCandidate(-Math.log(1 - this.marketRng()) / peak);
    if (at !== Infinity) this.host.sim.at(at, this.evMarket, this.marketToken);
  }

  /**
   * The next candidate of a stream whose rate is `rate` times the profile's bound
   * (profileHours), given `hazard` = an exponential draw / rate: the bound is
   * integrated hour by hour from now until it reaches the draw (inversion of a
   * piecewise-constant rate). Closed hours have a zero bound and pass at no cost
   * but a step. Infinity if the bound is zero all week.
   */
  private nextCandidate(hazard: number): number {
    const bound = this.host.spec.company.profileHours;
    if (bound !== this.weekBoundOf) {
      this.weekBoundOf = bound;
      this.weekBound = bound.reduce((a, b) => a + b, 0);
    }
    if (!(this.weekBound > 0) || !Number.isFinite(hazard)) return Infinity;
    let t = this.host.sim.now;
    let left = hazard;
    // A rare stream's draw may span many weeks: whole weeks are skipped at once.
    if (left > this.weekBound) {
      const weeks = Math.floor(left / this.weekBound);
      t += weeks * HOURS_PER_WEEK;
      left -= weeks * this.weekBound;
      // Past a hundred million years the clock's hours are no longer whole numbers: never.
      if (!(t < NEVER_H)) return Infinity;
    }
    let closed = 0;
    for (;;) {
      const h = hourOfWeek(t);
      const b = bound[h];
      const end = Math.floor(t) + 1;
      if (b > 0) {
        closed = 0;
        if (t + left / b < end) return t + left / b;
        left -= (end - t) * b;
      } else if (++closed > HOURS_PER_WEEK) return Infinity;
      t = end;
    }
  }

  private onMarketLead(token: number): void {
    if (token !== this.marketToken) return;
    const c = this.host.spec.company;
    const now = this.host.sim.now;
    const keep = this.growth === 0 ? c.profile(now) : (c.profile(now) * this.growthAt(now)) / this.marketBound;
    if (this.marketRng() * c.profileHours[hourOfWeek(now)] < keep) this.host.opportunity(-1, Math.floor(this.marketRng() * c.areas));
    this.scheduleMarketLead();
  }
}
