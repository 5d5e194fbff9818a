import type { Rng, RandomStreams } from '../kernel/random.js';
import type { Simulation } from '../kernel/simulation.js';
import { TimerLine } from '../kernel/resource/timer-line.js';
import { TimeWeighted } from '../kernel/statistics.js';
import { HOURS_PER_YEAR } from '../kernel/time.js';
import { Accounts } from './accounts.js';
import { C, Layout } from './counters.js';
import { Credit } from './credit.js';
import { Demand, type DemandHost } from './demand.js';
import { guardSales } from './guard.js';
import { COMPLETED, ItemBook, K, LOST } from './item-book.js';
import { Organization, type Outcomes } from './organization.js';
import { Opportunities } from './opportunities.js';
import { GrowthPolicies, type PolicyHost } from './policies.js';
import { type RopeHost, Ropes } from './rope.js';
import { D, type SalesSpec } from './spec.js';
import { Staffing, type StaffingHost } from './staffing.js';
import { WorkStore } from './work.js';



/** A late renewal's next anniversary may move back past this many others in the line (a few weeks' worth in a large company). */
const RENEWAL_MOVES = 1 << 14;

/**
 * The core of a sales model, beneath what work leads to (flows.ts) and the
 * model's running (model.ts): its parts (the customer base, the organization,
 * demand, staffing, the ropes, the growth policies, the ledger's counters), how
 * they are wired to the simulation, the accounts won and lost, and how a piece of
 * work is created, submitted, forwarded to its next task or dropped.
 */
export abstract class ModelCore implements Outcomes, DemandHost, RopeHost, StaffingHost, PolicyHost {
  readonly accounts: Accounts;
  readonly org: Organization;
  readonly store = new WorkStore();
  readonly counters: Float64Array;
  readonly layout: Layout;
  /** What each person's work brought in: bookings and revenue (credit.ts). */
  readonly credit: Credit;
  readonly accountLevel = new TimeWeighted();
  readonly openOpportunities = new TimeWeighted();
  /** The value of the open opportunities: the pipeline. */
  readonly pipelineValue = new TimeWeighted();
  readonly payroll = new TimeWeighted();
  /** Calls, orders, quotes, opportunities and renewals: each that arrives ends in one state (item-book.ts). */
  readonly items: ItemBook;
  /** Demand (M1): the streams over the account base, the market's leads, growth. */
  readonly demand: Demand;
  /** Hires and leavers (M15). */
  readonly staffing: Staffing;
  /** Drum-buffer-rope (M14): work held back while a drum is over its buffer. */
  readonly ropes: Ropes;
  /** The market's response to delivery delay and the growth policies (Forrester 1968), if the scenario has them. */
  readonly policies: GrowthPolicies | null;
  /** The pipeline's opportunities (M5), open and closed. */
  protected readonly opps = new Opportunities();
  protected readonly anniversary: number[] = [];
  protected readonly rng: Record<string, Rng>;
  protected readonly evWeek: number;
  /**
   * Contract anniversaries (M10), one pending per contract account: in a line
   * rather than the event list, which they would otherwise fill (most of its
   * entries in a large company). A renewal negotiated late sets the next
   * anniversary out of order by a few weeks' worth of others: it may move far back.
   */
  protected readonly renewals: TimerLine;
  /** Anniversaries of the accounts at the start, set in order once they are all drawn. */
  private initialRenewals: { due: number; account: number }[] | null = [];
  protected readonly evBooked: number;
  protected readonly evDecision: number;
  /** Delivery-update checks: a fixed time after each job is booked, so in order (a line keeps them out of the event list). */
  protected readonly updateChecks: TimerLine;
  protected readonly evCampaign: number;

  /** The phases of the run (M15), from the spec it started with. */
  protected readonly phases: SalesSpec['phases'];
  private readonly evPhase: number;
  /** Token of the pending campaign event: a phase re-arms it. */
  protected campaignToken = 0;
  protected campaignsOn = false;
  protected lastCampaign = -Infinity;

  constructor(public spec: SalesSpec, readonly sim: Simulation, streams: RandomStreams) {
    this.layout = new Layout(spec.roles.length, spec.tasks.length, spec.company.opportunities.stages.length);
    this.counters = new Float64Array(this.layout.size);
    this.items = new ItemBook(this.counters, this.layout.itemBase);
    this.credit = new Credit(spec, this.store, this.counters, this.layout);
    const c = spec.company;
    this.accounts = new Accounts(c.segments.length, Math.max(16, c.segments.reduce((a, s) => a + s.accounts, 0) * 2));
    this.org = new Organization(spec, sim, streams, this.store, this.counters, this.layout, this);
    const names = ['accounts', 'contracts', 'values', 'calls', 'upsell', 'quotes', 'engineering', 'opportunities',
      'wins', 'renewals', 'churn', 'outbound', 'campaigns', 'flows', 'stages'];
    this.rng = Object.fromEntries(names.map((n) => [n, streams.stream(`sales.${n}`)]));
    this.demand = new Demand(this, streams);
    const on = (handle: (a: number, b: number) => void) => sim.register({ handle });
    this.evWeek = on(() => this.onWeek());
    this.renewals = new TimerLine(sim, (account) => this.onRenewalDue(account), undefined, RENEWAL_MOVES);
    this.evBooked = on((opp) => this.onMeetingBooked(opp));
    this.evDecision = on((opp) => this.onDecision(opp));
    this.updateChecks = new TimerLine(sim, (job, serial) => this.onUpdateCheck(job, serial), (job, serial) => this.store.alive(job, serial));
    this.evCampaign = on((token) => this.onCampaign(token));
    this.staffing = new Staffing(this, streams);
    this.phases = spec.phases;
    this.evPhase = on((k) => this.onPhase(k));
    this.ropes = new Ropes(this);
    this.policies = spec.market === null ? null : new GrowthPolicies(this, streams);
    guardSales(this);
  }

  start(): void {
    const c = this.spec.company;
    const now = this.sim.now;
    c.segments.forEach((seg, s) => {
      for (let i = 0; i < seg.accounts; i++) this.newAccount(s, Math.floor(this.rng.accounts() * c.areas), true);
    });
    // Stable: anniversaries at the same time keep the accounts' order, as events scheduled in turn would.
    const initial = this.initialRenewals!.sort((x, y) => x.due - y.due);
    this.initialRenewals = null;
    for (const r of initial) this.renewals.set(r.due, r.account, 0);
    this.payroll.set(now, this.org.payrollPerWeek());
    this.org.start();
    this.staffing.start();
    this.policies?.start();
    this.demand.start();
    this.sim.at(now, this.evWeek);
    this.campaignsOn = c.campaigns !== null && this.org.routed(this.spec.part.campaign);
    if (this.campaignsOn) this.sim.at(now, this.evCampaign, this.campaignToken);
    this.phases.forEach((p, k) => this.sim.at(p.at, this.evPhase, k));
    this.ropes.setDrums();
  }

  // ---- the customer base ---------------------------------------------------------------

  protected newAccount(segment: number, area: number, initial: boolean): number {
    const c = this.spec.company;
    const seg = c.segments[segment];
    const contract = seg.contractValue !== null && this.rng.contracts() < seg.contractShare
      ? seg.contractValue.sample(this.rng.contracts) : 0;
    const a = this.accounts.add(segment, area, c.satisfaction.initial, contract, this.sim.now);
    this.accountLevel.add(this.sim.now, 1);
    if (contract > 0) {
      // Existing contracts have anniversaries spread over the year; a new one renews a year from now.
      const due = this.sim.now + (initial ? this.rng.contracts() * HOURS_PER_YEAR : HOURS_PER_YEAR);
      this.anniversary[a] = due;
      if (initial && this.initialRenewals !== null) this.initialRenewals.push({ due, account: a });
      else this.renewals.set(due, a, 0);
    }
    return a;
  }

  protected loseAccount(a: number): void {
    if (!this.accounts.active[a]) return;
    this.accounts.remove(a);
    this.accountLevel.add(this.sim.now, -1);
    this.counters[C.churned]++;
  }

  /**
   * What the account is worth a year (orders plus contract): the "value" by which
   * a commission-driven role ranks its visits, issues and projects (M6).
   */
  protected annualValue(a: number): number {
    const seg = this.spec.company.segments[this.accounts.segmentOf(a)];
    return seg.rates[D.orders] * HOURS_PER_YEAR * seg.orderValue.mean + this.accounts.contractOf(a);
  }

  // ---- work items ------------------------------------------------------------------------------

  /** A new piece of work; a customer's item (a call, an order, a quote, a renewal) arrives with it. */
  protected work(task: number, account: number, value: number): number {
    this.items.arrive(this.spec.tasks[task].kind);
    const w = this.store.item(task, this.sim.now);
    this.store.account[w] = account;
    this.store.area[w] = account >= 0 ? this.accounts.areaOf(account) : -1;
    this.store.value[w] = value;
    return w;
  }

  /** New work of the task, submitted; nothing if no task plays the part (-1). Returns the item, or -1 if it was dropped. */
  protected offer(task: number, account: number, value: number): number {
    if (task < 0) return -1;
    const w = this.work(task, account, value);
    return this.submit(w) ? w : -1;
  }

  /** Submits, or drops the item if no role does its task (a customer's item is then lost). */
  protected submit(w: number): boolean {
    if (this.org.submit(w)) return true;
    this.items.end(this.spec.tasks[this.store.task[w]].kind, LOST);
    this.store.release(w);
    return false;
  }

  /** An inbound call (M7): queued for whoever answers the phone. */
  protected call(a: number, about: number, value: number): void {
    if (this.spec.part.call < 0) return; // validation: customers who phone need a call task
    const w = this.work(this.spec.part.call, a, value);
    this.store.call[w] = about;
    this.counters[C.calls_offered]++;
    this.submit(w);
  }

  protected engineering(a: number): void {
    // With nobody routed to the liaison, the request goes straight to design.
    const p = this.spec.part;
    if (p.engineering >= 0 && this.submit(this.work(p.engineering, a, this.annualValue(a)))) return;
    if (p.design >= 0) this.submit(this.work(p.design, a, this.annualValue(a)));
  }

  /** A new opportunity, for the account or (-1) a new logo in the area: its first meeting needs booking, unless a rope holds it. */
  opportunity(account: number, area: number): void {
    const c = this.spec.company;
    this.items.arrive(K.opportunity);
    const value = c.opportunities.value.sample(this.rng.opportunities);
    const id = this.opps.add(value, area, account, this.sim.now);
    this.counters[C.opportunities]++;
    this.openOpportunities.add(this.sim.now, 1);
    this.pipelineValue.add(this.sim.now, value);
    if (this.ropes.holdOpportunity(id)) return;
    this.schedule(id);
  }

  /** A meeting for the opportunity needs booking (phone tag when a rep does it, M4); with a declared pipeline, its first stage starts. */
  schedule(opp: number): void {
    if (this.spec.company.opportunities.stages.length > 0) this.enterStage(opp, 0);
    else this.opportunityWork(this.spec.part.booking, opp);
  }

  /** Work on an opportunity; with nobody to do it, the opportunity is lost. */
  protected opportunityWork(task: number, opp: number): void {
    if (task < 0) { this.closeOpportunity(opp, false); return; }
    const o = this.opps;
    const w = this.work(task, o.account(opp), o.value(opp));
    this.store.area[w] = o.area(opp);
    this.store.opportunity[w] = opp;
    if (!this.submit(w)) this.closeOpportunity(opp, false);
  }

  protected closeOpportunity(opp: number, won: boolean): void {
    const value = this.opps.value(opp);
    this.items.end(K.opportunity, won ? COMPLETED : LOST);
    this.openOpportunities.add(this.sim.now, -1);
    this.pipelineValue.add(this.sim.now, -value);
    this.counters[won ? C.wins : C.losses]++;
    if (won) {
      this.counters[C.won_value] += value;
      this.counters[C.won_cycle_sum] += this.sim.now - this.opps.created(opp);
    }
  }

  /**
   * The same customer request moves on to its next task (keeping when it was
   * asked): an item of the next task's kind arrives (an answered call's order),
   * unless the item goes on as the same kind (`same`: a voicemail's callback is
   * the call, still in progress).
   */
  protected forward(w: number, task: number, same = false): void {
    if (task < 0) { this.store.release(w); return; } // no task plays the part: the work ends here
    this.store.task[w] = task;
    this.store.remaining[w] = -1;
    this.store.content[w] = -1;
    if (!same) this.items.arrive(this.spec.tasks[task].kind);
    if (!this.org.submit(w)) {
      this.items.end(this.spec.tasks[task].kind, LOST);
      this.store.release(w);
    }
  }

  protected randomAccount(rng: Rng): number {
    const total = this.accounts.activeCount;
    if (total === 0) return -1;
    let k = Math.floor(rng() * total);
    const members = this.accounts.members;
    for (let s = 0; s < members.length; s++) {
      const m = members[s];
      if (k < m.length) return m[k];
      k -= m.length;
    }
    return -1;
  }

  // ---- what the layers above do --------------------------------------------------------------------

  // What finished, expired and filler work leads to, and the events of the flows (flows.ts).
  abstract done(w: number, role: number): void;
  abstract expired(w: number): void;
  abstract filler(task: number): number;
  abstract launchCampaign(): void;
  protected abstract onRenewalDue(account: number): void;
  protected abstract onMeetingBooked(opp: number): void;
  protected abstract onDecision(opp: number): void;
  /** The opportunity enters stage s of the declared pipeline (pipeline.ts). */
  protected abstract enterStage(opp: number, s: number): void;
  protected abstract onUpdateCheck(job: number, serial: number): void;
  protected abstract onCampaign(token: number): void;
  // The model's running: demand, service starting, staffing, phases, the weekly review (model.ts).
  abstract demanded(kind: number, account: number): void;
  abstract starting(w: number, role: number, person: number): number;
  abstract blockChanged(role: number, open: boolean): void;
  abstract staffChanged(role: number): void;
  abstract drumSlack(): void;
  abstract hire(role: number, count: number): void;
  abstract leave(role: number, count: number): void;
  abstract hiring(role: number): number;
  protected abstract onPhase(k: number): void;
  protected abstract onWeek(): void;
}
