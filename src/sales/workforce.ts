import type { Rng, RandomStreams } from '../kernel/random.js';
import type { Simulation } from '../kernel/simulation.js';
import { FreeSet } from '../kernel/resource/free-set.js';
import { IndexedQueue } from '../kernel/resource/indexed-queue.js';
import { ServerPool } from '../kernel/resource/server-pool.js';
import { DROP, FINISH, Service, type ServiceHooks, type ShiftEndRule, SUSPEND } from '../kernel/resource/service.js';
import type { TimerLine } from '../kernel/resource/timer-line.js';
import { TimeWeighted } from '../kernel/statistics.js';
import type { Layout } from './counters.js';
import type { SalesSpec } from './spec.js';
import { FIELD, PHONE } from './tasks.js';
import type { WorkStore } from './work.js';
import { Person } from './person.js';
import { clockProtected } from './protected-time.js';

export { Person } from './person.js';

/** What the organization asks of the model it runs in: the consequences of work. */
export interface Outcomes {
  /** The customer base: routing rules read the segment of an item's account (coverage.ts). */
  readonly accounts: { segmentOf(a: number): number };
  /** Service is starting for the first time, by the role's person (Person.index); returns extra hours (an upsell attempt's talk time). */
  starting(w: number, role: number, person: number): number;
  /** The work is done; the model decides what follows and releases the item. */
  done(w: number, role: number): void;
  /** The item waited past its patience and has been taken off its queue. */
  expired(w: number): void;
  /** Filler or time-block work for a person with nothing else to do (-1: none). */
  filler(task: number, role: number): number;
  blockChanged(role: number, open: boolean): void;
  /** The role's headcount changed (a hire joined, someone left): payroll and attrition follow. */
  staffChanged(role: number): void;
  /** A watched drum's backlog fell to its buffer while work was held back (M14). Called from inside a dequeue: defer any work. */
  drumSlack(): void;
}

/** Keys are tier x TIER + a within-tier key (a value or a due time), smaller first. */
export const TIER = 1e12;

/**
 * The people of an operating model as the organization's layers share them
 * (routing.ts: who takes the work; organization.ts: hires and leavers, phases,
 * shifts and time blocks): who is on the books and who is free, their queues and
 * what waits in them, and the service itself. The mechanism of service (a
 * person takes an item in hand, its end, an interruption keeping the hours
 * left, a shift's end, a customer's patience running out) is the kernel's
 * Service, as a network's is; what is sales about it is here, as its hooks: how
 * long the work takes (handle time, upsell talk, a hire's ramp-up, travel), who
 * may take it, what the end of a shift does to it, and the busy time credited
 * to each role.
 */
export abstract class Workforce implements ServiceHooks {
  /** People on the books per role (ramping hires included, leavers not): the most recent hire last. */
  readonly persons: Person[][];
  /** Everyone who ever worked in each role, by Person.index (a leaver finishing an item is found here; their results, credit.ts). */
  readonly staff: Person[][];
  /**
   * Each role's people as servers: the item in each one's hands, and who is free
   * to start work (on shift, not in a time block, on the books, hands empty),
   * walked in index order: the people a scan of `persons` would find, in its order.
   */
  readonly pools: ServerPool[];
  /**
   * Per role, the people a call may interrupt (on shift, not in a time block, at
   * desk work: not a call, not field work), by Person.index, walked in the same
   * order as `persons` for the same reason as the free people.
   */
  protected readonly interruptible: FreeSet[];
  readonly service: Service;
  /** People of cost-only roles (they do no work: a number, not persons). */
  protected readonly costHeads: number[];
  /** Headcount per role over time (for payroll and per-person rates). */
  readonly heads: TimeWeighted[];
  /** Leavers still finishing the item in hand (their busy time is credited until they are done). */
  protected readonly departing: Person[] = [];
  /** The task of the time block each role is in, or -1 (a hire joins the block in progress). */
  protected readonly roleBlock: number[];
  readonly shared: IndexedQueue[];
  /** Items waiting per role (shared queue and its people's own queues). */
  readonly waiting: TimeWeighted[];
  readonly onShift: TimeWeighted[];
  /** Per task, from its channel: field work (travel, the end-of-day rule) and phone work (never interrupted, finished at shift end). */
  protected isField = new Uint8Array(0);
  protected isPhone = new Uint8Array(0);
  /** The tasks playing the call and callback parts (-1: none), whose waiting items are counted per role. */
  protected callTask = -1;
  protected callbackTask = -1;
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
  /** Travel drawn for the service starting now (duration() draws it, started() books it). */
  private travel = 0;
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
    this.persons = spec.roles.map((r, ri) => Array.from({ length: r.costOnly ? 0 : r.headcount }, (_, i) => new Person(ri, i, new IndexedQueue(store))));
    this.staff = this.persons.map((ps) => [...ps]);
    // Nobody is at work before the first shift starts.
    this.pools = this.persons.map((ps) => new ServerPool(ps.length, false));
    this.interruptible = this.persons.map((ps) => new FreeSet(ps.length));
    this.costHeads = spec.roles.map((r) => (r.costOnly ? r.headcount : 0));
    this.heads = spec.roles.map((_, r) => {
      const tw = new TimeWeighted();
      tw.set(sim.now, this.headcount(r));
      return tw;
    });
    this.roleBlock = spec.roles.map(() => -1);
    this.shared = spec.roles.map(() => new IndexedQueue(store));
    this.waiting = spec.roles.map(() => new TimeWeighted());
    this.onShift = spec.roles.map(() => new TimeWeighted());
    this.callsWaiting = new Int32Array(spec.roles.length);
    this.callbacksWaiting = new Int32Array(spec.roles.length);
    this.backlogHours = new Float64Array(spec.roles.length);
    this.drumBuffer = new Float64Array(spec.roles.length).fill(-1);
    this.drumWatched = new Uint8Array(spec.roles.length);
    this.readTraits();
    this.durationRng = spec.tasks.map((t) => streams.stream(`task.${t.name}.duration`));
    this.patienceRng = spec.tasks.map((t) => streams.stream(`task.${t.name}.patience`));
    this.travelRng = streams.stream('travel');
    this.absenceRng = streams.stream('absence');
    this.service = new Service(sim, store, this.pools, this, spec.tasks.length);
    this.evEnd = this.service.evEnd;
    this.patience = this.service.lines;
    this.evShift = sim.register({ handle: (role) => this.onShiftChange(role) });
    this.evBlock = sim.register({ handle: (role, block) => this.onBlockChange(role, block) });
  }

  /** People on the books in the role now (ramping hires included). */
  headcount(role: number): number {
    return this.spec.roles[role].costOnly ? this.costHeads[role] : this.persons[role].length;
  }

  /** The item in the person's hands, or -1. */
  held(p: Person): number {
    return this.pools[p.role].job[p.index];
  }

  // ---- queues --------------------------------------------------------------------------

  /** Queue key of an item with a role: its tier, then the role's discipline. */
  protected keyOf(r: number, w: number): number {
    const role = this.spec.roles[r];
    const st = this.store;
    const task = st.task[w];
    const tier = role.tierOf[task];
    const within = role.discipline === 1 ? -st.value[w]
      : role.discipline === 2 ? st.requested[w] + this.spec.tasks[task].tolerance
        : 0;
    return tier * TIER + (Number.isFinite(within) ? within : TIER / 2);
  }

  protected enqueue(r: number, w: number, q: IndexedQueue): void {
    const st = this.store;
    const task = st.task[w];
    st.key[w] = this.keyOf(r, w);
    const resumed = st.remaining[w] >= 0;
    if (!resumed) st.seq[w] = this.seq++; // a resumed item keeps its place
    st.pool[w] = r;
    if (!resumed) st.enqueued[w] = this.sim.now;
    q.push(w);
    this.waiting[r].add(this.sim.now, 1);
    const role = this.spec.roles[r];
    const load = resumed ? st.remaining[w]
      : (st.content[w] >= 0 ? st.content[w] : this.spec.tasks[task].duration.mean) * role.speed[task];
    st.load[w] = load;
    this.backlogHours[r] += load;
    if (task === this.callTask) this.callsWaiting[r]++;
    else if (task === this.callbackTask) this.callbacksWaiting[r]++;
  }

  protected dequeue(w: number): void {
    const st = this.store;
    const r = st.pool[w];
    const task = st.task[w];
    st.unqueue(w);
    this.waiting[r].add(this.sim.now, -1);
    // Work put down (at the end of a shift, for a call) and taken up again is not waiting for
    // someone to be free: only the first wait counts.
    if (st.remaining[w] < 0) {
      this.counters[this.L.waitSum(r)] += this.sim.now - st.enqueued[w];
      this.counters[this.L.waitCount(r)]++;
      this.counters[this.L.taskWaitSum(task)] += this.sim.now - st.enqueued[w];
      this.counters[this.L.taskWaitCount(task)]++;
    }
    // Sums of floats drift: an empty queue has no backlog.
    this.backlogHours[r] = this.waiting[r].value === 0 ? 0 : this.backlogHours[r] - st.load[w];
    if (this.drumWatched[r] === 1 && this.backlogHours[r] <= this.drumBuffer[r]) {
      this.drumWatched[r] = 0;
      this.outcomes.drumSlack();
    }
    if (task === this.callTask) this.callsWaiting[r]--;
    else if (task === this.callbackTask) this.callbacksWaiting[r]--;
  }

  /** Brings the person's place in the free and interruptible sets up to date (after a change of shift, block, hands or books). */
  protected available(p: Person): void {
    const present = p.onShift && p.block < 0 && !p.gone;
    const pool = this.pools[p.role];
    pool.setPresent(p.index, present);
    const cur = pool.job[p.index];
    const task = cur >= 0 ? this.store.task[cur] : 0;
    this.interruptible[p.role].set(p.index, present && cur >= 0 && this.isPhone[task] === 0 && this.isField[task] === 0);
  }

  /** The tasks' channels and parts, from the spec (again after a phase changes it). */
  protected readTraits(): void {
    const tasks = this.spec.tasks;
    this.isField = Uint8Array.from(tasks, (t) => (t.channel === FIELD ? 1 : 0));
    this.isPhone = Uint8Array.from(tasks, (t) => (t.channel === PHONE ? 1 : 0));
    this.callTask = this.spec.part.call;
    this.callbackTask = this.spec.part.callback;
  }

  // ---- service: the sales hooks --------------------------------------------------------------

  /** The person takes the item in hand (afresh, or resuming it). */
  protected begin(p: Person, w: number): void {
    this.service.start(w, p.role, p.index);
    this.started(w);
  }

  /** What a start means for whoever took the item up: their busy time runs from now, travel first. */
  protected started(w: number): void {
    const now = this.sim.now;
    const r = this.store.pool[w];
    const s = this.store.server[w];
    const p = this.staff[r][s];
    this.store.by[w] = s;
    const travel = this.travel;
    this.travel = 0;
    // Hands full: only whether a call may interrupt changes (the pool took them off the free list).
    const task = this.store.task[w];
    this.interruptible[r].set(s, this.pools[r].present.has(s) && this.isPhone[task] === 0 && this.isField[task] === 0);
    p.creditFrom = now;
    p.travelEnd = now + travel;
    p.activity = travel > 0 ? this.L.travel : this.store.task[w];
  }

  /** Hours until a fresh start ends: handle time at the role's speed, upsell talk, ramp-up, and travel ahead of it all. */
  duration(w: number, r: number, s: number): number {
    const now = this.sim.now;
    const st = this.store;
    const task = st.task[w];
    const p = this.staff[r][s];
    const role = this.spec.roles[r];
    let hours = st.content[w] >= 0 ? st.content[w] : this.spec.tasks[task].duration.sample(this.durationRng[task]);
    hours = hours * role.speed[task] + this.outcomes.starting(w, r, s);
    // A hire still ramping up takes longer (the productivity when the task starts).
    if (now < p.rampUntil) hours /= p.productivity(now);
    if (this.isField[task] === 0 || !role.field) return hours;
    const c = this.spec.company;
    const travel = (p.area === st.area[w] && p.area >= 0 ? c.travelWithin : c.travelBetween).sample(this.travelRng);
    p.area = st.area[w];
    this.travel = travel;
    return spanTo(now, now + travel + hours);
  }

  /** Whether the free person may take the item: their territory's (or nobody's), and the end-of-day rule. */
  mayTake(w: number, r: number, s: number): boolean {
    const owner = this.owner(r, w);
    return (owner === null || owner.index === s) && this.fits(this.staff[r][s], w);
  }

  pick(r: number, s: number): number {
    const w = this.choose(this.staff[r][s]);
    if (w >= 0) this.dequeue(w);
    return w;
  }

  finished(w: number, r: number, s: number): void {
    const p = this.staff[r][s];
    this.credit(p, this.sim.now, w);
    p.activity = -1;
    // Hands empty: free again if present (the pool saw to it), and nothing to interrupt.
    this.interruptible[r].delete(s);
    if (p.gone) this.departing.splice(this.departing.indexOf(p), 1);
    this.outcomes.done(w, r);
    this.dispatch(p);
  }

  /**
   * A meeting, a site visit or a call in progress is finished (overtime), and so is
   * what a leaver still holds; desk and plant work is put down and resumed first
   * next shift, so that a long job does not run through the night; filler simply stops.
   */
  atShiftEnd(w: number, r: number, s: number): ShiftEndRule {
    const task = this.store.task[w];
    if (this.isField[task] === 1 || this.isPhone[task] === 1 || this.staff[r][s].gone) return FINISH;
    return this.store.filler[w] === 1 ? DROP : SUSPEND;
  }

  /** Work put down at the end of the shift waits in the person's own queue, first of its tier; filler is dropped. */
  putDown(w: number, r: number, s: number, rule: ShiftEndRule): void {
    const p = this.staff[r][s];
    p.activity = -1;
    this.available(p);
    if (rule === DROP) this.store.release(w);
    else this.enqueue(r, w, p.own);
  }

  /** Blocked flow: work that waited past its patience in this role's queue (the constraint rule). */
  expired(w: number): void {
    this.counters[this.L.expired(this.store.pool[w])]++;
    this.dequeue(w);
    this.outcomes.expired(w);
  }

  /** Adds the person's busy time on item w (-1: none) since the last credit to their role's books (travel and task apart). */
  protected credit(p: Person, now: number, w: number): void {
    if (w < 0) return;
    const c = this.counters;
    const task = this.store.task[w];
    let from = p.creditFrom;
    const guard = this.spec.roles[p.role].protect;
    if (guard !== null) c[this.L.protectedTime(p.role)] += clockProtected(p, guard, task, now - from, now);
    const travel = this.L.travel;
    if (p.activity === travel) {
      const upto = now < p.travelEnd ? now : p.travelEnd;
      c[this.L.busy(p.role, travel)] += upto - from;
      from = upto;
      if (now >= p.travelEnd) p.activity = task;
    }
    if (p.activity !== travel) {
      c[this.L.busy(p.role, task)] += now - from;
      if (this.store.filler[w] === 1) c[this.L.filler(p.role)] += now - from;
    }
    p.creditFrom = now;
  }

  // ---- what the layers above do ------------------------------------------------------------

  /** The role's person owning the item's area (territory roles), or null (routing.ts). */
  protected abstract owner(r: number, w: number): Person | null;
  /** The end-of-day rule (routing.ts). */
  protected abstract fits(p: Person, w: number): boolean;
  /** The person's next item, still queued, or -1 (routing.ts). */
  protected abstract choose(p: Person): number;
  /** The person, free now, takes their next item (routing.ts). */
  protected abstract dispatch(p: Person): void;
  /** A role's shift starts or ends (organization.ts). */
  protected abstract onShiftChange(r: number): void;
  /** A role's time block starts or ends (organization.ts). */
  protected abstract onBlockChange(r: number, b: number): void;
}

/**
 * The delay d from `now` with now + d === end exactly: the service ends where
 * travel then the work put it (now + travel + hours, added in that order),
 * whatever the rounding of a difference of times.
 */
function spanTo(now: number, end: number): number {
  let d = end - now;
  for (let k = 0; k < 4 && now + d !== end; k++) d = now + d < end ? nextUp(d) : nextDown(d);
  return d;
}

const bits = new Float64Array(1);
const word = new BigInt64Array(bits.buffer);
/** The double after x (x >= 0). */
function nextUp(x: number): number {
  bits[0] = x;
  word[0] += 1n;
  return bits[0];
}
/** The double before x (x > 0). */
function nextDown(x: number): number {
  bits[0] = x;
  word[0] -= 1n;
  return bits[0];
}
