import { T } from './tasks.js';
import { better, type Work, type WorkQueue } from './work.js';
import { IS_FIELD, type Person, TIER, Workforce } from './workforce.js';

/** What pick() scans its queues for: field work in the person's area and tier, or desk work. */
const SCAN_NEAR = 0;
const SCAN_DESK = 1;
/** A field task is not started if its expected end is this long after the end of the shift. */
const DAY_END_SLACK = 0.5;

/**
 * Who takes the work: routing to a role (primary, then overflow), territories
 * (an account's work goes to the person owning its area), calls interrupting
 * desk work, the end-of-day rule for field work and batching by area, and what
 * a person who comes free takes up next.
 */
export abstract class Routing extends Workforce {
  /** Hands new work to the roles routed to its task. Returns false if no role does the task. */
  submit(w: Work): boolean {
    const roles = this.spec.tasks[w.task].roles;
    if (roles.length === 0) return false;
    for (let k = 0; k < roles.length; k++) {
      const p = this.freePerson(roles[k], w);
      if (p !== null) { this.servedAtOnce(roles[k], w.task); this.startService(p, w); return true; }
    }
    if (w.task === T.inbound_call) {
      for (let k = 0; k < roles.length; k++) if (this.interruptFor(roles[k], w)) { this.servedAtOnce(roles[k], w.task); return true; }
    }
    this.enqueue(roles[0], w, this.homeQueue(roles[0], w));
    const patience = this.spec.tasks[w.task].patience;
    if (patience !== null) {
      const after = patience.sample(this.patienceRng[w.task]);
      this.patience[w.task].set(after > 0 ? this.sim.now + after : this.sim.now, w.id, w.token);
    }
    return true;
  }

  /** Work for one person in particular (their admin). */
  submitTo(p: Person, w: Work): void {
    if (this.canStart(p, w)) { this.servedAtOnce(p.role, w.task); this.startService(p, w); } else this.enqueue(p.role, w, p.own);
  }

  /** Work taken up without queueing still counts in the role's mean wait, as a wait of zero. */
  private servedAtOnce(r: number, task: number): void {
    this.counters[this.L.waitCount(r)]++;
    this.counters[this.L.taskWaitCount(task)]++;
  }

  /**
   * Inbound calls waiting in the phone queue this call belongs to: the owner's
   * line for a territory role, else the primary role's queue (M8).
   */
  callsWaitingFor(w: Work): number {
    const primary = this.spec.tasks[T.inbound_call].roles[0];
    if (primary === undefined) return 0;
    const owner = this.owner(primary, w);
    if (owner === null) return this.callsWaiting[primary];
    let n = 0;
    for (const x of owner.own.heap) if (x.task === T.inbound_call) n++;
    return n;
  }

  /**
   * A queued item (its patience timer still running) finds a new place: a free
   * person of the roles doing its task, else the primary role's queue; `fallback`
   * if no role does the task.
   */
  protected place(w: Work, fallback: number): void {
    const roles = this.spec.tasks[w.task].roles;
    for (let k = 0; k < roles.length; k++) {
      const q = this.freePerson(roles[k], w);
      if (q !== null) { this.startService(q, w); return; }
    }
    const r = roles.length > 0 ? roles[0] : fallback;
    this.enqueue(r, w, this.homeQueue(r, w));
  }

  // ---- who takes the work ---------------------------------------------------------

  protected owner(r: number, w: Work): Person | null {
    const ps = this.persons[r];
    if (ps.length === 0) return null;
    return this.spec.roles[r].territory && w.area >= 0 ? ps[w.area % ps.length] : null;
  }

  protected homeQueue(r: number, w: Work): WorkQueue {
    return this.owner(r, w)?.own ?? this.shared[r];
  }

  private freePerson(r: number, w: Work): Person | null {
    const owner = this.owner(r, w);
    if (owner !== null) return this.canStart(owner, w) ? owner : null;
    const free = this.free[r];
    const staff = this.staff[r];
    for (let i = free.first(); i >= 0; i = free.next(i + 1)) {
      const p = staff[i];
      if (this.fits(p, w)) return p;
    }
    return null;
  }

  private canStart(p: Person, w: Work): boolean {
    return p.onShift && p.current === null && p.block < 0 && this.fits(p, w);
  }

  /** The end-of-day rule: nobody sets off for a meeting that would end well after the shift. */
  private fits(p: Person, w: Work): boolean {
    const role = this.spec.roles[p.role];
    if (!IS_FIELD[w.task] || !role.field) return true;
    const c = this.spec.company;
    const travel = p.area === w.area && p.area >= 0 ? c.travelWithin.mean : c.travelBetween.mean;
    return this.sim.now + travel + this.spec.tasks[w.task].duration.mean * role.speed[w.task] <= p.shiftEnds + DAY_END_SLACK;
  }

  /** An inbound call interrupts desk work (which resumes later) of someone who answers the phone. */
  private interruptFor(r: number, call: Work): boolean {
    const role = this.spec.roles[r];
    if (!role.answersCalls) return false;
    const owner = this.owner(r, call);
    let p: Person | null = null;
    if (owner !== null) p = this.interruptible[r].has(owner.index) ? owner : null;
    else {
      const i = this.interruptible[r].first();
      if (i >= 0) p = this.staff[r][i];
    }
    if (p !== null) {
      const cur = p.current!;
      this.credit(p, this.sim.now);
      this.vacate(p, cur);
      if (cur.filler) this.store.release(cur);
      else {
        cur.remaining = cur.endsAt - this.sim.now;
        // The person resumes their own interrupted work first (same tier, earlier sequence).
        this.enqueue(p.role, cur, p.own);
      }
      this.startService(p, call);
      return true;
    }
    return false;
  }

  /** The person's next item: best of their own queue and their role's, with area batching and the end-of-day rule. */
  private pick(p: Person): Work | null {
    const shared = this.shared[p.role];
    const best = better(p.own.peek(), shared.peek());
    if (best === undefined) return null;
    const role = this.spec.roles[p.role];
    if (!IS_FIELD[best.task] || !role.field) return best;
    let choice: Work | undefined = best;
    if (role.batchByArea && p.area >= 0) {
      const tier = Math.floor(best.key / TIER);
      const near = this.scan(p, SCAN_NEAR, tier);
      if (near !== undefined) choice = near;
    }
    if (this.fits(p, choice)) return choice;
    return this.scan(p, SCAN_DESK, 0) ?? null;
  }

  /**
   * The best queued item of the person's and their role's queues that is field
   * work in their area in `tier` (SCAN_NEAR), or desk work (SCAN_DESK). Two
   * fixed tests rather than a predicate, so a pick allocates no closure.
   */
  private scan(p: Person, what: number, tier: number): Work | undefined {
    let found: Work | undefined;
    for (let side = 0; side < 2; side++) {
      const heap = side === 0 ? p.own.heap : this.shared[p.role].heap;
      for (let i = 0; i < heap.length; i++) {
        const w = heap[i];
        const ok = what === SCAN_NEAR
          ? IS_FIELD[w.task] && w.area === p.area && Math.floor(w.key / TIER) === tier
          : !IS_FIELD[w.task];
        if (ok) found = better(found, w);
      }
    }
    return found;
  }

  protected dispatch(p: Person): void {
    if (!p.onShift || p.current !== null || p.gone) return;
    if (p.block >= 0) {
      const w = this.outcomes.filler(p.block, p.role);
      if (w !== null) { w.filler = true; this.startService(p, w); }
      return;
    }
    const next = this.pick(p);
    if (next !== null) {
      this.dequeue(next);
      this.startService(p, next);
      return;
    }
    const filler = this.spec.roles[p.role].filler;
    if (filler >= 0) {
      const w = this.outcomes.filler(filler, p.role);
      if (w !== null) { w.filler = true; this.startService(p, w); }
    }
  }
}
