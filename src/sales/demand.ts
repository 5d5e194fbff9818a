import { HOURS_PER_WEEK } from '../kernel/calendar.js';
import type { Rng, RandomStreams } from '../kernel/random.js';
import type { Simulation } from '../kernel/simulation.js';
import type { Accounts } from './accounts.js';
import { DEMAND, SATISFACTION_DRIVEN, type SalesSpec } from './spec.js';

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
 * Candidates come at the highest rate any open moment could have (every account
 * at full satisfaction, at the busiest hour, at the week's highest growth); each
 * is kept with probability actual/highest for a random account at the
 * candidate's time (Lewis-Shedler thinning). Customers ask only while the
 * company's calendar is open (the profile is zero when it is closed), so the
 * candidates' clock runs in open hours only: a gap that outlasts the open
 * period goes on from the next opening, instead of candidates being drawn
 * around the clock and thrown away at night and at weekends (the process has
 * no memory and no rate while closed, so this is exact). The bound follows the
 * account base, re-read at each candidate. A pending candidate carries its
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
    const f = 1 + s.elasticity * (this.host.accounts.satisfaction[a] - s.reference);
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
    const c = this.host.spec.company;
    let peak = this.totalRate(kind) * c.profilePeak * (SATISFACTION_DRIVEN[kind] ? this.maxDemandFactor() : 1);
    if (this.growth !== 0) peak *= this.demandBound[kind] = this.growthBound();
    if (!(peak > 0)) { this.demandArmed[kind] = false; return; } // re-armed by the weekly review if accounts appear
    const at = this.afterOpenHours(-Math.log(1 - this.demandRng[kind]()) / peak);
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
      let keep = c.profile(now) / c.profilePeak;
      if (SATISFACTION_DRIVEN[kind]) keep *= this.demandFactor(a) / this.maxDemandFactor();
      if (this.growth !== 0) keep *= this.growthAt(now) / this.demandBound[kind];
      if (rng() < keep) this.host.demanded(kind, a);
    }
    this.scheduleDemand(kind);
  }

  /** Leads from the market at large (not from an account): each a new-logo opportunity in a random area. */
  private scheduleMarketLead(): void {
    const c = this.host.spec.company;
    let peak = c.marketLeadsPerHour * c.profilePeak;
    if (this.growth !== 0) peak *= this.marketBound = this.growthBound();
    if (!(peak > 0)) return;
    const at = this.afterOpenHours(-Math.log(1 - this.marketRng()) / peak);
    if (at !== Infinity) this.host.sim.at(at, this.evMarket, this.marketToken);
  }

  /**
   * The time `hours` of the company's open time from now: closed periods are
   * skipped (from a closed moment the count starts at the next opening).
   * Infinity if the calendar never opens.
   */
  private afterOpenHours(hours: number): number {
    const cal = this.host.spec.company.calendar;
    let t = this.host.sim.now;
    if (cal.alwaysOpen) return t + hours;
    let left = hours;
    for (;;) {
      if (!cal.isOpen(t)) {
        t = cal.nextChange(t);
        if (t === Infinity) return Infinity;
      }
      const closes = cal.nextChange(t);
      if (t + left < closes) return t + left;
      left -= closes - t;
      t = closes;
    }
  }

  private onMarketLead(token: number): void {
    if (token !== this.marketToken) return;
    const c = this.host.spec.company;
    const now = this.host.sim.now;
    const keep = this.growth === 0 ? c.profile(now) : (c.profile(now) * this.growthAt(now)) / this.marketBound;
    if (this.marketRng() * c.profilePeak < keep) this.host.opportunity(-1, Math.floor(this.marketRng() * c.areas));
    this.scheduleMarketLead();
  }
}
