import { firstOf, type IndexedQueue } from '../kernel/resource/indexed-queue.js';
import { accountOwner, ruleRoles, Seats } from './coverage.js';
import { protectedDue } from './protected-time.js';
import { type Person, TIER, Workforce } from './workforce.js';

/** What choose() scans its queues for: field work in the person's area and tier, or desk work. */
const SCAN_NEAR = 0;
const SCAN_DESK = 1;
/** ...or the role's protected work of one protect entry that the person may start now (protected time). */
const SCAN_PROTECTED = 2;
/** A field task is not started if its expected end is this long after the end of the shift. */
const DAY_END_SLACK = 0.5;

/**
 * Who takes the work: routing to a role (primary, then overflow; or by rules on
 * the item's account, value and area: coverage.ts), territories (an account's
 * work goes to the person owning its area or the account), calls interrupting
 * desk work, the end-of-day rule for field work and batching by area, and what
 * a person who comes free takes up next (protected time first:
 * protected-time.ts).
 */
export abstract class Routing extends Workforce {
  /** Who holds each listed territory (roles with `territories` as lists of areas). */
  protected readonly seats = new Seats(this.spec.roles, this.persons);

  /** Hands new work to the roles routed to its task. Returns false if no role does the task (for this item). */
  submit(w: number): boolean {
    const task = this.store.task[w];
    const roles = this.rolesOf(task, w);
    if (roles.length === 0) return false;
    for (let k = 0; k < roles.length; k++) {
      if (this.take(roles[k], w)) { this.servedAtOnce(roles[k], task); return true; }
    }
    if (this.spec.tasks[task].interrupts) {
      for (let k = 0; k < roles.length; k++) if (this.interruptFor(roles[k], w)) { this.servedAtOnce(roles[k], task); return true; }
    }
    this.enqueue(roles[0], w, this.homeQueue(roles[0], w));
    const patience = this.spec.tasks[task].patience;
    if (patience !== null) {
      const after = patience.sample(this.patienceRng[task]);
      this.service.expireAt(w, after > 0 ? this.sim.now + after : this.sim.now, task);
    }
    return true;
  }

  /** Work for one person in particular (their admin). */
  submitTo(p: Person, w: number): void {
    if (this.pools[p.role].free.has(p.index) && this.fits(p, w)) {
      this.servedAtOnce(p.role, this.store.task[w]);
      this.begin(p, w);
    } else this.enqueue(p.role, w, p.own);
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
  callsWaitingFor(w: number): number {
    if (this.callTask < 0) return 0;
    const primary = this.rolesOf(this.callTask, w)[0];
    if (primary === undefined) return 0;
    const owner = this.owner(primary, w);
    if (owner === null) return this.callsWaiting[primary];
    const q = owner.own;
    const task = this.store.task;
    let n = 0;
    for (let i = 0; i < q.slots; i++) if (task[q.at(i)] === this.callTask) n++;
    return n;
  }

  /**
   * A queued item (its patience timer still running) finds a new place: a free
   * person of the roles doing its task, else the primary role's queue; `fallback`
   * if no role does the task.
   */
  protected place(w: number, fallback: number): void {
    const roles = this.rolesOf(this.store.task[w], w);
    for (let k = 0; k < roles.length; k++) if (this.take(roles[k], w)) return;
    const r = roles.length > 0 ? roles[0] : fallback;
    this.enqueue(r, w, this.homeQueue(r, w));
  }

  // ---- who takes the work ---------------------------------------------------------

  /**
   * The roles doing task t for item w: the task's roles, or those of the first
   * of its rules the item matches (coverage.ts; none matched: nobody does it).
   */
  rolesOf(t: number, w: number): readonly number[] {
    const task = this.spec.tasks[t];
    return task.rules === null ? task.roles : ruleRoles(task.rules, this.store, this.outcomes.accounts, w);
  }

  /** The person of a territory role who owns the item's area (area modulo headcount, or as listed) or account; null: the role's. */
  protected owner(r: number, w: number): Person | null {
    const ps = this.persons[r];
    if (ps.length === 0) return null;
    const role = this.spec.roles[r];
    const t = role.territories;
    if (t !== null) return t.by === 'accounts' ? accountOwner(ps, this.store.account[w]) : this.seats.owner(r, t, this.store.area[w]);
    const area = this.store.area[w];
    return role.territory && area >= 0 ? ps[area % ps.length] : null;
  }

  protected homeQueue(r: number, w: number): IndexedQueue {
    return this.owner(r, w)?.own ?? this.shared[r];
  }

  /**
   * A free person of the role who may take the item starts it: the area's owner
   * (a territory's work waits for them), else the first free person it fits.
   */
  private take(r: number, w: number): boolean {
    const owner = this.owner(r, w);
    if (owner !== null) {
      if (!this.pools[r].free.has(owner.index) || !this.fits(owner, w)) return false;
      this.begin(owner, w);
      return true;
    }
    if (!this.service.offer(w, r)) return false;
    this.started(w);
    return true;
  }

  /** The end-of-day rule: nobody sets off for a meeting that would end well after the shift. */
  protected fits(p: Person, w: number): boolean {
    const role = this.spec.roles[p.role];
    const task = this.store.task[w];
    if (this.isField[task] === 0 || !role.field) return true;
    const c = this.spec.company;
    const area = this.store.area[w];
    const travel = p.area === area && p.area >= 0 ? c.travelWithin.mean : c.travelBetween.mean;
    return this.sim.now + travel + this.spec.tasks[task].duration.mean * role.speed[task] <= p.shiftEnds + DAY_END_SLACK;
  }

  /** An inbound call interrupts desk work (which resumes later) of someone who answers the phone. */
  private interruptFor(r: number, call: number): boolean {
    const role = this.spec.roles[r];
    if (!role.answersCalls) return false;
    const owner = this.owner(r, call);
    let p: Person | null = null;
    if (owner !== null) p = this.interruptible[r].has(owner.index) ? owner : null;
    else {
      const i = this.interruptible[r].first();
      if (i >= 0) p = this.staff[r][i];
    }
    if (p === null) return false;
    const cur = this.held(p);
    const st = this.store;
    this.credit(p, this.sim.now, cur);
    if (st.filler[cur] === 1) {
      this.service.vacate(cur);
      st.release(cur);
    } else {
      this.service.interrupt(cur);
      // The person resumes their own interrupted work first (same tier, earlier sequence).
      this.enqueue(p.role, cur, p.own);
    }
    p.activity = -1;
    this.begin(p, call);
    return true;
  }

  /** The person's next item, still queued: best of their own queue and their role's, with area batching and the end-of-day rule. */
  protected choose(p: Person): number {
    const st = this.store;
    const best = firstOf(st, p.own.peek(), this.shared[p.role].peek());
    if (best < 0) return -1;
    const role = this.spec.roles[p.role];
    const guard = role.protect;
    if (guard !== null) {
      // Protected time: behind on an entry's share, its work waiting goes first (in entry order).
      for (let e = 0; e < guard.shares.length; e++) {
        if (!protectedDue(p, guard, e, this.sim.now)) continue;
        const w = this.scan(p, SCAN_PROTECTED, e);
        if (w >= 0) return w;
      }
    }
    if (this.isField[st.task[best]] === 0 || !role.field) return best;
    let choice = best;
    if (role.batchByArea && p.area >= 0) {
      const tier = Math.floor(st.key[best] / TIER);
      const near = this.scan(p, SCAN_NEAR, tier);
      if (near >= 0) choice = near;
    }
    if (this.fits(p, choice)) return choice;
    return this.scan(p, SCAN_DESK, 0);
  }

  /**
   * The best queued item of the person's and their role's queues that is field
   * work in their area in tier `k` (SCAN_NEAR), desk work (SCAN_DESK), or work
   * of protect entry `k` the person may start now (SCAN_PROTECTED: the
   * end-of-day rule). Fixed tests rather than a predicate, so a pick allocates
   * no closure.
   */
  private scan(p: Person, what: number, k: number): number {
    const st = this.store;
    const entryOf = what === SCAN_PROTECTED ? this.spec.roles[p.role].protect!.entryOf : null;
    let found = -1;
    for (let side = 0; side < 2; side++) {
      const q = side === 0 ? p.own : this.shared[p.role];
      for (let i = 0; i < q.slots; i++) {
        const w = q.at(i);
        const task = st.task[w];
        const ok = what === SCAN_NEAR
          ? this.isField[task] === 1 && st.area[w] === p.area && Math.floor(st.key[w] / TIER) === k
          : what === SCAN_DESK ? this.isField[task] === 0
            : entryOf![task] === k && (found < 0 || firstOf(st, found, w) === w) && this.fits(p, w);
        if (ok) found = firstOf(st, found, w);
      }
    }
    return found;
  }

  protected dispatch(p: Person): void {
    if (!p.onShift || this.held(p) >= 0 || p.gone) return;
    if (p.block >= 0) {
      this.fill(p, p.block);
      return;
    }
    if (this.service.serveNext(p.role, p.index)) {
      this.started(this.held(p));
      return;
    }
    const filler = this.spec.roles[p.role].filler;
    if (filler >= 0) this.fill(p, filler);
  }

  /** Filler or time-block work, if the model has some of the task for the person. */
  private fill(p: Person, task: number): void {
    const w = this.outcomes.filler(task, p.role);
    if (w < 0) return;
    this.store.filler[w] = 1;
    this.begin(p, w);
  }
}
