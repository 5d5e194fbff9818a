import type { Rng, RandomStreams } from '../kernel/random.js';
import type { Simulation } from '../kernel/simulation.js';
import { FreeSet } from '../kernel/resource/free-set.js';
import { TimerLine } from '../kernel/resource/timer-line.js';
import { TimeWeighted } from '../kernel/statistics.js';
import type { Layout } from './counters.js';
import type { SalesSpec } from './spec.js';
import { FIELD_TASKS, T, TASKS, TRAVEL } from './tasks.js';
import { Work, WorkQueue, WorkStore } from './work.js';

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

export const IS_FIELD = TASKS.map((_, k) => FIELD_TASKS.includes(k));
export const IS_CALL = TASKS.map((_, k) => k === T.inbound_call || k === T.callback);
/** Keys are tier x TIER + a within-tier key (a value or a due time), smaller first. */
export const TIER = 1e12;

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
 * The people of an operating model as the organization's layers share them
 * (routing.ts: who takes the work; organization.ts: hires and leavers, phases,
 * shifts and time blocks): who is on the books and who is free, their queues and
 * what waits in them, and the service itself (handle time, travel, busy time
 * credited, the end of service and of a customer's patience).
 */
export abstract class Workforce {
  /** People on the books per role (ramping hires included, leavers not): the most recent hire last. */
  readonly persons: Person[][];
  /** Everyone who ever worked in each role, by Person.index (a leaver finishing an item is found here). */
  protected readonly staff: Person[][];
  /**
   * Per role, the people free to start work (on shift, not in a time block, hands
   * empty), by Person.index. `persons` is in index order too (hires are appended
   * with a new index, leavers removed), so walking this set finds the people a scan
   * of `persons` would, in the same order, without looking at the busy ones.
   */
  protected readonly free: FreeSet[];
  /**
   * Per role, the people a call may interrupt (on shift, not in a time block, at
   * desk work: not a call, not field work), by Person.index, walked in the same
   * order as `persons` for the same reason as `free`.
   */
  protected readonly interruptible: FreeSet[];
  /** People of cost-only roles (they do no work: a number, not persons). */
  protected readonly costHeads: number[];
  /** Headcount per role over time (for payroll and per-person rates). */
  readonly heads: TimeWeighted[];
  /** Leavers still finishing the item in hand (their busy time is credited until they are done). */
  protected readonly departing: Person[] = [];
  /** The task of the time block each role is in, or -1 (a hire joins the block in progress). */
  protected readonly roleBlock: number[];
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
  protected readonly patienceRng: Rng[];
  private readonly travelRng: Rng;
  protected readonly absenceRng: Rng;
  /** Service ends (the runaway guard names their work's task). */
  readonly evEnd: number;
  /**
   * Patience timers, a line per task: a task's patience is mostly a fixed time, so
   * its timers come due in the order they were set, and most are stale by then
   * (the item was served): a line keeps them out of the event list.
   */
  readonly patience: TimerLine[];
  protected readonly evShift: number;
  protected readonly evBlock: number;

  constructor(
    /** The organization as it runs now: replaced by reconfigure() when a phase starts. */
    public spec: SalesSpec,
    readonly sim: Simulation,
    streams: RandomStreams,
    readonly store: WorkStore,
    protected readonly counters: Float64Array,
    protected readonly L: Layout,
    protected readonly outcomes: Outcomes,
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

  /** People on the books in the role now (ramping hires included). */
  headcount(role: number): number {
    return this.spec.roles[role].costOnly ? this.costHeads[role] : this.persons[role].length;
  }

  // ---- queues --------------------------------------------------------------------------

  /** Queue key of an item with a role: its tier, then the role's discipline. */
  protected keyOf(r: number, w: Work): number {
    const role = this.spec.roles[r];
    const tier = role.tierOf[w.task];
    const within = role.discipline === 1 ? -w.value
      : role.discipline === 2 ? w.requested + this.spec.tasks[w.task].tolerance
        : 0;
    return tier * TIER + (Number.isFinite(within) ? within : TIER / 2);
  }

  protected enqueue(r: number, w: Work, q: WorkQueue): void {
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

  protected dequeue(w: Work): void {
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

  /** Brings the person's place in the free set up to date (after a change of shift, block, hands or books). */
  protected available(p: Person): void {
    const present = p.onShift && p.block < 0 && !p.gone;
    const cur = p.current;
    this.free[p.role].set(p.index, present && cur === null);
    this.interruptible[p.role].set(p.index, present && cur !== null && !IS_CALL[cur.task] && !IS_FIELD[cur.task]);
  }

  // ---- service ---------------------------------------------------------------------------

  protected startService(p: Person, w: Work): void {
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

  protected vacate(p: Person, w: Work): void {
    p.current = null;
    p.activity = -1;
    w.token++;
    this.available(p);
  }

  /** Adds the person's busy time since the last credit to their role's books (travel and task apart). */
  protected credit(p: Person, now: number): void {
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

  // ---- what the layers above do ------------------------------------------------------------

  /** The person, free now, takes their next item (routing.ts). */
  protected abstract dispatch(p: Person): void;
  /** A role's shift starts or ends (organization.ts). */
  protected abstract onShiftChange(r: number): void;
  /** A role's time block starts or ends (organization.ts). */
  protected abstract onBlockChange(r: number, b: number): void;
}
