import { formatCount, runaway } from '../kernel/runaway.js';
import { Simulation, type EventHandler } from '../kernel/simulation.js';
import type { RandomStreams } from '../kernel/random.js';
import { ItemStore } from './items.js';
import { RolePool } from './role-pool.js';
import { type ItemTypeRuntime, ItemTypeStats, ROUTE_DRAWN, type TaskRuntime, TaskStats } from './runtime.js';
import type { NetworkSpec } from './spec.js';

/**
 * A queueing network in motion: items arrive, are routed through tasks, wait in
 * role queues, are served, abandon, balk or spawn other items. The network only
 * reacts to events; the Simulation owns the clock.
 */
export class Network {
  readonly items: ItemStore;
  readonly pools: RolePool[];
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
  private readonly evEnd: number;
  private readonly evAbandon: number;
  private readonly evShift: number;
  private readonly evSpawn: number;

  constructor(readonly spec: NetworkSpec, readonly sim: Simulation, streams: RandomStreams) {
    this.items = new ItemStore(spec.attributeNames.length);
    this.pools = spec.roles.map((r) => new RolePool(r, sim.now));
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
    this.evEnd = on((item, token) => this.onServiceEnd(item, token));
    this.evAbandon = on((item, token) => this.onAbandon(item, token));
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
      if (handler === this.evEnd || handler === this.evAbandon) return atTask(items.task[arg]);
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
    const spec = t.spec;
    const attrs = spec.attributes;
    if (attrs.length > 0) {
      const base = id * items.attrCount;
      items.attrs.fill(0, base, base + items.attrCount);
      for (let k = 0; k < attrs.length; k++) items.attrs[base + attrs[k].index] = attrs[k].value.sample(t.attrRng[k]);
    }
    items.due[id] = spec.due === null ? Infinity : now + spec.due.sample(t.dueRng);
    const ts = t.stats;
    ts.arrived++;
    ts.wip.add(now, 1);
    return id;
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
    if (pool.available) {
      items.key[item] = this.keyOf(pool, item);
      this.startService(t.primary, item);
      return;
    }
    if (t.overflow) {
      const roles = t.spec.roles;
      for (let k = 1; k < roles.length; k++) {
        const other = this.pools[roles[k]];
        if (other.available) {
          items.key[item] = this.keyOf(other, item);
          this.startService(roles[k], item);
          return;
        }
      }
    }
    items.key[item] = this.keyOf(pool, item);
    if (pool.spec.preempt && pool.open && this.preemptFor(t.primary, item)) return;
    const spec = t.spec;
    if (pool.line.length >= spec.balkAt && (spec.balkProbability >= 1 || t.balk() < spec.balkProbability)) {
      t.stats.balked++;
      if (spec.onBalk >= 0) this.arrive(item, spec.onBalk);
      else this.finish(item, 'lost');
      return;
    }
    this.enqueue(t.primary, item, false);
    if (spec.patience !== null) {
      this.sim.after(spec.patience.sample(t.patience), this.evAbandon, item, items.token[item]);
    }
  }

  private keyOf(pool: RolePool, item: number): number {
    const d = pool.spec.discipline;
    if (d.kind === 'fifo') return 0;
    if (d.kind === 'edd') return this.items.due[item];
    return d.order * this.items.attrs[item * this.items.attrCount + d.attribute];
  }

  private enqueue(role: number, item: number, front: boolean): void {
    const items = this.items;
    const pool = this.pools[role];
    items.role[item] = role;
    if (front) pool.line.pushFront(item, items.token[item], items.key[item], items.seq[item]);
    else pool.line.push(item, items.token[item], items.key[item], items.seq[item]);
    pool.queueLevel.add(this.sim.now, 1);
  }

  // ---- service ------------------------------------------------------------------

  /** A free server of the role starts on the item. */
  private startService(role: number, item: number): void {
    const pool = this.pools[role];
    const slot = pool.busy++;
    pool.busyLevel.add(this.sim.now, 1);
    this.serve(pool, role, slot, item);
  }

  /**
   * The server in `slot` of the pool (already counted busy) works on the item:
   * its wait ends (on a first start at the task) and its end of service is scheduled.
   */
  private serve(pool: RolePool, role: number, slot: number, item: number): void {
    const items = this.items;
    const now = this.sim.now;
    items.token[item]++;
    let duration = items.remaining[item];
    if (duration < 0) {
      // First start at this task: its wait is over.
      const t = this.tasks[items.task[item]];
      t.stats.wait.add(now - items.enqueued[item]);
      duration = t.durationDist.sample(t.duration);
      items.service[item] = duration;
    }
    items.remaining[item] = -1;
    items.role[item] = role;
    items.slot[item] = slot;
    pool.inService[slot] = item;
    const ends = now + duration;
    items.endsAt[item] = ends;
    this.sim.at(ends, this.evEnd, item, items.token[item]);
  }

  /** Takes the item off its server; returns the role it was with. */
  private vacate(item: number): number {
    const items = this.items;
    const role = items.role[item];
    const pool = this.pools[role];
    const slot = items.slot[item];
    const last = pool.inService[pool.busy - 1];
    pool.inService[slot] = last;
    items.slot[last] = slot;
    pool.busy--;
    pool.busyLevel.add(this.sim.now, -1);
    items.slot[item] = -1;
    items.role[item] = -1;
    return role;
  }

  private onServiceEnd(item: number, token: number): void {
    const items = this.items;
    if (items.token[item] !== token) return; // preempted or suspended meanwhile
    const t = this.tasks[items.task[item]];
    const st = t.stats;
    st.completed++;
    st.serviceSum += items.service[item];
    const role = items.role[item];
    const pool = this.pools[role];
    if (pool.open && pool.line.length > 0) {
      // The server goes straight on to the head of its queue. It never falls idle,
      // so the busy count and its time-weighted level stay as they are (a vacate
      // and a dispatch would subtract one and add it back at the same instant).
      // No other server of the role can be idle either: an item only waits while
      // every on-shift server is busy.
      const slot = items.slot[item];
      items.slot[item] = -1;
      items.role[item] = -1;
      const next = pool.line.pop(items.token);
      pool.queueLevel.add(this.sim.now, -1);
      this.serve(pool, role, slot, next);
    } else {
      this.vacate(item);
    }
    const spawns = t.spec.spawns;
    for (let k = 0; k < spawns.length; k++) this.spawnFrom(t, k);
    const next = t.fixedNext !== ROUTE_DRAWN ? t.fixedNext : this.route(t);
    if (next >= 0) this.arrive(item, next);
    else this.finish(item, 'completed');
  }

  /** Draws the next task from the routing probabilities. */
  private route(t: TaskRuntime): number {
    const { targets, cumulative } = t.spec.next;
    const u = t.route();
    let k = 0;
    while (u >= cumulative[k]) k++;
    return targets[k];
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
    const pool = this.pools[role];
    const line = pool.line;
    while (pool.open && pool.busy < pool.headcount && line.length > 0) {
      const item = line.pop(this.items.token);
      pool.queueLevel.add(this.sim.now, -1);
      this.startService(role, item);
    }
  }

  /** Preempt-resume: the worst item in service yields to a better arriving one. */
  private preemptFor(role: number, item: number): boolean {
    const items = this.items;
    const pool = this.pools[role];
    let worst = -1;
    for (let s = 0; s < pool.busy; s++) {
      const other = pool.inService[s];
      if (worst < 0 || items.key[other] > items.key[worst] ||
          (items.key[other] === items.key[worst] && items.seq[other] > items.seq[worst])) worst = other;
    }
    if (worst < 0 || !(items.key[worst] > items.key[item])) return false;
    this.interrupt(worst);
    this.startService(role, item);
    return true;
  }

  /** Stops the item's service and puts it back at the head of its role's queue. */
  private interrupt(item: number): void {
    const items = this.items;
    items.remaining[item] = items.endsAt[item] - this.sim.now;
    items.token[item]++;
    const role = this.vacate(item);
    this.enqueue(role, item, true);
  }

  // ---- abandonment, shifts, endings ------------------------------------------------

  private onAbandon(item: number, token: number): void {
    const items = this.items;
    if (items.token[item] !== token) return; // already served
    const role = items.role[item];
    const pool = this.pools[role];
    pool.line.discard();
    pool.queueLevel.add(this.sim.now, -1);
    items.token[item]++;
    items.role[item] = -1;
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
    const cal = pool.spec.calendar;
    pool.open = cal.isOpen(now);
    pool.capacityLevel.set(now, pool.open ? pool.headcount : 0);
    if (pool.open) this.dispatch(role);
    else if (pool.spec.shiftEnd === 'suspend') {
      // Suspended work resumes first at the next shift, keeping its remaining time.
      while (pool.busy > 0) this.interrupt(pool.inService[pool.busy - 1]);
    }
    const next = cal.nextChange(now);
    if (next !== Infinity) this.sim.at(next, this.evShift, role);
  }

  private finish(item: number, outcome: 'completed' | 'abandoned' | 'lost'): void {
    const items = this.items;
    const ts = this.typeStats[items.type[item]];
    const now = this.sim.now;
    if (outcome === 'completed') {
      ts.completed++;
      ts.sojourn.add(now - items.entered[item]);
    } else if (outcome === 'abandoned') ts.abandoned++;
    else ts.lost++;
    ts.wip.add(now, -1);
    items.release(item);
    if (this.arrivalsOver) this.stopIfDrained();
  }

  private stopIfDrained(): void {
    if (this.arrivalsOver && this.items.live === 0 && this.pendingSpawns === 0) this.sim.stop();
  }
}
