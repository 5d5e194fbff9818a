import { IndexedQueue } from '../kernel/resource/indexed-queue.js';
import { DROP, FINISH } from '../kernel/resource/service.js';
import type { RoleSpec, SalesSpec } from './spec.js';
import { Routing } from './routing.js';
import { Person } from './workforce.js';

// The model and the tests know the organization by this file: what it asks of the
// model (Outcomes) and its people (Person), defined in workforce.ts, are exported here too.
export { type Outcomes, Person } from './workforce.js';

/**
 * The people of an operating model, their queues and how work reaches them:
 * routing to a role (primary, then overflow), territories (an account's work
 * goes to the person owning its area), priority tiers and disciplines, calls
 * interrupting desk work, travel for field work and batching by area, shifts,
 * absences and time blocks. Domain-free of *what* the work means: that is the
 * Outcomes' business. In three layers: the people, their queues and service
 * (workforce.ts), who takes the work (routing.ts), and here staffing, phases,
 * shifts and time blocks.
 */
export class Organization extends Routing {
  start(): void {
    this.spec.roles.forEach((_, r) => {
      this.onShiftChange(r);
      this.spec.roles[r].blocks.forEach((_, b) => this.onBlockChange(r, b));
    });
  }

  /** The task whose patience timers the event handler fires, or -1 (for the runaway guard). */
  patienceTask(handler: number): number {
    return this.patience.findIndex((l) => l.wake === handler || l.direct === handler);
  }

  /** Whether any role does the task (for some item, when it is routed by rules). */
  routed(task: number): boolean {
    return this.spec.tasks[task].roles.length > 0;
  }

  /** The role first in line for the item's task (the one a request lost waiting counts against); -1 if nobody does it now (after a phase). */
  primaryFor(w: number): number {
    const roles = this.rolesOf(this.store.task[w], w);
    return roles.length > 0 ? roles[0] : -1;
  }

  /** Credits busy time up to now (before a snapshot). */
  creditAll(now: number): void {
    for (const ps of this.persons) for (const p of ps) this.credit(p, now, this.held(p));
    for (const p of this.departing) this.credit(p, now, this.held(p));
  }

  // ---- staffing (M15) ---------------------------------------------------------------------

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
      const p = new Person(role, this.pools[role].add(false), new IndexedQueue(this.store));
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
    this.seats.arrange(role, spec.territories, this.persons[role]);
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
    // A listed territory waits for whoever takes the seat next.
    this.seats.leave(p);
    this.seats.arrange(r, this.spec.roles[r].territories, list);
    if (p.onShift) this.onShift[r].add(now, -1);
    p.onShift = false;
    p.gone = true;
    p.left = now;
    this.available(p);
    const cur = this.held(p);
    if (cur >= 0) {
      if (this.store.filler[cur] === 1) {
        this.credit(p, now, cur);
        this.service.vacate(cur);
        p.activity = -1;
        this.available(p);
        this.store.release(cur);
      } else this.departing.push(p);
    }
    // Their queue goes back to routing: territory work to the area's new owner,
    // the rest to the role's shared queue; their personal admin goes with them.
    for (const w of p.own.toArray()) {
      this.dequeue(w);
      if (this.personal(w)) this.store.release(w);
      else this.place(w, r);
    }
  }

  /**
   * A phase starts (M15): the organization runs as `spec` from now on (same
   * roles). Queued work is re-keyed to the roles' new work orders; work queued
   * with a role that no longer does its task goes to the roles that do (keeping
   * its place in time and its patience); work nobody does any more is returned,
   * for the model to drop. Work in hand is finished as started.
   */
  reconfigure(spec: SalesSpec): number[] {
    const old = this.spec;
    this.spec = spec;
    this.readTraits();
    const st = this.store;
    const orphans: number[] = [];
    const moving: number[] = [];
    spec.roles.forEach((_, r) => {
      const queues = [this.shared[r], ...this.persons[r].map((p) => p.own)];
      for (const q of queues) {
        for (const w of q.toArray()) {
          const task = st.task[w];
          const roles = this.rolesOf(task, w);
          if ((q !== this.shared[r] && this.personal(w)) || roles.includes(r)) {
            q.remove(w);
            st.key[w] = this.keyOf(r, w);
            q.push(w);
          } else {
            this.dequeue(w);
            if (roles.length === 0) orphans.push(w);
            else moving.push(w);
          }
        }
      }
    });
    for (const w of moving) this.place(w, st.pool[w]);
    spec.roles.forEach((role, r) => this.seats.arrange(r, role.territories, this.persons[r]));
    spec.roles.forEach((role, r) => {
      if (old.roles[r].territory && !role.territory) {
        // Territories dissolved: area work waits for the whole role.
        for (const p of this.persons[r]) {
          for (const w of p.own.toArray()) if (st.area[w] >= 0) { p.own.remove(w); this.shared[r].push(w); }
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
    const moves: number[] = [];
    for (const w of this.shared[r].toArray()) if (this.owner(r, w) !== null) moves.push(w);
    for (const p of this.persons[r]) {
      for (const w of p.own.toArray()) {
        const o = this.owner(r, w);
        if (o !== null && o !== p) moves.push(w);
      }
    }
    for (const w of moves) {
      this.store.unqueue(w);
      this.homeQueue(r, w).push(w);
    }
    if (moves.length > 0) for (const p of this.persons[r]) this.dispatch(p);
  }

  // ---- shifts and time blocks ------------------------------------------------------------

  protected onShiftChange(r: number): void {
    const role: RoleSpec = this.spec.roles[r];
    const now = this.sim.now;
    const open = role.calendar.isOpen(now);
    const next = role.calendar.nextChange(now);
    let present = 0;
    for (const p of this.persons[r]) {
      this.credit(p, now, this.held(p));
      if (open) {
        p.onShift = !(role.absence > 0 && this.absenceRng() < role.absence);
        // The day starts from home, unless the person works area by area on trips
        // their coordinator planned (they stay over: case 3 in docs/model.md, "a day or two in Chicago").
        if (!role.batchByArea) p.area = -1;
        p.shiftEnds = next;
        if (p.onShift) present++;
      } else p.onShift = false;
      this.available(p);
    }
    // What each person holds when the shift ends: the rule is atShiftEnd's (workforce.ts).
    // Put down in the roster's order, lowest first, as it always was (the kernel's
    // endShift goes from the highest down: the same work put down, but sums of
    // times taken in another order, which moved the last digits of a queue length).
    if (!open) for (const p of this.persons[r]) {
      const cur = this.held(p);
      if (cur < 0) continue;
      const rule = this.atShiftEnd(cur, r, p.index);
      if (rule === FINISH) continue;
      this.service.interrupt(cur);
      if (rule === DROP) this.store.remaining[cur] = -1;
      this.putDown(cur, r, p.index, rule);
    }
    this.onShift[r].set(now, present);
    if (open) for (const p of this.persons[r]) this.dispatch(p);
    if (next !== Infinity) this.sim.at(next, this.evShift, r);
  }

  protected onBlockChange(r: number, b: number): void {
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

  /** A person's own admin (no account, no area): it goes with them when they leave. */
  private personal(w: number): boolean {
    const st = this.store;
    return st.task[w] === this.spec.part.admin && st.account[w] < 0 && st.area[w] < 0;
  }

  /** Payroll per week of the people on the books now (cost-only roles included). */
  payrollPerWeek(): number {
    return this.spec.roles.reduce((a, r, k) => a + this.headcount(k) * r.salaryPerWeek, 0);
  }
}
