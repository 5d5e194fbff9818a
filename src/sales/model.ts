import { HOURS_PER_WEEK } from '../kernel/calendar.js';
import { C, queueBucket } from './counters.js';
import { ITEM_KINDS } from './item-book.js';
import { SalesFlows } from './flows.js';
import { D } from './spec.js';
import { CALL_ISSUE, CALL_ORDER } from './work.js';

// The model in three layers, each one concern: its parts and how work is created
// and forwarded (model-core.ts), what finished or expired work leads to
// (flows.ts), and here its running: demand, service starting, phases, snapshots,
// staffing and the weekly review.

/**
 * A sales organization in motion: the customer base generates demand (M1), the
 * operating model's people do the work (Organization), and what each finished
 * piece of work leads to (flows.ts: an order keyed becomes a production job, a
 * BD meeting moves an opportunity towards a decision, a renewal is won at some
 * uplift or lost, a late delivery costs satisfaction) is counted in the ledger.
 */
export class SalesModel extends SalesFlows {
  // ---- phases (M15) -----------------------------------------------------------------------

  /**
   * A phase starts: routing, role policies, demand and the ropes switch to its
   * spec; the headcount each role should have becomes hires or leavers
   * (Staffing.phase). Work nobody does any more is dropped as if it had run out
   * of patience.
   */
  protected onPhase(k: number): void {
    const spec = this.phases[k].spec;
    this.spec = spec;
    for (const w of this.org.reconfigure(spec)) this.expired(w);
    this.staffing.phase();
    this.payroll.set(this.sim.now, this.org.payrollPerWeek()); // salaries may have changed
    this.demand.phase();
    const on = spec.company.campaigns !== null && this.org.routed(spec.part.campaign);
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
    s[C.open_value_area] = this.pipelineValue.areaUntil(now);
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

  // ---- demand (M1): what each request becomes (when and from whom: demand.ts) ----------

  /** An account's request becomes work: by phone or in writing, as its segment's shares say. */
  demanded(kind: number, a: number): void {
    const c = this.spec.company;
    const seg = c.segments[this.accounts.segmentOf(a)];
    const r = this.rng;
    switch (kind) {
      case D.orders: {
        const value = seg.orderValue.sample(r.values);
        if (r.calls() < seg.phoneShare) this.call(a, CALL_ORDER, value);
        else this.offer(this.spec.part.order, a, value);
        break;
      }
      case D.quote_requests: {
        const task = r.quotes() < seg.complexQuoteShare ? this.spec.part.complex_quote : this.spec.part.quote;
        this.offer(task, a, seg.orderValue.sample(r.values) * c.quotes.valueFactor);
        break;
      }
      case D.service_issues:
        if (r.calls() < seg.issuePhoneShare) this.call(a, CALL_ISSUE, this.annualValue(a));
        else this.offer(this.spec.part.issue, a, this.annualValue(a));
        break;
      case D.engineering_requests:
        this.engineering(a);
        break;
      case D.visits:
        this.offer(this.spec.part.visit, a, this.annualValue(a));
        break;
      case D.bd_opportunities:
        this.opportunity(a, this.accounts.areaOf(a));
        break;
      case D.referrals:
        this.opportunity(-1, this.accounts.areaOf(a));
        break;
    }
  }

  // ---- what starting work involves ------------------------------------------------------------

  starting(w: number, role: number, person: number): number {
    const now = this.sim.now;
    const p = this.spec.part;
    const task = this.store.task[w];
    if (task === p.call) {
      this.counters[C.calls_answered]++;
      if (now - this.store.requested[w] <= this.spec.company.calls.answerTarget) this.counters[C.calls_in_target]++;
    }
    if ((task === p.call || task === p.callback) && this.store.call[w] === CALL_ORDER) {
      return this.upsellAttempt(w, role, person);
    }
    if (task === p.meeting) {
      const o = this.store.opportunity[w];
      if (this.opps.firstWait(o) < 0) {
        this.opps.setFirstWait(o, now - this.opps.created(o));
        this.opps.setFirst(o, role, person);
      }
    } else if (this.store.opportunity[w] >= 0 && this.opps.stage(this.store.opportunity[w]) >= 0) {
      // A declared pipeline credits the deal to whoever works its last stage (the closer): each stage's worker replaces the last.
      this.opps.setFirst(this.store.opportunity[w], role, person);
    }
    if (task === p.production && this.policies !== null) return this.policies.productionExtra(this.store.content[w] * this.spec.roles[role].speed[task]);
    return 0;
  }

  /**
   * Suggestive selling on an order call (M8): the handler tries only when the
   * phones allow (probability exp(-calls waiting / scale)) and succeeds with
   * the role's upsell rate. The attempt lengthens the call.
   */
  private upsellAttempt(w: number, role: number, person: number): number {
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
      const extra = this.store.value[w] * c.upsell.valueFactor;
      this.store.value[w] += extra;
      this.counters[C.upsells]++;
      this.counters[L.successes(bucket)]++;
      this.counters[L.hourUpsells(hour)]++;
      this.counters[C.revenue_upsell] += extra;
      this.credit.upsell(w, role, person, extra);
    }
    return c.upsell.extraTime.sample(this.rng.upsell);
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

  protected onWeek(): void {
    const now = this.sim.now;
    const c = this.spec.company;
    const s = c.satisfaction;
    const acc = this.accounts;
    for (let a = 0; a < acc.size; a++) {
      if (!acc.active[a]) continue;
      let v = acc.satisfactionOf(a);
      v += (s.reference - v) * s.driftPerWeek;
      if (now - acc.lastContactOf(a) > s.neglectAfter) v += s.neglect;
      acc.setSatisfaction(a, v < 0 ? 0 : v > 1 ? 1 : v);
      if (acc.contractOf(a) > 0) continue; // contract accounts leave at renewal time
      const hazard = c.churnPerHour * HOURS_PER_WEEK * Math.exp(c.churnSensitivity * (s.reference - acc.satisfactionOf(a)));
      if (this.rng.churn() < 1 - Math.exp(-hazard)) this.loseAccount(a);
    }
    // Admin: each person's weekly load, in daily pieces.
    const admin = this.spec.part.admin;
    this.spec.roles.forEach((role, r) => {
      if (role.adminPerWeek <= 0 || admin < 0) return;
      for (const p of this.org.persons[r]) {
        for (let d = 0; d < 5; d++) {
          const w = this.work(admin, -1, 0);
          this.store.content[w] = role.adminPerWeek / 5;
          this.org.submitTo(p, w);
        }
      }
    });
    this.demand.review();
    this.sim.after(HOURS_PER_WEEK, this.evWeek);
  }
}

