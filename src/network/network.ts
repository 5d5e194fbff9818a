import { formatCount, runaway } from '../kernel/runaway.js';
import { Simulation, type EventHandler } from '../kernel/simulation.js';
import type { RandomStreams } from '../kernel/random.js';
import { FINISH, Service, type ServiceHooks, type ShiftEndRule, SUSPEND } from '../kernel/resource/service.js';
import { ItemStore } from './items.js';
import { RolePool } from './role-pool.js';
import { type ItemTypeRuntime, ItemTypeStats, ROUTE_DRAWN, type TaskRuntime, TaskStats } from './runtime.js';
import type { NetworkSpec } from './spec.js';

/**
 * A queueing network in motion: items arrive, are routed through tasks, wait in
 * role queues, are served, abandon, balk or spawn other items. The network only
 * reacts to events; the Simulation owns the clock.
 *
 * Service is the kernel's (src/kernel/resource/service.ts): starts, ends,
 * preempt-resume, patience and shift ends go through it, and the network is
 * its hooks, the defaults of a queueing network: any free server of a role may
 * take any item, a free server takes the head of its role's queue, an item's
 * duration is drawn from its task. What stays here is what makes it a network:
 * arrivals, probabilistic routing, overflow roles, balking, spawns, and the
 * statistics.
 */
export class Network implements ServiceHooks {
  readonly items: ItemStore;
  readonly pools: RolePool[];
  readonly service: Service;
  readonly taskStats: TaskStats[];
  readonly typeStats: ItemTypeStats[];
  /** External arrivals so far. */
  externalArrivals = 0;
  /** Spawns scheduled but not yet arrived (keeps a draining run alive). */
  pendingSpawns = 0;
  private arrivalsOver = false;
  private readonly tasks: TaskRuntime[];
  private readonly types: ItemTypeRuntime[];
  /** spec.run.horizon and spec.run.maxArrivals, read on every arrival. */
  private readonly horizon: number;
  private readonly maxArrivals: number;
  private taskSeq = 0;
  private readonly evArrival: number;
  private readonly evShift: number;
  private readonly evSpawn: number;

  constructor(readonly spec: NetworkSpec, readonly sim: Simulation, streams: RandomStreams) {
    this.items = new ItemStore(spec.attributeNames.length);
    this.pools = spec.roles.map((r) => new RolePool(r, this.items, sim.now));
    // No timer lines: every patience is an event of its own, as a drawn patience comes due out of order.
    this.service = new Service(sim, this.items, this.pools.map((p) => p.servers), this);
    this.taskStats = spec.tasks.map(() => new TaskStats());
    this.typeStats = spec.itemTypes.map(() => new ItemTypeStats());
    this.tasks = spec.tasks.map((t, k): TaskRuntime => ({
      spec: t,
      stats: this.taskStats[k],
      durationDist: t.duration,
      duration: streams.stream(`task.${t.id}.duration`),
      route: streams.stream(`task.${t.id}.route`),
      patience: streams.stream(`task.${t.id}.patience`),
      balk: streams.stream(`task.${t.id}.balk`),
      spawn: streams.stream(`task.${t.id}.spawn`),
      primary: t.roles[0],
      pool: this.pools[t.roles[0]],
      overflow: t.roles.length > 1,
      fixedNext: t.next.targets.length === 1 ? t.next.targets[0] : ROUTE_DRAWN,
    }));
    this.types = spec.itemTypes.map((t, k): ItemTypeRuntime => ({
      spec: t,
      stats: this.typeStats[k],
      arrivals: t.arrivals,
      arrivalRng: streams.stream(`items.${t.id}.arrivals`),
      batchRng: streams.stream(`items.${t.id}.batch`),
      attrRng: t.attributes.map((a) => streams.stream(`items.${t.id}.${spec.attributeNames[a.index]}`)),
      dueRng: streams.stream(`items.${t.id}.due`),
      firstTask: t.firstTask,
    }));
    this.horizon = spec.run.horizon;
    this.maxArrivals = spec.run.maxArrivals;

    // One handler per kind of event, registered once (arrow functions: cheaper to call than bound ones).
    const on = (handle: EventHandler['handle']): number => sim.register({ handle });
    this.evArrival = on((type) => this.onArrival(type));
    this.evShift = on((role) => this.onShiftChange(role));
    this.evSpawn = on((type, count) => this.onSpawn(type, count));
    this.guard();
  }

  /** The runaway guard's view of the network: what an item or an event is for. */
  private guard(): void {
    const { items, sim, spec } = this;
    const atTask = (task: number) => `at task '${spec.tasks[task].id}'`;
    items.limit = sim.limits.items;
    items.onFull = () => {
      const tasks = Array.from(items.task.subarray(0, items.live), atTask);
      throw runaway(`${formatCount(items.live)} items in progress`, sim.now, tasks, 'run.max_in_progress');
    };
    sim.describe = (handler, arg) => {
      if (handler === this.service.evEnd || handler === this.service.evExpire) return atTask(items.task[arg]);
      if (handler === this.evArrival) return `for item type '${spec.itemTypes[arg].id}' (its arrivals)`;
      if (handler === this.evSpawn) return `for item type '${spec.itemTypes[arg].id}' (spawned)`;
      return undefined;
    };
  }

  /** Schedules the first arrivals and the first shift changes. */
  start(): void {
    const now = this.sim.now;
    this.types.forEach((t, k) => {
      if (t.arrivals === null) return;
      const first = t.arrivals.next(now, t.arrivalRng);
      if (first < this.horizon) this.sim.at(first, this.evArrival, k);
    });
    this.pools.forEach((p, r) => {
      const next = p.spec.calendar.nextChange(now);
      if (next !== Infinity) this.sim.at(next, this.evShift, r);
    });
  }

  // ---- arrivals -------------------------------------------------------------

  private onArrival(type: number): void {
    const t = this.types[type];
    const batch = t.spec.batch;
    const n = batch === null ? 1 : Math.round(batch.sample(t.batchRng));
    for (let i = 0; i < n && !this.arrivalsOver; i++) {
      this.externalArrivals++;
      if (this.externalArrivals >= this.maxArrivals) this.arrivalsOver = true;
      this.arrive(this.createItem(type), t.firstTask);
    }
    if (this.arrivalsOver) {
      this.stopIfDrained();
      return;
    }
    const next = t.arrivals!.next(this.sim.now, t.arrivalRng);
    if (next < this.horizon) this.sim.at(next, this.evArrival, type);
  }

  private onSpawn(type: number, count: number): void {
    this.pendingSpawns--;
    const first = this.types[type].firstTask;
    for (let i = 0; i < count; i++) this.arrive(this.createItem(type), first);
    this.stopIfDrained();
  }

  private createItem(type: number): number {
    const items = this.items;
    const id = items.alloc(type);
    const now = this.sim.now;
    items.entered[id] = now;
    const t = this.types[type];
    // Attributes and due dates out of line: an arrival without them stays small enough to inline.
    if (t.spec.attributes.length > 0 || t.spec.due !== null) this.drawAttributes(id, t, now);
    else items.due[id] = Infinity;
    const ts = t.stats;
    ts.arrived++;
    ts.wip.add(now, 1);
    return id;
  }

  private drawAttributes(id: number, t: ItemTypeRuntime, now: number): void {
    const items = this.items;
    const spec = t.spec;
    const attrs = spec.attributes;
    if (attrs.length > 0) {
      const base = id * items.attrCount;
      items.attrs.fill(0, base, base + items.attrCount);
      for (let k = 0; k < attrs.length; k++) items.attrs[base + attrs[k].index] = attrs[k].value.sample(t.attrRng[k]);
    }
    items.due[id] = spec.due === null ? Infinity : now + spec.due.sample(t.dueRng);
  }

  // ---- routing ----------------------------------------------------------------

  /** The item arrives at a task: served at once by a free role, or queued, or it balks. */
  private arrive(item: number, task: number): void {
    const items = this.items;
    const t = this.tasks[task];
    items.task[item] = task;
    items.seq[item] = this.taskSeq++;
    items.enqueued[item] = this.sim.now;
    items.remaining[item] = -1;
    const pool = t.pool;
    // The usual case is inline, the rest out of line: the compiler then inlines the
    // whole start of service here (down to scheduling its end).
    if (pool.available) {
      items.key[item] = pool.keyOf(items, item);
      this.startService(t.primary, item);
    } else if (!t.overflow || !this.overflow(item, t)) this.wait(item, t);
  }

  /** A free overflow role, tried in order, starts the item; false if none is free. */
  private overflow(item: number, t: TaskRuntime): boolean {
    const roles = t.spec.roles;
    for (let k = 1; k < roles.length; k++) {
      const other = this.pools[roles[k]];
      if (other.available) {
        this.items.key[item] = other.keyOf(this.items, item);
        this.startService(roles[k], item);
        return true;
      }
    }
    return false;
  }

  /** No server is free: the item preempts a worse one, balks, or joins its primary role's queue. */
  private wait(item: number, t: TaskRuntime): void {
    const pool = t.pool;
    this.items.key[item] = pool.keyOf(this.items, item);
    if (pool.spec.preempt && pool.open && this.preemptFor(t.primary, item)) return;
    const spec = t.spec;
    if (pool.queue.length >= spec.balkAt && (spec.balkProbability >= 1 || t.balk() < spec.balkProbability)) {
      t.stats.balked++;
      if (spec.onBalk >= 0) this.arrive(item, spec.onBalk);
      else this.finish(item, 'lost');
      return;
    }
    this.enqueue(t.primary, item, false);
    if (spec.patience !== null) this.service.expireAt(item, this.sim.now + spec.patience.sample(t.patience), -1);
  }

  private enqueue(role: number, item: number, front: boolean): void {
    const pool = this.pools[role];
    this.items.pool[item] = role;
    if (front) pool.queue.pushFront(item);
    else pool.queue.push(item);
    pool.queueLevel.add(this.sim.now, 1);
  }

  // ---- service (the ServiceHooks) -------------------------------------------------

  /** The first free server of the role starts on the item. */
  private startService(role: number, item: number): void {
    const pool = this.pools[role];
    pool.busyLevel.add(this.sim.now, 1);
    this.service.start(item, role, pool.servers.firstFree());
  }

  /** Called only on a first start at the task (a resumed item keeps its remaining hours): its wait is over. */
  duration(item: number): number {
    const items = this.items;
    const t = this.tasks[items.task[item]];
    t.stats.wait.add(this.sim.now - items.enqueued[item]);
    const hours = t.durationDist.sample(t.duration);
    items.service[item] = hours;
    return hours;
  }

  /**
   * The server goes straight on to the head of its queue, before the item it
   * finished is routed on, as a server would. It never falls idle then, so its
   * busy level stays as it is. No other server of the role can be free: an item
   * waits only while every on-shift server is busy.
   */
  goOn(_item: number, role: number): number {
    const pool = this.pools[role];
    return pool.open && pool.queue.length > 0 ? this.pick(role) : -1;
  }

  finished(item: number, role: number, server: number): void {
    const items = this.items;
    const t = this.tasks[items.task[item]];
    const st = t.stats;
    st.completed++;
    st.serviceSum += items.service[item];
    // Idle now, unless goOn gave the server the next item.
    const pool = this.pools[role];
    if (pool.servers.job[server] < 0) pool.busyLevel.add(this.sim.now, -1);
    if (t.spec.spawns.length > 0) this.spawnAll(t);
    const next = t.fixedNext !== ROUTE_DRAWN ? t.fixedNext : this.route(t);
    if (next >= 0) this.arrive(item, next);
    else this.complete(item);
  }

  /** A free server takes the head of its role's queue (FIFO, or by key then arrival). */
  pick(role: number): number {
    const pool = this.pools[role];
    const item = pool.queue.pop();
    if (item >= 0) pool.queueLevel.add(this.sim.now, -1);
    return item;
  }

  /** Servers of a role are interchangeable: any may take any item. */
  mayTake(): boolean {
    return true;
  }

  atShiftEnd(_item: number, role: number): ShiftEndRule {
    return this.pools[role].spec.shiftEnd === 'suspend' ? SUSPEND : FINISH;
  }

  /** A suspended item goes back to the head of the queue of the role it was with. */
  putDown(item: number, role: number): void {
    this.pools[role].busyLevel.add(this.sim.now, -1);
    this.enqueue(role, item, true);
  }

  /** Draws the next task from the routing probabilities. */
  private route(t: TaskRuntime): number {
    const { targets, cumulative } = t.spec.next;
    const u = t.route();
    let k = 0;
    while (u >= cumulative[k]) k++;
    return targets[k];
  }

  /** Out of line: the service end, the hottest path, stays small enough for the compiler to inline what it calls. */
  private spawnAll(t: TaskRuntime): void {
    for (let k = 0; k < t.spec.spawns.length; k++) this.spawnFrom(t, k);
  }

  private spawnFrom(t: TaskRuntime, k: number): void {
    const s = t.spec.spawns[k];
    if (s.probability < 1 && t.spawn() >= s.probability) return;
    const count = Math.round(s.count.sample(t.spawn));
    if (count <= 0) return;
    if (s.delay === null) {
      const first = this.types[s.itemType].firstTask;
      for (let i = 0; i < count; i++) this.arrive(this.createItem(s.itemType), first);
    } else {
      this.pendingSpawns++;
      this.sim.after(s.delay.sample(t.spawn), this.evSpawn, s.itemType, count);
    }
  }

  /** Free, on-shift servers of a role take work from its queue. */
  private dispatch(role: number): void {
    const servers = this.pools[role].servers;
    for (let s = servers.firstFree(); s >= 0 && this.service.serveNext(role, s); s = servers.nextFree(s + 1)) {
      this.pools[role].busyLevel.add(this.sim.now, 1);
    }
  }

  /**
   * Preempt-resume: the worst item in service yields to a better arriving one,
   * and goes back to the head of the queue with the hours it still needs.
   */
  private preemptFor(role: number, item: number): boolean {
    const items = this.items;
    const pool = this.pools[role];
    const worst = pool.lastInService(items);
    if (worst < 0 || !(items.key[worst] > items.key[item])) return false;
    this.service.interrupt(worst);
    pool.busyLevel.add(this.sim.now, -1);
    this.enqueue(role, worst, true);
    this.startService(role, item);
    return true;
  }

  // ---- abandonment, shifts, endings ------------------------------------------------

  /** Its patience ran out while it waited (Service checked that it still waits). */
  expired(item: number): void {
    const items = this.items;
    const pool = this.pools[items.pool[item]];
    pool.queue.remove(item);
    pool.queueLevel.add(this.sim.now, -1);
    const task = items.task[item];
    const st = this.taskStats[task];
    st.abandoned++;
    st.abandonedWaitSum += this.sim.now - items.enqueued[item];
    const onAbandon = this.tasks[task].spec.onAbandon;
    if (onAbandon >= 0) this.arrive(item, onAbandon);
    else this.finish(item, 'abandoned');
  }

  private onShiftChange(role: number): void {
    const pool = this.pools[role];
    const now = this.sim.now;
    pool.setOpen(now, pool.spec.calendar.isOpen(now));
    if (pool.open) this.dispatch(role);
    // Suspended work resumes first at the next shift, keeping its remaining time (putDown).
    else if (pool.spec.shiftEnd === 'suspend') this.service.endShift(role);
    const next = pool.spec.calendar.nextChange(now);
    if (next !== Infinity) this.sim.at(next, this.evShift, role);
  }

  /** The item is done: completed (the hot path, kept small for the compiler to inline). */
  private complete(item: number): void {
    const ts = this.typeStats[this.items.type[item]];
    ts.completed++;
    ts.sojourn.add(this.sim.now - this.items.entered[item]);
    this.leave(item, ts);
  }

  /** The item leaves unserved: it abandoned its last queue, or balked with nowhere to go. */
  private finish(item: number, outcome: 'abandoned' | 'lost'): void {
    const ts = this.typeStats[this.items.type[item]];
    if (outcome === 'abandoned') ts.abandoned++;
    else ts.lost++;
    this.leave(item, ts);
  }

  private leave(item: number, ts: ItemTypeStats): void {
    ts.wip.add(this.sim.now, -1);
    this.items.release(item);
    if (this.arrivalsOver) this.stopIfDrained();
  }

  private stopIfDrained(): void {
    if (this.arrivalsOver && this.items.live === 0 && this.pendingSpawns === 0) this.sim.stop();
  }
}
