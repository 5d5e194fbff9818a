import { COMPLETED, LOST } from './item-book.js';
import { NEXT, SPAWN } from './compile-workflow.js';
import type { ConditionSpec, StepSpec } from './spec.js';
import { DomainSteps } from './steps.js';
import { NAMED_STEPS, type NamedStep } from './workflow-schema.js';

/** A named step: true when the same item goes on to a next task (it is not released). */
type Step = (this: SalesFlows, w: number, role: number) => boolean;

/** The named steps' code, by their index in NAMED_STEPS (filled once, below). */
const NAMED: Step[] = [];

/**
 * The workflow run as data: what finishing, and waiting too long for, a task
 * leads to is the task's list of steps in the scenario (`tasks.<t>.done`,
 * `expired`). Each step may be conditional (`when`); a named step runs a
 * mechanism (steps.ts), `next` moves the item on to another task (or to one of
 * several, with probabilities), `spawn` creates new work beside it. The first
 * step that moves the item on ends the list; an item no step moved on is released.
 */
export abstract class SalesFlows extends DomainSteps {
  /** Whether the item being moved has had its customer item ended already (completed when done, lost or abandoned by a step). */
  private ended = false;

  /** The item is done: the customer's item completes, the account was in touch, and the task's steps say what follows. */
  done(w: number, role: number): void {
    const task = this.store.task[w];
    this.items.end(this.spec.tasks[task].kind, COMPLETED);
    const a = this.store.account[w];
    if (a >= 0 && this.accounts.active[a]) this.accounts.contacted(a, this.sim.now);
    this.ended = true;
    if (!this.run(this.spec.tasks[task].done, w, role)) this.store.release(w);
  }

  /** The item waited past its patience: the task's expiry steps say what is lost and what follows. */
  expired(w: number): void {
    this.ended = false;
    if (this.run(this.spec.tasks[this.store.task[w]].expired, w, -1)) return;
    // No step accounted for the customer's item: it is lost.
    if (!this.ended) this.items.end(this.spec.tasks[this.store.task[w]].kind, LOST);
    this.store.release(w);
  }

  /** Runs the steps in order; true when one moved the item on. */
  private run(steps: readonly StepSpec[], w: number, role: number): boolean {
    for (let i = 0; i < steps.length; i++) {
      const st = steps[i];
      if (st.when !== null && !this.holds(st.when, w)) continue;
      if (st.op < NEXT) {
        // A mechanism accounts for the customer's item itself (an expiry step ends it as lost or abandoned).
        const on = NAMED[st.op].call(this, w, role);
        this.ended = true;
        if (on) return true;
      } else if (st.op === NEXT) {
        const to = st.task >= 0 ? st.task : this.branch(st);
        if (to < 0) continue;
        this.moveOn(w, to);
        return true;
      } else if (st.op === SPAWN) {
        this.spawn(w, st.task);
      }
    }
    return false;
  }

  /** One of the step's branches, drawn with its probability; -1 for the rest. */
  private branch(st: StepSpec): number {
    const u = this.rng.flows();
    const upTo = st.branchUpTo!;
    for (let k = 0; k < upTo.length; k++) if (u < upTo[k]) return st.branchTasks![k];
    return -1;
  }

  /**
   * The item goes on to the task. After it was finished (its kind completed) the
   * next task's item arrives anew; an item that expired goes on as the same
   * customer item if the next task is of its kind (a voicemail's callback), and
   * is otherwise lost as what it was and arrives as what it becomes.
   */
  private moveOn(w: number, to: number): void {
    const kind = this.spec.tasks[this.store.task[w]].kind;
    const same = !this.ended && kind >= 0 && this.spec.tasks[to].kind === kind;
    if (!this.ended && !same) this.items.end(kind, LOST);
    this.forward(w, to, same);
  }

  /** New work of the task for the item's account and opportunity, at its value. */
  private spawn(w: number, task: number): void {
    const st = this.store;
    const n = this.work(task, st.account[w], st.value[w]);
    st.area[n] = st.area[w];
    st.opportunity[n] = st.opportunity[w];
    st.call[n] = st.call[w];
    this.submit(n);
  }

  private holds(c: ConditionSpec, w: number): boolean {
    const st = this.store;
    if (c.about >= 0 && st.call[w] !== c.about) return false;
    if (st.value[w] < c.valueAtLeast || !(st.value[w] < c.valueBelow)) return false;
    if (c.segments !== null) {
      const a = st.account[w];
      if (a < 0 || c.segments[this.accounts.segmentOf(a)] !== 1) return false;
    }
    if (c.routed >= 0 && !this.org.routed(c.routed)) return false;
    return true;
  }

  /** The named steps' code, registered once. */
  static {
    const p = SalesFlows.prototype;
    const named: { [N in NamedStep]: Step } = {
      request_done: p.requestDone,
      book_order: p.book,
      quote_decision: p.quoteDecision,
      design_outcome: p.designed,
      tech_visit_outcome: p.techVisited,
      book_meeting: p.meetingBooked,
      meeting_held: p.meetingHeld,
      visit: p.accountVisited,
      renew: p.renewed,
      outbound_outcome: p.outboundOutcome,
      campaign_outcome: p.campaignOutcome,
      deliver: p.delivered,
      customer_updated: p.customerUpdated,
      abandon_call: p.callAbandoned,
      lapse: p.requestLapsed,
      lapse_renewal: p.renewalLapsed,
      go_cold: p.opportunityCold,
      lose: p.requestLost,
      advance: p.advanced,
    };
    for (const n of NAMED_STEPS) NAMED.push(named[n]);
  }
}
