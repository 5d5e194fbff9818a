import type { Rng, RandomStreams } from '../kernel/random.js';
import type { Simulation } from '../kernel/simulation.js';
import { FreeSet } from '../kernel/resource/free-set.js';
import { TimerLine } from '../kernel/resource/timer-line.js';
import { TimeWeighted } from '../kernel/statistics.js';
import type { Layout } from './counters.js';
import type { RoleSpec, SalesSpec } from './spec.js';
import { FIELD_TASKS, T, TASKS, TRAVEL } from './tasks.js';
import { better, Work, WorkQueue, WorkStore } from './work.js';

/** What the organization asks of the model it runs in: the consequences of work. */
export interface Outcomes {
  /** Service is starting for the first time; returns extra hours (an upsell attempt's talk time). */
  starting(w: Work, role: number): number;
  /** The work is done; the model decides what follows and releases the item. */
  done(w: Work, role: number): void;
  /** The item waited past its patience and has been taken off its queue. */
  expired(w: Work): void;
  /** Filler or time-block work for a person with nothing else to do (null: none). */
  filler(task: number, role: number): Work | null;
  blockChanged(role: number, open: boolean): void;
  /** The role's headcount changed (a hire joined, someone left): payroll and attrition follow. */
  staffChanged(role: number): void;
  /** A watched drum's backlog fell to its buffer while work was held back (M14). Called from inside a dequeue: defer any work. */
  drumSlack(): void;
}

const IS_FIELD = TASKS.map((_, k) => FIELD_TASKS.includes(k));
const IS_CALL = TASKS.map((_, k) => k === T.inbound_call || k === T.callback);
/** Keys are tier x TIER + a within-tier key (a value or a due time), smaller first. */
const TIER = 1e12;
/** What pick() scans its queues for: field work in the person's area and tier, or desk work. */
const SCAN_NEAR = 0;
const SCAN_DESK = 1;
/** A field task is not started if its expected end is this long after the end of the shift. */
const DAY_END_SLACK = 0.5;

export class Person {
  current: Work | null = null;
  onShift = false;
  /** Area the person is in (-1: home or office). */
  area = -1;
  /** The task of the time block the person is in, or -1. */
  block = -1;
  /** Person-specific work: their territory's accounts, their own admin. */
  readonly own = new WorkQueue();
  /** Busy-time accounting: time credited up to, current activity, end of the travel leg. */
  creditFrom = 0;
  activity = -1;
  travelEnd = 0;
  shiftEnds = 0;
  /** Ramp-up (M15): productivity `rampFrom` when joining, rising linearly to 1 at `rampUntil`. */
  joined = -Infinity;
  rampUntil = -Infinity;
  rampFrom = 1;
  /** Off the books; a leaver still finishes the item in hand. */
  gone = false;
  constructor(readonly role: number, readonly index: number) {}

  /** Share of a fully ramped person's speed at time t. */
  productivity(t: number): number {
    if (t >= this.rampUntil) return 1;
    return this.rampFrom + ((1 - this.rampFrom) * (t - this.joined)) / (this.rampUntil - this.joined);
  }
}

/**
 * The people of an operating model, their queues and how work reaches them:
 * routing to a role (primary, then overflow), territories (an account's work
 * goes to the person owning its area), priority tiers and disciplines, calls
 * interrupting desk work, travel for field work and batching by area, shifts,
 * absences and time blocks. Domain-free of *what* the work means: that is the
 * Outcomes' business.
 */
export class Organization {
  /** People on the books per role (ramping hires included, leavers not): the most recent hire last. */
  readonly persons: Person[][];
  /** Everyone who ever worked in each role, by Person.index (a leaver finishing an item is found here). */
  private readonly staff: Person[][];
  /**
   * Per role, the people free to start work (on shift, not in a time block, hands
   * empty), by Person.index. `persons` is in index order too (hires are appended
   * with a new index, leavers removed), so walking this set finds the people a scan
   * of `persons` would, in the same order, without looking at the busy ones.
   */
  private readonly free: FreeSet[];
  /**
   * Per role, the people a call may interrupt (on shift, not in a time block, at
   * desk work: not a call, not field work), by Person.index, walked in the same
   * order as `persons` for the same reason as `free`.
   */
  private readonly interruptible: FreeSet[];
  /** People of cost-only roles (they do no work: a number, not persons). */
  private readonly costHeads: number[];
  /** Headcount per role over time (for payroll and per-person rates). */
  readonly heads: TimeWeighted[];
  /** Leavers still finishing the item in hand (their busy time is credited until they are done). */
  private readonly departing: Person[] = [];
  /** The task of the time block each role is in, or -1 (a hire joins the block in progress). */
  private readonly roleBlock: number[];
  readonly shared: WorkQueue[];
  /** Items waiting per role (shared queue and its people's own queues). */
  readonly waiting: TimeWeighted[];
  readonly onShift: TimeWeighted[];
  /** Inbound calls waiting per role (for M8). */
  readonly callsWaiting: Int32Array;
  readonly callbacksWaiting: Int32Array;
  /** Expected hours of work waiting per role (for the drum's buffer, M14). */
  readonly backlogHours: Float64Array;
  /**
   * The drums (M14): each role's buffer in hours (-1: not a drum), and the
   * drums watched (1) because work is held back until their backlog falls to
   * their buffer. Only those call back, once each, so a drum within its buffer
   * costs nothing while another one holds the work.
   */
  readonly drumBuffer: Float64Array;
  readonly drumWatched: Uint8Array;
  private seq = 0;
  private readonly durationRng: Rng[];
  private readonly patienceRng: Rng[];
  private readonly travelRng: Rng;
  private readonly absenceRng: Rng;
  /** Service ends (the runaway guard names their work's task). */
  readonly evEnd: number;
  /**
   * Patience timers, a line per task: a task's patience is mostly a fixed time, so
   * its timers come due in the order they were set, and most are stale by then
   * (the item was served): a line keeps them out of the event list.
   */
  readonly patience: TimerLine[];
  private readonly evShift: number;
  private readonly evBlock: number;

  constructor(
    /** The organization as it runs now: replaced by reconfigure() when a phase starts. */
    public spec: SalesSpec,
    readonly sim: Simulation,
    streams: RandomStreams,
    readonly store: WorkStore,
    private readonly counters: Float64Array,
    private readonly L: Layout,
    private readonly outcomes: Outcomes,
  ) {
    this.persons = spec.roles.map((r, ri) => Array.from({ length: r.costOnly ? 0 : r.headcount }, (_, i) => new Person(ri, i)));
    this.staff = this.persons.map((ps) => [...ps]);
    this.free = this.persons.map((ps) => new FreeSet(ps.length));
    this.interruptible = this.persons.map((ps) => new FreeSet(ps.length));
    this.costHeads = spec.roles.map((r) => (r.costOnly ? r.headcount : 0));
    this.heads = spec.roles.map((_, r) => {
      const tw = new TimeWeighted();
      tw.set(sim.now, this.headcount(r));
      return tw;
    });
    this.roleBlock = spec.roles.map(() => -1);
    this.shared = spec.roles.map(() => new WorkQueue());
    this.waiting = spec.roles.map(() => new TimeWeighted());
    this.onShift = spec.roles.map(() => new TimeWeighted());
    this.callsWaiting = new Int32Array(spec.roles.length);
    this.callbacksWaiting = new Int32Array(spec.roles.length);
    this.backlogHours = new Float64Array(spec.roles.length);
    this.drumBuffer = new Float64Array(spec.roles.length).fill(-1);
    this.drumWatched = new Uint8Array(spec.roles.length);
    this.durationRng = spec.tasks.map((t) => streams.stream(`task.${t.name}.duration`));
    this.patienceRng = spec.tasks.map((t) => streams.stream(`task.${t.name}.patience`));
    this.travelRng = streams.stream('travel');
    this.absenceRng = streams.stream('absence');
    this.evEnd = sim.register({ handle: (id, token) => this.onEnd(id, token) });
    const waiting = (id: number, token: number) => { const w = store.all[id]; return w.token === token && w.queue !== null; };
    this.patience = spec.tasks.map(() => new TimerLine(sim, (id, token) => this.onPatience(id, token), waiting));
    this.evShift = sim.register({ handle: (role) => this.onShiftChange(role) });
    this.evBlock = sim.register({ handle: (role, block) => this.onBlockChange(role, block) });
  }

  start(): void {
    this.spec.roles.forEach((_, r) => {
      this.onShiftChange(r);
      this.spec.roles[r].blocks.forEach((_, b) => this.onBlockChange(r, b));
    });
  }

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

  /** The task whose patience timers the event handler fires, or -1 (for the runaway guard). */
  patienceTask(handler: number): number {
    return this.patience.findIndex((l) => l.wake === handler || l.direct === handler);
  }

  /** Whether any role does the task. */
  routed(task: number): boolean {
    return this.spec.tasks[task].roles.length > 0;
  }

  /** Credits busy time up to now (before a snapshot). */
  creditAll(now: number): void {
    for (const ps of this.persons) for (const p of ps) this.credit(p, now);
    for (const p of this.departing) this.credit(p, now);
  }

  // ---- staffing (M15) ---------------------------------------------------------------------

  /** People on the books in the role now (ramping hires included). */
  headcount(role: number): number {
    return this.spec.roles[role].costOnly ? this.costHeads[role] : this.persons[role].length;
  }

  /**
   * `count` people join the role now, ramping up: a hire's handle times are the
   * task's divided by their productivity, which rises linearly from the role's
   * `ramp.start` to 1 over `ramp.weeks` (travel is not slowed). A hire joining
   * during a shift is present at once (absence is drawn from the next shift on).
   */
  hire(role: number, count: number): void {
    const now = this.sim.now;
    const spec = this.spec.roles[role];
    if (count <= 0) return;
    if (spec.costOnly) {
      this.costHeads[role] += count;
      this.staffed(role);
      return;
    }
    const open = spec.calendar.isOpen(now);
    for (let i = 0; i < count; i++) {
      const p = new Person(role, this.staff[role].length);
      p.joined = now;
      p.rampFrom = spec.hiring.rampStart;
      p.rampUntil = now + spec.hiring.rampHours;
      p.block = this.roleBlock[role];
      if (open) {
        p.onShift = true;
        p.shiftEnds = spec.calendar.nextChange(now);
        this.onShift[role].add(now, 1);
      }
      this.staff[role].push(p);
      this.persons[role].push(p);
      this.available(p);
    }
    this.staffed(role);
    this.rebalance(role);
    for (const p of this.persons[role]) this.dispatch(p);
  }

  /**
   * `count` people leave the role now, the most recent hires first (a
   * deterministic choice: last in, first out). Whoever is busy finishes the
   * item in hand; their own queued work goes back to routing.
   */
  leave(role: number, count: number): void {
    const spec = this.spec.roles[role];
    const n = Math.min(count, this.headcount(role));
    if (n <= 0) return;
    if (spec.costOnly) {
      this.costHeads[role] -= n;
      this.staffed(role);
      return;
    }
    for (let i = 0; i < n; i++) this.depart(this.persons[role][this.persons[role].length - 1]);
    this.staffed(role);
    this.rebalance(role);
  }

  /** One particular person leaves (attrition picks who). */
  leavePerson(role: number, index: number): void {
    const p = this.persons[role][index];
    if (p === undefined) return;
    this.depart(p);
    this.staffed(role);
    this.rebalance(role);
  }

  private staffed(role: number): void {
    this.heads[role].set(this.sim.now, this.headcount(role));
    this.outcomes.staffChanged(role);
  }

  private depart(p: Person): void {
    const now = this.sim.now;
    const r = p.role;
    const list = this.persons[r];
    list.splice(list.indexOf(p), 1);
    if (p.onShift) this.onShift[r].add(now, -1);
    p.onShift = false;
    p.gone = true;
    this.available(p);
    const cur = p.current;
    if (cur !== null) {
      if (cur.filler) {
        this.credit(p, now);
        this.vacate(p, cur);
        this.store.release(cur);
      } else this.departing.push(p);
    }
    // Their queue goes back to routing: territory work to the area's new owner,
    // the rest to the role's shared queue; their personal admin goes with them.
    const own = [...p.own.heap];
    for (const w of own) {
      this.dequeue(w);
      if (w.task === T.admin && w.account < 0 && w.area < 0) this.store.release(w);
      else this.place(w, r);
    }
  }

  /**
   * A queued item (its patience timer still running) finds a new place: a free
   * person of the roles doing its task, else the primary role's queue; `fallback`
   * if no role does the task.
   */
  private place(w: Work, fallback: number): void {
    const roles = this.spec.tasks[w.task].roles;
    for (let k = 0; k < roles.length; k++) {
      const q = this.freePerson(roles[k], w);
      if (q !== null) { this.startService(q, w); return; }
    }
    const r = roles.length > 0 ? roles[0] : fallback;
    this.enqueue(r, w, this.homeQueue(r, w));
  }

  /**
   * A phase starts (M15): the organization runs as `spec` from now on (same
   * roles). Queued work is re-keyed to the roles' new work orders; work queued
   * with a role that no longer does its task goes to the roles that do (keeping
   * its place in time and its patience); work nobody does any more is returned,
   * for the model to drop. Work in hand is finished as started.
   */
  reconfigure(spec: SalesSpec): Work[] {
    const old = this.spec;
    this.spec = spec;
    const orphans: Work[] = [];
    const moving: Work[] = [];
    spec.roles.forEach((_, r) => {
      const queues = [this.shared[r], ...this.persons[r].map((p) => p.own)];
      for (const q of queues) {
        for (const w of [...q.heap]) {
          const personal = q !== this.shared[r] && w.task === T.admin && w.account < 0 && w.area < 0;
          if (personal || spec.tasks[w.task].roles.includes(r)) {
            q.remove(w);
            w.key = this.keyOf(r, w);
            q.push(w);
          } else {
            this.dequeue(w);
            if (spec.tasks[w.task].roles.length === 0) orphans.push(w);
            else moving.push(w);
          }
        }
      }
    });
    for (const w of moving) this.place(w, w.role);
    spec.roles.forEach((role, r) => {
      if (old.roles[r].territory && !role.territory) {
        // Territories dissolved: area work waits for the whole role.
        for (const p of this.persons[r]) {
          for (const w of [...p.own.heap]) if (w.area >= 0) { p.own.remove(w); this.shared[r].push(w); }
        }
      }
      this.rebalance(r);
      for (const p of this.persons[r]) this.dispatch(p);
    });
    return orphans;
  }

  /**
   * A territory role's areas are shared out again when its headcount changes
   * (area % headcount): queued work of an area moves, keeping its place in
   * line, to the area's new owner (work in hand stays with whoever holds it).
   */
  private rebalance(r: number): void {
    if (!this.spec.roles[r].territory) return;
    const moves: Work[] = [];
    for (const w of this.shared[r].heap) if (this.owner(r, w) !== null) moves.push(w);
    for (const p of this.persons[r]) {
      for (const w of p.own.heap) {
        const o = this.owner(r, w);
        if (o !== null && o !== p) moves.push(w);
      }
    }
    for (const w of moves) {
      w.queue!.remove(w);
      this.homeQueue(r, w).push(w);
    }
    if (moves.length > 0) for (const p of this.persons[r]) this.dispatch(p);
  }

  // ---- who takes the work ---------------------------------------------------------

  private owner(r: number, w: Work): Person | null {
    const ps = this.persons[r];
    if (ps.length === 0) return null;
    return this.spec.roles[r].territory && w.area >= 0 ? ps[w.area % ps.length] : null;
  }

  private homeQueue(r: number, w: Work): WorkQueue {
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

  /** Brings the person's place in the free set up to date (after a change of shift, block, hands or books). */
  private available(p: Person): void {
    const present = p.onShift && p.block < 0 && !p.gone;
    const cur = p.current;
    this.free[p.role].set(p.index, present && cur === null);
    this.interruptible[p.role].set(p.index, present && cur !== null && !IS_CALL[cur.task] && !IS_FIELD[cur.task]);
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

  // ---- queues --------------------------------------------------------------------------

  /** Queue key of an item with a role: its tier, then the role's discipline. */
  private keyOf(r: number, w: Work): number {
    const role = this.spec.roles[r];
    const tier = role.tierOf[w.task];
    const within = role.discipline === 1 ? -w.value
      : role.discipline === 2 ? w.requested + this.spec.tasks[w.task].tolerance
        : 0;
    return tier * TIER + (Number.isFinite(within) ? within : TIER / 2);
  }

  private enqueue(r: number, w: Work, q: WorkQueue): void {
    w.key = this.keyOf(r, w);
    if (w.remaining < 0) w.seq = this.seq++; // a resumed item keeps its place
    w.role = r;
    if (w.remaining < 0) w.enqueued = this.sim.now;
    q.push(w);
    this.waiting[r].add(this.sim.now, 1);
    const role = this.spec.roles[r];
    w.load = w.remaining >= 0 ? w.remaining
      : (w.content >= 0 ? w.content : this.spec.tasks[w.task].duration.mean) * role.speed[w.task];
    this.backlogHours[r] += w.load;
    if (w.task === T.inbound_call) this.callsWaiting[r]++;
    else if (w.task === T.callback) this.callbacksWaiting[r]++;
  }

  private dequeue(w: Work): void {
    const r = w.role;
    w.queue!.remove(w);
    this.waiting[r].add(this.sim.now, -1);
    // Work put down (at the end of a shift, for a call) and taken up again is not waiting for
    // someone to be free: only the first wait counts.
    if (w.remaining < 0) {
      this.counters[this.L.waitSum(r)] += this.sim.now - w.enqueued;
      this.counters[this.L.waitCount(r)]++;
      this.counters[this.L.taskWaitSum(w.task)] += this.sim.now - w.enqueued;
      this.counters[this.L.taskWaitCount(w.task)]++;
    }
    // Sums of floats drift: an empty queue has no backlog.
    this.backlogHours[r] = this.waiting[r].value === 0 ? 0 : this.backlogHours[r] - w.load;
    if (this.drumWatched[r] === 1 && this.backlogHours[r] <= this.drumBuffer[r]) {
      this.drumWatched[r] = 0;
      this.outcomes.drumSlack();
    }
    if (w.task === T.inbound_call) this.callsWaiting[r]--;
    else if (w.task === T.callback) this.callbacksWaiting[r]--;
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

  private dispatch(p: Person): void {
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

  // ---- service ---------------------------------------------------------------------------

  private startService(p: Person, w: Work): void {
    const now = this.sim.now;
    const role = this.spec.roles[p.role];
    let hours = w.remaining;
    let travel = 0;
    if (hours < 0) {
      hours = w.content >= 0 ? w.content : this.spec.tasks[w.task].duration.sample(this.durationRng[w.task]);
      hours = hours * role.speed[w.task] + this.outcomes.starting(w, p.role);
      // A hire still ramping up takes longer (the productivity when the task starts).
      if (now < p.rampUntil) hours /= p.productivity(now);
      if (IS_FIELD[w.task] && role.field) {
        const c = this.spec.company;
        travel = (p.area === w.area && p.area >= 0 ? c.travelWithin : c.travelBetween).sample(this.travelRng);
        p.area = w.area;
      }
    }
    w.remaining = -1;
    w.role = p.role;
    w.person = p.index;
    w.token++;
    w.endsAt = now + travel + hours;
    p.current = w;
    this.available(p);
    p.creditFrom = now;
    p.travelEnd = now + travel;
    p.activity = travel > 0 ? TRAVEL : w.task;
    this.sim.at(w.endsAt, this.evEnd, w.id, w.token);
  }

  private vacate(p: Person, w: Work): void {
    p.current = null;
    p.activity = -1;
    w.token++;
    this.available(p);
  }

  /** Adds the person's busy time since the last credit to their role's books (travel and task apart). */
  private credit(p: Person, now: number): void {
    const w = p.current;
    if (w === null) return;
    const c = this.counters;
    let from = p.creditFrom;
    if (p.activity === TRAVEL) {
      const upto = now < p.travelEnd ? now : p.travelEnd;
      c[this.L.busy(p.role, TRAVEL)] += upto - from;
      from = upto;
      if (now >= p.travelEnd) p.activity = w.task;
    }
    if (p.activity !== TRAVEL) {
      c[this.L.busy(p.role, w.task)] += now - from;
      if (w.filler) c[this.L.filler(p.role)] += now - from;
    }
    p.creditFrom = now;
  }

  private onEnd(id: number, token: number): void {
    const w = this.store.all[id];
    if (w.token !== token) return;
    const p = this.staff[w.role][w.person];
    this.credit(p, this.sim.now);
    this.vacate(p, w);
    if (p.gone) this.departing.splice(this.departing.indexOf(p), 1);
    this.outcomes.done(w, p.role);
    this.dispatch(p);
  }

  private onPatience(id: number, token: number): void {
    const w = this.store.all[id];
    if (w.token !== token || w.queue === null) return;
    // Blocked flow: work that waited past its patience in this role's queue (the constraint rule).
    this.counters[this.L.expired(w.role)]++;
    this.dequeue(w);
    this.outcomes.expired(w);
  }

  // ---- shifts and time blocks ------------------------------------------------------------

  private onShiftChange(r: number): void {
    const role: RoleSpec = this.spec.roles[r];
    const now = this.sim.now;
    const open = role.calendar.isOpen(now);
    const next = role.calendar.nextChange(now);
    let present = 0;
    for (const p of this.persons[r]) {
      this.credit(p, now);
      if (open) {
        p.onShift = !(role.absence > 0 && this.absenceRng() < role.absence);
        // The day starts from home, unless the person works area by area on trips
        // their coordinator planned (they stay over: case 3 in docs/model.md, "a day or two in Chicago").
        if (!role.batchByArea) p.area = -1;
        p.shiftEnds = next;
        if (p.onShift) present++;
        this.available(p);
      } else {
        p.onShift = false;
        this.available(p);
        // A meeting, a site visit or a call in progress is finished (overtime); desk
        // and plant work is put down and resumed first next shift, so that a long
        // job does not run through the night; filler simply stops.
        const cur = p.current;
        if (cur === null || IS_FIELD[cur.task] || IS_CALL[cur.task]) continue;
        this.vacate(p, cur);
        if (cur.filler) this.store.release(cur);
        else {
          cur.remaining = cur.endsAt - now;
          this.enqueue(r, cur, p.own);
        }
      }
    }
    this.onShift[r].set(now, present);
    if (open) for (const p of this.persons[r]) this.dispatch(p);
    if (next !== Infinity) this.sim.at(next, this.evShift, r);
  }

  private onBlockChange(r: number, b: number): void {
    const block = this.spec.roles[r].blocks[b];
    const now = this.sim.now;
    const open = block.calendar.isOpen(now);
    this.roleBlock[r] = open ? block.task : -1;
    for (const p of this.persons[r]) {
      p.block = this.roleBlock[r];
      this.available(p);
    }
    this.outcomes.blockChanged(r, open);
    for (const p of this.persons[r]) this.dispatch(p);
    const next = block.calendar.nextChange(now);
    if (next !== Infinity) this.sim.at(next, this.evBlock, r, b);
  }

  /** Payroll per week of the people on the books now (cost-only roles included). */
  payrollPerWeek(): number {
    return this.spec.roles.reduce((a, r, k) => a + this.headcount(k) * r.salaryPerWeek, 0);
  }
}
