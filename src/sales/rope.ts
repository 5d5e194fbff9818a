import type { Simulation } from '../kernel/simulation.js';
import { TimeWeighted } from '../kernel/statistics.js';
import { C } from './counters.js';
import type { Organization } from './organization.js';
import type { SalesSpec } from './spec.js';

/** What the ropes need of the model they hold work back for. */
export interface RopeHost {
  /** Read afresh each time: a phase may change the ropes. */
  readonly spec: SalesSpec;
  readonly sim: Simulation;
  readonly org: Organization;
  readonly counters: Float64Array;
  /** A held opportunity goes ahead: its first meeting needs booking. */
  schedule(opp: number): void;
  /** A held campaign goes ahead. */
  launchCampaign(): void;
}

/**
 * Drum-buffer-rope (M14): each drum is a role whose backlog paces the company;
 * its rope holds new BD bookings and campaigns back while that backlog is over
 * the drum's buffer. The organization tells us when a drum falls back to its
 * buffer (drumSlack), and what no taut rope holds any more goes ahead, first
 * held first.
 */
export class Ropes {
  /** How many opportunities and campaigns are held back, over time. */
  readonly holding = new TimeWeighted();
  /** Opportunities and campaigns held back, with when. */
  private readonly heldOpps: number[] = [];
  private readonly heldOppsAt: number[] = [];
  private readonly heldCampaignsAt: number[] = [];
  private readonly evRelease: number;

  constructor(private readonly host: RopeHost) {
    this.evRelease = host.sim.register({ handle: () => this.release() });
  }

  /** Tells the organization the buffer of each drum of the current spec (-1: not a drum). */
  setDrums(): void {
    const org = this.host.org;
    org.drumBuffer.fill(-1);
    org.drumWatched.fill(0);
    for (const t of this.host.spec.throttle) org.drumBuffer[t.role] = t.buffer;
  }

  /** Asks the organization to call back when a drum that now holds work falls to its buffer. */
  private watchTaut(): void {
    const org = this.host.org;
    for (const t of this.host.spec.throttle) {
      if (org.backlogHours[t.role] > t.buffer) org.drumWatched[t.role] = 1;
    }
  }

  /** Holds a new opportunity back if a taut rope holds meetings; whether it did. */
  holdOpportunity(opp: number): boolean {
    if (!this.holds('meetings')) return false;
    this.heldOpps.push(opp);
    this.heldOppsAt.push(this.host.sim.now);
    return true;
  }

  /** Holds a campaign due now back if a taut rope holds campaigns; whether it did. */
  holdCampaign(): boolean {
    if (!this.holds('campaigns')) return false;
    this.heldCampaignsAt.push(this.host.sim.now);
    return true;
  }

  /** A drum fell to its buffer: release at once, but not from inside the organization's dequeue. */
  slack(): void {
    this.host.sim.after(0, this.evRelease);
  }

  /** Whether a rope that holds this kind of work is taut: its drum's backlog is over its buffer. */
  private taut(what: 'meetings' | 'campaigns'): boolean {
    for (const t of this.host.spec.throttle) {
      if ((what === 'meetings' ? t.holdMeetings : t.holdCampaigns) && this.host.org.backlogHours[t.role] > t.buffer) return true;
    }
    return false;
  }

  /** Whether the rope holds this new work back now (counted as held if so). */
  private holds(what: 'meetings' | 'campaigns'): boolean {
    if (!this.taut(what)) return false;
    this.watchTaut();
    this.host.counters[C.throttle_held]++;
    this.holding.add(this.host.sim.now, 1);
    return true;
  }

  /** Releases what the ropes held, first held first, of each kind no taut rope holds. */
  release(): void {
    const h = this.host;
    const now = h.sim.now;
    let released = 0;
    if (this.heldOpps.length > 0 && !this.taut('meetings')) {
      const opps = this.heldOpps.splice(0);
      for (const at of this.heldOppsAt.splice(0)) h.counters[C.throttle_held_hours] += now - at;
      released += opps.length;
      for (const o of opps) h.schedule(o);
    }
    if (this.heldCampaignsAt.length > 0 && !this.taut('campaigns')) {
      const campaigns = this.heldCampaignsAt.splice(0);
      for (const at of campaigns) h.counters[C.throttle_held_hours] += now - at;
      released += campaigns.length;
      for (let i = 0; i < campaigns.length; i++) h.launchCampaign();
    }
    h.counters[C.throttle_released] += released;
    this.holding.add(now, -released);
    // Still holding: listen for the drums still over their buffers.
    if (this.heldOpps.length + this.heldCampaignsAt.length > 0) this.watchTaut();
  }
}
