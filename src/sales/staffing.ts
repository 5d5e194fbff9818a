import type { Rng, RandomStreams } from '../kernel/random.js';
import type { Simulation } from '../kernel/simulation.js';
import { C } from './counters.js';
import type { Organization } from './organization.js';
import type { SalesSpec } from './spec.js';

/** What staffing needs of the model: the spec in force, the clock, the people, the books. */
export interface StaffingHost {
  /** Read afresh each time: a phase may change headcounts, hiring delays and attrition. */
  readonly spec: SalesSpec;
  readonly sim: Simulation;
  readonly org: Organization;
  readonly counters: Float64Array;
}

/**
 * Staffing (M15): hires decided now join after the role's hiring delay (and
 * then ramp up, in the organization); leavers go at once, on request or by
 * attrition; a phase's headcounts become hires or leavers.
 */
export class Staffing {
  /** Per role: hires decided and not yet joined. */
  private readonly pendingHires: number[];
  /** Hires decided and then called off by a later phase, absorbed by the next hire events. */
  private readonly cancelledHires: number[];
  /** Per role: the attrition stream and the token of its pending leaver event. */
  private readonly leaverRng: Rng[];
  private readonly leaverToken: number[];
  private readonly evHire: number;
  private readonly evLeaver: number;

  constructor(private readonly host: StaffingHost, streams: RandomStreams) {
    const roles = host.spec.roles;
    this.evHire = host.sim.register({ handle: (role, count) => this.onHire(role, count) });
    this.evLeaver = host.sim.register({ handle: (role, token) => this.onLeaver(role, token) });
    this.pendingHires = roles.map(() => 0);
    // Own streams, drawn only by roles with attrition: other results do not shift.
    this.leaverRng = roles.map((r) => streams.stream(`staffing.${r.id}.leavers`));
    this.leaverToken = roles.map(() => 0);
    this.cancelledHires = roles.map(() => 0);
  }

  start(): void {
    this.host.spec.roles.forEach((_, r) => this.scheduleLeaver(r));
  }

  /** Decides to hire `count` people into the role: they join after its hiring delay, then ramp up. */
  hire(role: number, count: number): void {
    if (count <= 0) return;
    this.pendingHires[role] += count;
    this.host.counters[C.hires] += count;
    this.host.sim.after(this.host.spec.roles[role].hiring.delay, this.evHire, role, count);
  }

  /** `count` people leave the role now (the most recent hires; see Organization.leave). */
  leave(role: number, count: number): void {
    this.host.org.leave(role, count);
  }

  /** Hires decided for the role that have not joined yet. */
  hiring(role: number): number {
    return this.pendingHires[role];
  }

  /**
   * A phase starts (the model has switched to its spec): the headcount each
   * role should have becomes hires (hires already decided count) or leavers
   * (hires not joined yet are called off first).
   */
  phase(): void {
    const org = this.host.org;
    this.host.spec.roles.forEach((role, r) => {
      const have = org.headcount(r) + this.pendingHires[r];
      if (role.headcount > have) this.hire(r, role.headcount - have);
      else if (role.headcount < have) {
        const off = Math.min(this.pendingHires[r], have - role.headcount);
        this.pendingHires[r] -= off;
        this.cancelledHires[r] += off;
        this.leave(r, have - role.headcount - off);
      }
      this.scheduleLeaver(r); // attrition rates may have changed
    });
  }

  private onHire(role: number, count: number): void {
    const off = Math.min(this.cancelledHires[role], count);
    this.cancelledHires[role] -= off;
    this.pendingHires[role] -= count - off;
    this.host.org.hire(role, count - off);
  }

  /**
   * Attrition: the role's people leave as a Poisson process of rate
   * leavers x headcount; rescheduled whenever the headcount changes (the
   * process is memoryless, so this is exact). The leaver is a random person;
   * with `replace`, a hire is decided at once and joins after the hiring delay.
   */
  scheduleLeaver(r: number): void {
    const role = this.host.spec.roles[r];
    const token = ++this.leaverToken[r];
    const rate = role.leaversPerHour * this.host.org.headcount(r);
    if (!(rate > 0)) return;
    this.host.sim.after(-Math.log(1 - this.leaverRng[r]()) / rate, this.evLeaver, r, token);
  }

  private onLeaver(r: number, token: number): void {
    if (token !== this.leaverToken[r]) return;
    const org = this.host.org;
    const role = this.host.spec.roles[r];
    const n = org.headcount(r);
    this.host.counters[C.leavers]++;
    if (role.costOnly) org.leave(r, 1);
    else org.leavePerson(r, Math.floor(this.leaverRng[r]() * n));
    if (role.replace) this.hire(r, 1);
  }
}
