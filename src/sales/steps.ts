import { HOURS_PER_YEAR } from '../kernel/time.js';
import { C } from './counters.js';
import { ABANDONED, K, LOST } from './item-book.js';
import { PipelineModel } from './pipeline.js';
import { CALL_ISSUE, CALL_ORDER } from './work.js';

/**
 * The named steps of a workflow (workflow-schema.ts NAMED_STEPS): the
 * mechanisms of docs/model.md that finishing or expiring work sets off. An
 * order keyed books revenue and a production job, a quote may become an order,
 * a BD meeting moves an opportunity towards a decision, a renewal is won at
 * some uplift or lost, outbound calls and campaigns bring orders and leads, a
 * late delivery or a request lost waiting costs satisfaction. Their numbers are
 * in `company.*`; the work they create is the task playing the part they need.
 * Each returns true when the same item goes on to a next task (it is not released).
 */
export abstract class DomainSteps extends PipelineModel {
  // ---- steps of finished work ---------------------------------------------------------------

  /** A design may need a technical visit, then may become a complex quote (M11). */
  protected designed(w: number): boolean {
    const e = this.spec.company.engineering;
    const p = this.spec.part;
    if (this.rng.engineering() < e.fieldVisit && p.tech_visit >= 0 && this.org.routed(p.tech_visit)) this.forward(w, p.tech_visit);
    else if (this.rng.engineering() < e.quote) this.forward(w, p.complex_quote);
    else return false;
    return true;
  }

  protected techVisited(w: number): boolean {
    if (this.rng.engineering() >= this.spec.company.engineering.quote) return false;
    this.forward(w, this.spec.part.complex_quote);
    return true;
  }

  /** A meeting is booked: it takes place after the booking lead time (M4). */
  protected meetingBooked(w: number): boolean {
    const lead = this.spec.company.opportunities.bookingLead.sample(this.rng.opportunities);
    this.sim.after(lead, this.evBooked, this.store.opportunity[w]);
    return false;
  }

  protected accountVisited(w: number): boolean {
    const a = this.store.account[w];
    this.counters[C.am_visits]++;
    if (a >= 0 && this.accounts.active[a]) this.accounts.experience(a, this.spec.company.satisfaction.visit, this.sim.now);
    return false;
  }

  /** The customer of a late job was warned: a late delivery costs less satisfaction (M12). */
  protected customerUpdated(w: number): boolean {
    const job = this.store.link[w];
    if (this.store.alive(job, this.store.linkSerial[w])) this.store.updated[job] = 1;
    this.counters[C.delivery_updates]++;
    return false;
  }

  /** The customer's request is lost (a `lose` step): its value counts as lost revenue. */
  protected requestLost(w: number): boolean {
    this.items.end(this.spec.tasks[this.store.task[w]].kind, LOST);
    this.lost(w, C.lost_patience);
    return false;
  }

  /** A customer request (order, issue, quote) done: on time or late (M13). */
  protected requestDone(w: number, role: number): boolean {
    const now = this.sim.now;
    const s = this.spec.company.satisfaction;
    const onTime = now - this.store.requested[w] <= this.spec.tasks[this.store.task[w]].tolerance;
    this.counters[C.requests_done]++;
    this.counters[this.layout.requestsDone(role)]++;
    if (onTime) {
      this.counters[C.requests_on_time]++;
      this.counters[this.layout.requestsOnTime(role)]++;
    }
    if (this.store.account[w] >= 0 && this.accounts.active[this.store.account[w]]) this.accounts.experience(this.store.account[w], onTime ? s.onTime : s.late, now);
    return false;
  }

  /** An order is keyed: revenue is booked and production gets a job (M12, M16). */
  protected book(w: number): boolean {
    const c = this.spec.company;
    this.counters[C.orders]++;
    this.counters[C.revenue] += this.store.value[w];
    this.counters[C.revenue_orders] += this.store.value[w];
    if (this.store.value[w] < c.economics.smallOrder) this.counters[C.revenue_small_orders] += this.store.value[w];
    this.credit.booked(w, this.store.value[w]);
    this.productionJob(this.store.account[w], this.store.value[w]);
    return false;
  }

  private productionJob(account: number, value: number): void {
    const c = this.spec.company;
    const p = this.spec.part;
    if (p.production < 0) return;
    const job = this.work(p.production, account, value);
    this.store.content[job] = value / c.production.valuePerHour;
    this.store.promise[job] = this.sim.now + c.production.promise;
    const serial = this.store.serial[job];
    const id = job;
    if (!this.submit(job)) return;
    this.policies?.booked(value);
    const check = this.store.promise[job] - c.production.updateNotice;
    if (p.delivery_update >= 0 && this.org.routed(p.delivery_update)) this.updateChecks.set(check, id, serial);
  }

  /** A job still unfinished shortly before its promise date: customer service warns the customer (M12). */
  protected onUpdateCheck(job: number, serial: number): void {
    if (!this.store.alive(job, serial)) return; // delivered already
    const u = this.work(this.spec.part.delivery_update, this.store.account[job], 0);
    this.store.link[u] = job;
    this.store.linkSerial[u] = serial;
    this.submit(u);
  }

  protected delivered(job: number): boolean {
    const now = this.sim.now;
    const s = this.spec.company.satisfaction;
    this.counters[C.jobs_done]++;
    this.counters[C.production_lead_sum] += now - this.store.requested[job];
    this.policies?.delivered(this.store.value[job]);
    if (now > this.store.promise[job]) {
      this.counters[C.jobs_late]++;
      const a = this.store.account[job];
      if (a >= 0 && this.accounts.active[a]) this.accounts.experience(a, this.store.updated[job] === 1 ? s.lateDeliveryUpdated : s.lateDelivery, now);
    }
    return false;
  }

  /** A quote turns into an order with a probability that falls with the turnaround (M5). */
  protected quoteDecision(w: number): boolean {
    const q = this.spec.company.quotes;
    const turnaround = this.sim.now - this.store.requested[w];
    if (this.rng.quotes() < q.win * Math.exp(-turnaround / q.decay)) {
      this.counters[C.quotes_won]++;
      this.offer(this.spec.part.order, this.store.account[w], this.store.value[w]);
    }
    return false;
  }

  protected onMeetingBooked(opp: number): void {
    this.opportunityWork(this.spec.part.meeting, opp);
  }

  protected meetingHeld(w: number, role: number): boolean {
    const c = this.spec.company;
    this.counters[C.bd_meetings]++;
    this.counters[this.layout.meetings(role)]++;
    if (this.spec.part.admin >= 0) {
      const notes = this.work(this.spec.part.admin, this.store.account[w], this.store.value[w]);
      this.store.area[notes] = this.store.area[w];
      this.store.content[notes] = c.opportunities.meetingAdmin.sample(this.rng.opportunities);
      this.submit(notes);
    }
    if (this.rng.opportunities() < c.opportunities.followUp) this.schedule(this.store.opportunity[w]);
    else this.sim.after(c.opportunities.cycle.sample(this.rng.opportunities), this.evDecision, this.store.opportunity[w]);
    return false;
  }

  /** Win probability depends on who sold and how long the opportunity waited for its first meeting (M5). */
  protected onDecision(opp: number): void {
    const c = this.spec.company;
    const o = this.opps;
    const role = this.spec.roles[o.firstRole(opp)];
    // The market's perception of the delivery delay moves every decision (Forrester's SEDM).
    const p = role.winRate * Math.exp(-o.firstWait(opp) / c.opportunities.winDecay) * (this.policies?.winMultiplier ?? 1);
    const won = this.rng.wins() < p;
    this.closeOpportunity(opp, won);
    if (won) this.wonDeal(opp);
  }

  protected wonDeal(opp: number): void {
    const c = this.spec.company;
    const o = this.opps;
    let a = o.account(opp);
    if (a < 0 || !this.accounts.active[a]) {
      a = this.newAccount(Math.round(c.opportunities.newAccountSegment.sample(this.rng.wins)), o.area(opp), false);
      this.counters[C.new_accounts]++;
    }
    const first = o.value(opp) * c.opportunities.firstOrderShare;
    this.counters[C.revenue] += first;
    this.counters[C.revenue_new_business] += first;
    this.credit.won(o.firstRole(opp), o.firstPerson(opp), o.value(opp), first);
    this.productionJob(a, first);
    if (this.rng.wins() < c.opportunities.projectShare) this.engineering(a);
  }

  // ---- renewals (M10) --------------------------------------------------------------------------

  protected onRenewalDue(a: number): void {
    if (!this.accounts.active[a]) return;
    this.offer(this.spec.part.renewal, a, this.accounts.contractOf(a));
  }

  /** The renewal is negotiated: who renews sets the retention and the uplift. */
  protected renewed(w: number, role: number): boolean {
    const a = this.store.account[w];
    if (!this.accounts.active[a]) return false;
    const s = this.spec.company.satisfaction;
    const terms = this.spec.roles[role].renewal;
    const retention = (terms?.retention ?? 0.85) + 0.5 * (this.accounts.satisfactionOf(a) - s.reference);
    if (this.rng.renewals() >= retention) {
      this.counters[C.renewals_not_retained]++;
      this.loseAccount(a);
      return false;
    }
    const uplift = terms === null ? 0 : terms.uplift.sample(this.rng.renewals);
    const value = this.accounts.contractOf(a) * (1 + uplift);
    this.accounts.setContract(a, value);
    this.counters[C.renewals_renewed]++;
    this.counters[C.renewal_uplift_sum] += uplift;
    this.counters[C.revenue] += value;
    this.counters[C.revenue_renewals] += value;
    this.credit.booked(w, value);
    this.nextAnniversary(a);
    return false;
  }

  private nextAnniversary(a: number): void {
    this.anniversary[a] += HOURS_PER_YEAR;
    this.renewals.set(this.anniversary[a], a, 0);
  }

  // ---- filler work: outbound calls (M9), campaigns (M1) ----------------------------------------

  filler(task: number): number {
    if (task < 0 || (task !== this.spec.part.outbound && task !== this.spec.part.admin)) return -1;
    return this.work(task, -1, 0);
  }

  protected outboundOutcome(_w: number, role: number): boolean {
    const terms = this.spec.roles[role].outbound;
    const a = this.randomAccount(this.rng.outbound);
    if (terms === null || a < 0) return false;
    this.accounts.contacted(a, this.sim.now);
    if (this.rng.outbound() < terms.order) {
      const seg = this.spec.company.segments[this.accounts.segmentOf(a)];
      this.offer(this.spec.part.order, a, seg.orderValue.sample(this.rng.values));
    }
    if (this.rng.outbound() < terms.opportunity) this.opportunity(a, this.accounts.areaOf(a));
    return false;
  }

  protected onCampaign(token: number): void {
    if (token !== this.campaignToken) return;
    this.lastCampaign = this.sim.now;
    if (!this.ropes.holdCampaign()) this.launchCampaign();
    this.sim.after(this.spec.company.campaigns!.every, this.evCampaign, token);
  }

  /** A promotion campaign goes out now: on its cadence, or when the ropes release it. */
  launchCampaign(): void {
    this.offer(this.spec.part.campaign, -1, 0);
  }

  protected campaignOutcome(): boolean {
    const c = this.spec.company;
    const k = c.campaigns!;
    const leads = Math.round(k.leads.sample(this.rng.campaigns));
    for (let i = 0; i < leads; i++) {
      if (this.rng.campaigns() < k.qualify) this.opportunity(-1, Math.floor(this.rng.campaigns() * c.areas));
    }
    return false;
  }

  // ---- steps of work that waited too long ------------------------------------------------------

  /** A caller hung up: a voicemail becomes a callback, else the order is lost or the issue emailed. */
  protected callAbandoned(w: number): boolean {
    const c = this.spec.company;
    const a = this.store.account[w];
    this.counters[C.calls_abandoned]++;
    if (a >= 0 && this.accounts.active[a] === 1) this.accounts.experience(a, c.satisfaction.callAbandoned, this.sim.now);
    if (this.rng.calls() < c.calls.voicemail) {
      this.counters[C.voicemails]++;
      this.forward(w, this.spec.part.callback, true);
      return true;
    }
    this.items.end(K.call, ABANDONED);
    if (this.store.call[w] !== CALL_ORDER) {
      this.forward(w, this.spec.part.issue); // the customer emails the issue instead
      return true;
    }
    this.lost(w, C.lost_abandonment);
    return false;
  }

  /** A request waited too long: the order goes elsewhere, a quote's expected value with it; an issue is emailed. */
  protected requestLapsed(w: number): boolean {
    const task = this.store.task[w];
    const kind = this.spec.tasks[task].kind;
    this.items.end(kind, task === this.spec.part.callback ? ABANDONED : LOST);
    if (this.store.call[w] === CALL_ISSUE) {
      this.forward(w, this.spec.part.issue);
      return true;
    }
    this.lost(w, C.lost_patience, kind === K.quote ? this.spec.company.quotes.win : 1);
    return false;
  }

  /** Nobody negotiated the renewal in time: the contract lapses and the account goes (M10). */
  protected renewalLapsed(w: number): boolean {
    this.items.end(K.renewal, LOST);
    this.counters[C.renewals_lapsed]++;
    this.counters[C.lost_lapse] += this.store.value[w];
    this.loseAccount(this.store.account[w]);
    return false;
  }

  protected opportunityCold(w: number): boolean {
    const opp = this.store.opportunity[w];
    if (this.opps.stage(opp) >= 0) {
      this.stageCold(opp);
      return false;
    }
    this.counters[C.opportunities_cold]++;
    this.closeOpportunity(opp, false);
    return false;
  }

  protected lost(w: number, cause: number, share = 1): void {
    const s = this.spec.company.satisfaction;
    this.counters[cause] += this.store.value[w] * share;
    this.counters[C.requests_lost]++;
    // Nobody took it: it counts against the role first in line for the task it waited on (if any still is).
    const first = this.org.primaryFor(w);
    if (first >= 0) this.counters[this.layout.requestsLost(first)]++;
    const a = this.store.account[w];
    if (a >= 0 && this.accounts.active[a]) this.accounts.experience(a, s.lost, this.sim.now);
  }

}
