import { HOURS_PER_WEEK } from '../kernel/calendar.js';
import type { Rng, RandomStreams } from '../kernel/random.js';
import type { Simulation } from '../kernel/simulation.js';
import { TimerLine } from '../kernel/resource/timer-line.js';
import { TimeWeighted } from '../kernel/statistics.js';
import { HOURS_PER_YEAR } from '../kernel/time.js';
import { Accounts } from './accounts.js';
import { Demand, type DemandHost } from './demand.js';
import { guardSales } from './guard.js';
import { ABANDONED, COMPLETED, ITEM_KINDS, ItemBook, K, KIND_OF_TASK, LOST } from './item-book.js';
import { C, Layout, queueBucket } from './counters.js';
import { Organization, type Outcomes } from './organization.js';
import { GrowthPolicies, type PolicyHost } from './policies.js';
import { type RopeHost, Ropes } from './rope.js';
import { D, type SalesSpec } from './spec.js';
import { Staffing, type StaffingHost } from './staffing.js';
import { T } from './tasks.js';
import { CALL_ISSUE, CALL_ORDER, type Work, WorkStore } from './work.js';


/** A late renewal's next anniversary may move back past this many others in the line (a few weeks' worth in a large company). */
const RENEWAL_MOVES = 1 << 14;

/** An opportunity in the pipeline (M5). */
interface Opportunity {
  value: number;
  area: number;
  /** The account it grows, or -1 for a new logo. */
  account: number;
  created: number;
  /** Hours it waited for its first meeting (-1: not met yet), and the role that met it. */
  firstWait: number;
  firstRole: number;
}

/**
 * A sales organization in motion: the customer base generates demand (M1), the
 * operating model's people do the work (Organization), and this class decides
 * what each finished piece of work leads to: an order keyed becomes a
 * production job, a BD meeting moves an opportunity towards a decision, a
 * renewal is won at some uplift or lost, a late delivery costs satisfaction.
 * Every consequence is counted in the ledger.
 */
export class SalesModel implements Outcomes, DemandHost, RopeHost, StaffingHost, PolicyHost {
  readonly accounts: Accounts;
  readonly org: Organization;
  readonly store = new WorkStore();
  readonly counters: Float64Array;
  readonly layout: Layout;
  readonly accountLevel = new TimeWeighted();
  readonly openOpportunities = new TimeWeighted();
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
  private readonly opps: Opportunity[] = [];
  private readonly anniversary: number[] = [];
  private readonly rng: Record<string, Rng>;
  private readonly evWeek: number;
  /**
   * Contract anniversaries (M10), one pending per contract account: in a line
   * rather than the event list, which they would otherwise fill (most of its
   * entries in a large company). A renewal negotiated late sets the next
   * anniversary out of order by a few weeks' worth of others: it may move far back.
   */
  private readonly renewals: TimerLine;
  /** Anniversaries of the accounts at the start, set in order once they are all drawn. */
  private initialRenewals: { due: number; account: number }[] | null = [];
  private readonly evBooked: number;
  private readonly evDecision: number;
  /** Delivery-update checks: a fixed time after each job is booked, so in order (a line keeps them out of the event list). */
  private readonly updateChecks: TimerLine;
  private readonly evCampaign: number;

  /** The phases of the run (M15), from the spec it started with. */
  private readonly phases: SalesSpec['phases'];
  private readonly evPhase: number;
  /** Token of the pending campaign event: a phase re-arms it. */
  private campaignToken = 0;
  private campaignsOn = false;
  private lastCampaign = -Infinity;

  constructor(public spec: SalesSpec, readonly sim: Simulation, streams: RandomStreams) {
    this.layout = new Layout(spec.roles.length);
    this.counters = new Float64Array(this.layout.size);
    this.items = new ItemBook(this.counters, this.layout.itemBase);
    const c = spec.company;
    this.accounts = new Accounts(c.segments.length, Math.max(16, c.segments.reduce((a, s) => a + s.accounts, 0) * 2));
    this.org = new Organization(spec, sim, streams, this.store, this.counters, this.layout, this);
    const names = ['accounts', 'contracts', 'values', 'calls', 'upsell', 'quotes', 'engineering', 'opportunities',
      'wins', 'renewals', 'churn', 'outbound', 'campaigns'];
    this.rng = Object.fromEntries(names.map((n) => [n, streams.stream(`sales.${n}`)]));
    this.demand = new Demand(this, streams);
    const on = (handle: (a: number, b: number) => void) => sim.register({ handle });
    this.evWeek = on(() => this.onWeek());
    this.renewals = new TimerLine(sim, (account) => this.onRenewalDue(account), undefined, RENEWAL_MOVES);
    this.evBooked = on((opp) => this.onMeetingBooked(opp));
    this.evDecision = on((opp) => this.onDecision(opp));
    this.updateChecks = new TimerLine(sim, (job, serial) => this.onUpdateCheck(job, serial), (job, serial) => this.store.all[job].serial === serial);
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
    this.campaignsOn = c.campaigns !== null && this.org.routed(T.promotion_campaign);
    if (this.campaignsOn) this.sim.at(now, this.evCampaign, this.campaignToken);
    this.phases.forEach((p, k) => this.sim.at(p.at, this.evPhase, k));
    this.ropes.setDrums();
  }

  // ---- phases (M15) -----------------------------------------------------------------------

  /**
   * A phase starts: routing, role policies, demand and the ropes switch to its
   * spec; the headcount each role should have becomes hires or leavers
   * (Staffing.phase). Work nobody does any more is dropped as if it had run out
   * of patience.
   */
  private onPhase(k: number): void {
    const spec = this.phases[k].spec;
    this.spec = spec;
    for (const w of this.org.reconfigure(spec)) this.expired(w);
    this.staffing.phase();
    this.payroll.set(this.sim.now, this.org.payrollPerWeek()); // salaries may have changed
    this.demand.phase();
    const on = spec.company.campaigns !== null && this.org.routed(T.promotion_campaign);
    if (on && !this.campaignsOn) {
      this.campaignToken++;
      this.sim.at(this.sim.now, this.evCampaign, this.campaignToken);
    } else if (on) {
      // The cadence may have changed: the next release `every` after the last one.
      this.campaignToken++;
      this.sim.at(this.lastCampaign + spec.company.campaigns!.every, this.evCampaign, this.campaignToken);
    } else this.campaignToken++;
    this.campaignsOn = on;
    this.ropes.setDrums();
    this.ropes.release();
  }

  /** Cumulative counters and integrals as of now (a snapshot; windows are differences). */
  snapshot(): Float64Array {
    const now = this.sim.now;
    this.org.creditAll(now);
    const s = Float64Array.from(this.counters);
    const L = this.layout;
    this.spec.roles.forEach((_, r) => {
      s[L.capacity(r)] = this.org.onShift[r].areaUntil(now);
      s[L.queue(r)] = this.org.waiting[r].areaUntil(now);
      s[L.people(r)] = this.org.heads[r].areaUntil(now);
    });
    s[C.accounts_area] = this.accountLevel.areaUntil(now);
    s[C.open_opportunities_area] = this.openOpportunities.areaUntil(now);
    s[C.payroll_area] = this.payroll.areaUntil(now);
    s[C.throttle_holding_area] = this.ropes.holding.areaUntil(now);
    for (let k = 0; k < ITEM_KINDS.length; k++) s[L.itemLive(k)] = this.items.live[k];
    this.policies?.record(s, now);
    return s;
  }

  /** Items waiting per role right now. */
  queueLengths(): number[] {
    return this.org.waiting.map((w) => w.value);
  }

  // ---- staffing (M15), for the growth policies and the organization --------------------

  hire(role: number, count: number): void {
    this.staffing.hire(role, count);
  }

  leave(role: number, count: number): void {
    this.staffing.leave(role, count);
  }

  hiring(role: number): number {
    return this.staffing.hiring(role);
  }

  staffChanged(role: number): void {
    this.payroll.set(this.sim.now, this.org.payrollPerWeek());
    this.staffing.scheduleLeaver(role); // attrition follows the headcount
  }

  drumSlack(): void {
    this.ropes.slack();
  }

  // ---- the customer base ---------------------------------------------------------------

  private newAccount(segment: number, area: number, initial: boolean): number {
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

  private loseAccount(a: number): void {
    if (!this.accounts.active[a]) return;
    this.accounts.remove(a);
    this.accountLevel.add(this.sim.now, -1);
    this.counters[C.churned]++;
  }

  /**
   * What the account is worth a year (orders plus contract): the "value" by which
   * a commission-driven role ranks its visits, issues and projects (M6).
   */
  private annualValue(a: number): number {
    const seg = this.spec.company.segments[this.accounts.segment[a]];
    return seg.rates[D.orders] * HOURS_PER_YEAR * seg.orderValue.mean + this.accounts.contractValue[a];
  }

  // ---- demand (M1): what each request becomes (when and from whom: demand.ts) ----------

  /** An account's request becomes work: by phone or in writing, as its segment's shares say. */
  demanded(kind: number, a: number): void {
    const c = this.spec.company;
    const seg = c.segments[this.accounts.segment[a]];
    const r = this.rng;
    switch (kind) {
      case D.orders: {
        const value = seg.orderValue.sample(r.values);
        if (r.calls() < seg.phoneShare) this.call(a, CALL_ORDER, value);
        else this.submit(this.work(T.order_entry, a, value));
        break;
      }
      case D.quote_requests: {
        const task = r.quotes() < seg.complexQuoteShare ? T.quote_complex : T.quote_simple;
        this.submit(this.work(task, a, seg.orderValue.sample(r.values) * c.quotes.valueFactor));
        break;
      }
      case D.service_issues:
        if (r.calls() < seg.issuePhoneShare) this.call(a, CALL_ISSUE, this.annualValue(a));
        else this.submit(this.work(T.service_issue, a, this.annualValue(a)));
        break;
      case D.engineering_requests:
        this.engineering(a);
        break;
      case D.visits:
        this.submit(this.work(T.am_visit, a, this.annualValue(a)));
        break;
      case D.bd_opportunities:
        this.opportunity(a, this.accounts.area[a]);
        break;
      case D.referrals:
        this.opportunity(-1, this.accounts.area[a]);
        break;
    }
  }

  // ---- work items ------------------------------------------------------------------------------

  /** A new piece of work; a customer's item (a call, an order, a quote, a renewal) arrives with it. */
  private work(task: number, account: number, value: number): Work {
    this.items.arrive(KIND_OF_TASK[task]);
    const w = this.store.alloc(task, this.sim.now);
    w.account = account;
    w.area = account >= 0 ? this.accounts.area[account] : -1;
    w.value = value;
    return w;
  }

  /** Submits, or drops the item if no role does its task (a customer's item is then lost). */
  private submit(w: Work): boolean {
    if (this.org.submit(w)) return true;
    this.items.end(KIND_OF_TASK[w.task], LOST);
    this.store.release(w);
    return false;
  }

  /** An inbound call (M7): queued for whoever answers the phone. */
  private call(a: number, about: number, value: number): void {
    const w = this.work(T.inbound_call, a, value);
    w.call = about;
    this.counters[C.calls_offered]++;
    this.submit(w);
  }

  private engineering(a: number): void {
    // With nobody routed to the liaison, the request goes straight to design.
    const w = this.work(T.engineering_request, a, this.annualValue(a));
    if (this.submit(w)) return;
    this.submit(this.work(T.design, a, this.annualValue(a)));
  }

  /** A new opportunity, for the account or (-1) a new logo in the area: its first meeting needs booking, unless a rope holds it. */
  opportunity(account: number, area: number): void {
    const c = this.spec.company;
    const id = this.opps.length;
    this.items.arrive(K.opportunity);
    this.opps.push({
      value: c.opportunities.value.sample(this.rng.opportunities), area, account,
      created: this.sim.now, firstWait: -1, firstRole: -1,
    });
    this.counters[C.opportunities]++;
    this.openOpportunities.add(this.sim.now, 1);
    if (this.ropes.holdOpportunity(id)) return;
    this.schedule(id);
  }

  /** A meeting for the opportunity needs booking (phone tag when a rep does it, M4). */
  schedule(opp: number): void {
    this.opportunityWork(T.meeting_scheduling, opp);
  }

  /** Work on an opportunity; with nobody to do it, the opportunity is lost. */
  private opportunityWork(task: number, opp: number): void {
    const o = this.opps[opp];
    const w = this.work(task, o.account, o.value);
    w.area = o.area;
    w.opportunity = opp;
    if (!this.submit(w)) this.closeOpportunity(opp, false);
  }

  private closeOpportunity(opp: number, won: boolean): void {
    this.items.end(K.opportunity, won ? COMPLETED : LOST);
    this.openOpportunities.add(this.sim.now, -1);
    this.counters[won ? C.wins : C.losses]++;
  }

  // ---- what starting work involves ------------------------------------------------------------

  starting(w: Work, role: number): number {
    const now = this.sim.now;
    if (w.task === T.inbound_call) {
      this.counters[C.calls_answered]++;
      if (now - w.requested <= this.spec.company.calls.answerTarget) this.counters[C.calls_in_target]++;
    }
    if ((w.task === T.inbound_call || w.task === T.callback) && w.call === CALL_ORDER) {
      return this.upsellAttempt(w, role);
    }
    if (w.task === T.bd_meeting) {
      const o = this.opps[w.opportunity];
      if (o.firstWait < 0) { o.firstWait = now - o.created; o.firstRole = role; }
    }
    if (w.task === T.production_job && this.policies !== null) return this.policies.productionExtra(w.content * this.spec.roles[role].speed[T.production_job]);
    return 0;
  }

  /**
   * Suggestive selling on an order call (M8): the handler tries only when the
   * phones allow (probability exp(-calls waiting / scale)) and succeeds with
   * the role's upsell rate. The attempt lengthens the call.
   */
  private upsellAttempt(w: Work, role: number): number {
    const c = this.spec.company;
    const L = this.layout;
    const waiting = this.org.callsWaitingFor(w);
    const bucket = queueBucket(waiting);
    const hour = Math.floor(this.sim.now) % 24;
    this.counters[C.order_calls]++;
    this.counters[L.attempts(bucket)]++;
    this.counters[L.hourCalls(hour)]++;
    const proficiency = this.spec.roles[role].upsell;
    if (proficiency <= 0 || this.rng.upsell() >= Math.exp(-waiting / c.upsell.queueScale)) return 0;
    this.counters[C.upsell_attempts]++;
    if (this.rng.upsell() < proficiency) {
      const extra = w.value * c.upsell.valueFactor;
      w.value += extra;
      this.counters[C.upsells]++;
      this.counters[L.successes(bucket)]++;
      this.counters[L.hourUpsells(hour)]++;
      this.counters[C.revenue_upsell] += extra;
    }
    return c.upsell.extraTime.sample(this.rng.upsell);
  }

  // ---- what finished work leads to ---------------------------------------------------------------

  done(w: Work, role: number): void {
    const now = this.sim.now;
    this.items.end(KIND_OF_TASK[w.task], COMPLETED);
    const a = w.account;
    const sat = this.spec.company.satisfaction;
    if (a >= 0 && this.accounts.active[a]) this.accounts.lastContact[a] = now;
    switch (w.task) {
      case T.inbound_call:
      case T.callback:
        if (w.call === CALL_ORDER) this.forward(w, T.order_entry);
        else if (w.call === CALL_ISSUE) this.forward(w, T.service_issue);
        return;
      case T.order_entry:
        this.requestDone(w, role);
        this.book(w);
        break;
      case T.quote_simple:
      case T.quote_complex:
        this.requestDone(w, role);
        this.quoteDecision(w);
        break;
      case T.service_issue:
        this.requestDone(w, role);
        break;
      case T.engineering_request:
        this.forward(w, T.design);
        return;
      case T.design: {
        const e = this.spec.company.engineering;
        if (this.rng.engineering() < e.fieldVisit && this.org.routed(T.tech_visit)) this.forward(w, T.tech_visit);
        else if (this.rng.engineering() < e.quote) this.forward(w, T.quote_complex);
        else break;
        return;
      }
      case T.tech_visit:
        if (this.rng.engineering() < this.spec.company.engineering.quote) { this.forward(w, T.quote_complex); return; }
        break;
      case T.meeting_scheduling: {
        const lead = this.spec.company.opportunities.bookingLead.sample(this.rng.opportunities);
        this.sim.after(lead, this.evBooked, w.opportunity);
        break;
      }
      case T.bd_meeting:
        this.meetingHeld(w, role);
        break;
      case T.am_visit:
        this.counters[C.am_visits]++;
        if (a >= 0 && this.accounts.active[a]) this.accounts.experience(a, sat.visit, now);
        break;
      case T.renewal:
        this.renewed(w, role);
        break;
      case T.outbound_call:
        this.outboundOutcome(role);
        break;
      case T.promotion_campaign:
        this.campaignOutcome();
        break;
      case T.production_job:
        this.delivered(w);
        break;
      case T.delivery_update: {
        const job = this.store.all[w.link];
        if (job.serial === w.linkSerial) job.updated = true;
        this.counters[C.delivery_updates]++;
        break;
      }
      default:
        break; // admin
    }
    this.store.release(w);
  }

  /**
   * The same customer request moves on to its next task (keeping when it was
   * asked): an item of the next task's kind arrives (an answered call's order),
   * unless the item goes on as the same kind (`same`: a voicemail's callback is
   * the call, still in progress).
   */
  private forward(w: Work, task: number, same = false): void {
    w.task = task;
    w.remaining = -1;
    w.content = -1;
    w.queue = null;
    if (!same) this.items.arrive(KIND_OF_TASK[task]);
    if (!this.org.submit(w)) {
      this.items.end(KIND_OF_TASK[task], LOST);
      this.store.release(w);
    }
  }

  /** A customer request (order, issue, quote) done: on time or late (M13). */
  private requestDone(w: Work, role: number): void {
    const now = this.sim.now;
    const s = this.spec.company.satisfaction;
    const onTime = now - w.requested <= this.spec.tasks[w.task].tolerance;
    this.counters[C.requests_done]++;
    this.counters[this.layout.requestsDone(role)]++;
    if (onTime) {
      this.counters[C.requests_on_time]++;
      this.counters[this.layout.requestsOnTime(role)]++;
    }
    if (w.account >= 0 && this.accounts.active[w.account]) this.accounts.experience(w.account, onTime ? s.onTime : s.late, now);
  }

  /** An order is keyed: revenue is booked and production gets a job (M12, M16). */
  private book(w: Work): void {
    const c = this.spec.company;
    this.counters[C.orders]++;
    this.counters[C.revenue] += w.value;
    this.counters[C.revenue_orders] += w.value;
    if (w.value < c.economics.smallOrder) this.counters[C.revenue_small_orders] += w.value;
    this.productionJob(w.account, w.value);
  }

  private productionJob(account: number, value: number): void {
    const c = this.spec.company;
    const job = this.work(T.production_job, account, value);
    job.content = value / c.production.valuePerHour;
    job.promise = this.sim.now + c.production.promise;
    const serial = job.serial;
    const id = job.id;
    if (!this.submit(job)) return;
    this.policies?.booked(value);
    const check = job.promise - c.production.updateNotice;
    if (this.org.routed(T.delivery_update)) this.updateChecks.set(check, id, serial);
  }

  /** A job still unfinished shortly before its promise date: customer service warns the customer (M12). */
  private onUpdateCheck(job: number, serial: number): void {
    const w = this.store.all[job];
    if (w.serial !== serial) return; // delivered already
    const u = this.work(T.delivery_update, w.account, 0);
    u.link = job;
    u.linkSerial = serial;
    this.submit(u);
  }

  private delivered(job: Work): void {
    const now = this.sim.now;
    const s = this.spec.company.satisfaction;
    this.counters[C.jobs_done]++;
    this.counters[C.production_lead_sum] += now - job.requested;
    this.policies?.delivered(job.value);
    if (now > job.promise) {
      this.counters[C.jobs_late]++;
      const a = job.account;
      if (a >= 0 && this.accounts.active[a]) this.accounts.experience(a, job.updated ? s.lateDeliveryUpdated : s.lateDelivery, now);
    }
  }

  /** A quote turns into an order with a probability that falls with the turnaround (M5). */
  private quoteDecision(w: Work): void {
    const q = this.spec.company.quotes;
    const turnaround = this.sim.now - w.requested;
    if (this.rng.quotes() < q.win * Math.exp(-turnaround / q.decay)) {
      this.counters[C.quotes_won]++;
      this.submit(this.work(T.order_entry, w.account, w.value));
    }
  }

  private onMeetingBooked(opp: number): void {
    this.opportunityWork(T.bd_meeting, opp);
  }

  private meetingHeld(w: Work, role: number): void {
    const c = this.spec.company;
    this.counters[C.bd_meetings]++;
    this.counters[this.layout.meetings(role)]++;
    const notes = this.work(T.admin, w.account, w.value);
    notes.area = w.area;
    notes.content = c.opportunities.meetingAdmin.sample(this.rng.opportunities);
    this.submit(notes);
    if (this.rng.opportunities() < c.opportunities.followUp) this.schedule(w.opportunity);
    else this.sim.after(c.opportunities.cycle.sample(this.rng.opportunities), this.evDecision, w.opportunity);
  }

  /** Win probability depends on who sold and how long the opportunity waited for its first meeting (M5). */
  private onDecision(opp: number): void {
    const c = this.spec.company;
    const o = this.opps[opp];
    const role = this.spec.roles[o.firstRole];
    // The market's perception of the delivery delay moves every decision (Forrester's SEDM).
    const p = role.winRate * Math.exp(-o.firstWait / c.opportunities.winDecay) * (this.policies?.winMultiplier ?? 1);
    const won = this.rng.wins() < p;
    this.closeOpportunity(opp, won);
    if (!won) return;
    let a = o.account;
    if (a < 0 || !this.accounts.active[a]) {
      a = this.newAccount(Math.round(c.opportunities.newAccountSegment.sample(this.rng.wins)), o.area, false);
      this.counters[C.new_accounts]++;
    }
    const first = o.value * c.opportunities.firstOrderShare;
    this.counters[C.revenue] += first;
    this.counters[C.revenue_new_business] += first;
    this.productionJob(a, first);
    if (this.rng.wins() < c.opportunities.projectShare) this.engineering(a);
  }

  // ---- renewals (M10) --------------------------------------------------------------------------

  private onRenewalDue(a: number): void {
    if (!this.accounts.active[a]) return;
    const w = this.work(T.renewal, a, this.accounts.contractValue[a]);
    this.submit(w);
  }

  /** The renewal is negotiated: who renews sets the retention and the uplift. */
  private renewed(w: Work, role: number): void {
    const a = w.account;
    if (!this.accounts.active[a]) return;
    const s = this.spec.company.satisfaction;
    const terms = this.spec.roles[role].renewal;
    const retention = (terms?.retention ?? 0.85) + 0.5 * (this.accounts.satisfaction[a] - s.reference);
    if (this.rng.renewals() >= retention) {
      this.counters[C.renewals_not_retained]++;
      this.loseAccount(a);
      return;
    }
    const uplift = terms === null ? 0 : terms.uplift.sample(this.rng.renewals);
    const value = this.accounts.contractValue[a] * (1 + uplift);
    this.accounts.contractValue[a] = value;
    this.counters[C.renewals_renewed]++;
    this.counters[C.renewal_uplift_sum] += uplift;
    this.counters[C.revenue] += value;
    this.counters[C.revenue_renewals] += value;
    this.nextAnniversary(a);
  }

  private nextAnniversary(a: number): void {
    this.anniversary[a] += HOURS_PER_YEAR;
    this.renewals.set(this.anniversary[a], a, 0);
  }

  // ---- filler work: outbound calls (M9), campaigns (M1) ----------------------------------------

  filler(task: number): Work | null {
    if (task !== T.outbound_call && task !== T.admin) return null;
    return this.work(task, -1, 0);
  }

  private outboundOutcome(role: number): void {
    const terms = this.spec.roles[role].outbound;
    const a = this.randomAccount(this.rng.outbound);
    if (terms === null || a < 0) return;
    this.accounts.lastContact[a] = this.sim.now;
    if (this.rng.outbound() < terms.order) {
      const seg = this.spec.company.segments[this.accounts.segment[a]];
      this.submit(this.work(T.order_entry, a, seg.orderValue.sample(this.rng.values)));
    }
    if (this.rng.outbound() < terms.opportunity) this.opportunity(a, this.accounts.area[a]);
  }

  private randomAccount(rng: Rng): number {
    const total = this.accounts.activeCount;
    if (total === 0) return -1;
    let k = Math.floor(rng() * total);
    for (const m of this.accounts.members) {
      if (k < m.length) return m[k];
      k -= m.length;
    }
    return -1;
  }

  private onCampaign(token: number): void {
    if (token !== this.campaignToken) return;
    this.lastCampaign = this.sim.now;
    if (!this.ropes.holdCampaign()) this.launchCampaign();
    this.sim.after(this.spec.company.campaigns!.every, this.evCampaign, token);
  }

  /** A promotion campaign goes out now: on its cadence, or when the ropes release it. */
  launchCampaign(): void {
    this.submit(this.work(T.promotion_campaign, -1, 0));
  }

  private campaignOutcome(): void {
    const c = this.spec.company;
    const k = c.campaigns!;
    const leads = Math.round(k.leads.sample(this.rng.campaigns));
    for (let i = 0; i < leads; i++) {
      if (this.rng.campaigns() < k.qualify) this.opportunity(-1, Math.floor(this.rng.campaigns() * c.areas));
    }
  }

  // ---- waiting too long ---------------------------------------------------------------------------

  expired(w: Work): void {
    const now = this.sim.now;
    const c = this.spec.company;
    const a = w.account;
    const live = a >= 0 && this.accounts.active[a] === 1;
    switch (w.task) {
      case T.inbound_call:
        this.counters[C.calls_abandoned]++;
        if (live) this.accounts.experience(a, c.satisfaction.callAbandoned, now);
        if (this.rng.calls() < c.calls.voicemail) {
          this.counters[C.voicemails]++;
          this.forward(w, T.callback, true);
          return;
        }
        this.items.end(K.call, ABANDONED);
        if (w.call === CALL_ORDER) this.lost(w, C.lost_abandonment);
        else { this.forward(w, T.service_issue); return; } // the customer emails the issue instead
        break;
      case T.callback:
      case T.order_entry:
      case T.quote_simple:
      case T.quote_complex:
        this.items.end(KIND_OF_TASK[w.task], w.task === T.callback ? ABANDONED : LOST);
        // The order goes elsewhere; a quote's expected value goes with it.
        if (w.call === CALL_ISSUE) { this.forward(w, T.service_issue); return; }
        this.lost(w, C.lost_patience, w.task === T.quote_simple || w.task === T.quote_complex ? c.quotes.win : 1);
        break;
      case T.renewal:
        this.items.end(K.renewal, LOST);
        this.counters[C.renewals_lapsed]++;
        this.counters[C.lost_lapse] += w.value;
        this.loseAccount(a);
        break;
      case T.meeting_scheduling:
      case T.bd_meeting:
        this.counters[C.opportunities_cold]++;
        this.closeOpportunity(w.opportunity, false);
        break;
      default:
        break;
    }
    this.store.release(w);
  }

  private lost(w: Work, cause: number, share = 1): void {
    const s = this.spec.company.satisfaction;
    this.counters[cause] += w.value * share;
    this.counters[C.requests_lost]++;
    // Nobody took it: it counts against the role first in line for the task it waited on.
    this.counters[this.layout.requestsLost(this.spec.tasks[w.task].roles[0])]++;
    if (w.account >= 0 && this.accounts.active[w.account]) this.accounts.experience(w.account, s.lost, this.sim.now);
  }

  blockChanged(role: number, open: boolean): void {
    // Callbacks waiting at the start and end of each time block (M9).
    if (open) {
      this.counters[C.block_samples]++;
      this.counters[C.callbacks_at_block_start] += this.org.callbacksWaiting[role];
    } else {
      this.counters[C.callbacks_at_block_end] += this.org.callbacksWaiting[role];
    }
  }

  // ---- the weekly review: satisfaction drift and neglect, churn, admin --------------------------

  private onWeek(): void {
    const now = this.sim.now;
    const c = this.spec.company;
    const s = c.satisfaction;
    const acc = this.accounts;
    for (let a = 0; a < acc.size; a++) {
      if (!acc.active[a]) continue;
      let v = acc.satisfaction[a];
      v += (s.reference - v) * s.driftPerWeek;
      if (now - acc.lastContact[a] > s.neglectAfter) v += s.neglect;
      acc.satisfaction[a] = v < 0 ? 0 : v > 1 ? 1 : v;
      if (acc.contractValue[a] > 0) continue; // contract accounts leave at renewal time
      const hazard = c.churnPerHour * HOURS_PER_WEEK * Math.exp(c.churnSensitivity * (s.reference - acc.satisfaction[a]));
      if (this.rng.churn() < 1 - Math.exp(-hazard)) this.loseAccount(a);
    }
    // Admin: each person's weekly load, in daily pieces.
    this.spec.roles.forEach((role, r) => {
      if (role.adminPerWeek <= 0) return;
      for (const p of this.org.persons[r]) {
        for (let d = 0; d < 5; d++) {
          const w = this.work(T.admin, -1, 0);
          w.content = role.adminPerWeek / 5;
          this.org.submitTo(p, w);
        }
      }
    });
    this.demand.review();
    this.sim.after(HOURS_PER_WEEK, this.evWeek);
  }
}

