import type { Simulation } from '../simulation.js';
import type { JobStore } from './job-store.js';
import type { ServerPool } from './server-pool.js';
import { TimerLine } from './timer-line.js';

/** What a job in hand does when its server's shift ends. */
export const FINISH = 0;
/** Put down, resumed later with the service it still needs (remaining hours kept). */
export const SUSPEND = 1;
/** Put down and started afresh if taken up again (the work done is lost). */
export const DROP = 2;
export type ShiftEndRule = typeof FINISH | typeof SUSPEND | typeof DROP;

/**
 * The decisions a model makes about service; the mechanism (tokens, end events,
 * interrupt-and-resume, patience timers, free servers) is Service's. Hooks are
 * called synchronously from Service's methods and events; each receives ids
 * (job, pool, server), never objects, so the hot path allocates nothing.
 */
export interface ServiceHooks {
  /**
   * Hours a job takes when a server starts it afresh (not when it resumes): the
   * handle time drawn, and whatever the start implies (travel to the customer).
   */
  duration(job: number, pool: number, server: number): number;
  /**
   * The job a server takes up the moment it finishes `job` (already taken off
   * its queue), or -1. Optional: called before finished, while the finished job
   * is still in the server's hands; the server then goes from one job to the
   * next without falling free (a queue's head taken at once, the usual case of a
   * busy pool), which spares the free-server index two updates. Without it, or
   * with -1, the server is free when finished is called.
   */
  goOn?(job: number, pool: number, server: number): number;
  /** The server finished the job (its hands are empty, or on the job goOn gave it). The model decides what follows, and calls serveNext when the server should take up more. */
  finished(job: number, pool: number, server: number): void;
  /** The job the free server takes up next, already taken off its queue; -1: none. */
  pick(pool: number, server: number): number;
  /** Whether the free server may take the job now (a territory's owner, a shift's end). */
  mayTake(job: number, pool: number, server: number): boolean;
  /** The job waited in its queue past its patience (still queued: the model takes it off). */
  expired(job: number): void;
  /** What the server's job in hand does at the end of its shift. */
  atShiftEnd(job: number, pool: number, server: number): ShiftEndRule;
  /** A job was put down (SUSPEND: `remaining` holds the hours left; DROP: it starts afresh): queue it again or release it. */
  putDown(job: number, pool: number, server: number, rule: ShiftEndRule): void;
}

/**
 * Service of jobs by the servers of pools, written once for every model: a
 * free server starts a job (afresh or resuming), its end is one event carrying
 * the job's token, an interruption keeps the hours left, a shift end applies a
 * rule to every job in hand, and a job waiting too long expires. Every event
 * handler is registered once and addressed by number: no closure, no promise
 * per event.
 */
export class Service {
  /** The service-end event (the runaway guard names it). */
  readonly evEnd: number;
  /** A patience timer scheduled as an event of its own. */
  readonly evExpire: number;
  /** Patience timers kept out of the event list, one line per group (a task's timers come due in the order set). */
  readonly lines: TimerLine[] = [];

  constructor(
    readonly sim: Simulation,
    readonly jobs: JobStore,
    readonly pools: ServerPool[],
    private readonly hooks: ServiceHooks,
    /** Patience timer lines to make (0: every timer is an event of its own). */
    lineCount = 0,
  ) {
    this.evEnd = sim.register({ handle: (job, token) => this.onEnd(job, token) });
    this.evExpire = sim.register({ handle: (job, token) => this.onExpire(job, token) });
    const live = (job: number, token: number) => jobs.token[job] === token && jobs.queue[job] >= 0;
    for (let k = 0; k < lineCount; k++) this.lines.push(new TimerLine(sim, (job, token) => this.onExpire(job, token), live));
  }

  /** Server `server` of `pool` (free, or finishing its job: goOn) starts the job, or resumes it if it has hours left. */
  start(job: number, pool: number, server: number): void {
    const jobs = this.jobs;
    const rest = jobs.remaining[job];
    const hours = rest >= 0 ? rest : this.hooks.duration(job, pool, server);
    jobs.remaining[job] = -1;
    jobs.pool[job] = pool;
    jobs.server[job] = server;
    const token = ++jobs.token[job];
    const ends = this.sim.now + hours;
    jobs.endsAt[job] = ends;
    this.pools[pool].assign(server, job);
    this.sim.at(ends, this.evEnd, job, token);
  }

  /** A free server of the pool that may take the job starts it; false if none. Servers are tried in index order. */
  offer(job: number, pool: number): boolean {
    const p = this.pools[pool];
    for (let s = p.firstFree(); s >= 0; s = p.nextFree(s + 1)) {
      if (this.hooks.mayTake(job, pool, s)) {
        this.start(job, pool, s);
        return true;
      }
    }
    return false;
  }

  /** The server, if present and free, takes up the job the model picks for it; returns whether it did. */
  serveNext(pool: number, server: number): boolean {
    if (!this.pools[pool].free.has(server)) return false;
    const job = this.hooks.pick(pool, server);
    if (job < 0) return false;
    this.start(job, pool, server);
    return true;
  }

  /** Stops the job's service, keeping the hours it still needs; the job is in nobody's hands afterwards. */
  interrupt(job: number): void {
    this.jobs.remaining[job] = this.jobs.endsAt[job] - this.sim.now;
    this.vacate(job);
  }

  /** Takes the job out of its server's hands (its end event goes stale). */
  vacate(job: number): void {
    const jobs = this.jobs;
    const s = jobs.server[job];
    if (s < 0) return;
    this.pools[jobs.pool[job]].vacate(s);
    jobs.token[job]++;
    jobs.server[job] = -1;
  }

  /** The pool's shift ends: each job in hand finishes, or is put down (the hook says which). */
  endShift(pool: number): void {
    const p = this.pools[pool];
    // From the highest index down: a server put down frees its slot, none is skipped.
    for (let s = p.size - 1; s >= 0; s--) {
      const job = p.job[s];
      if (job < 0) continue;
      const rule = this.hooks.atShiftEnd(job, pool, s);
      if (rule === FINISH) continue;
      this.interrupt(job);
      if (rule === DROP) this.jobs.remaining[job] = -1;
      this.hooks.putDown(job, pool, s, rule);
    }
  }

  /**
   * The job expires at `at` unless it has left its queue (or been served) by
   * then. With `line` >= 0 the timer waits in that timer line (timers of one
   * line mostly come due in the order set); -1 schedules an event of its own.
   */
  expireAt(job: number, at: number, line = -1): void {
    const token = this.jobs.token[job];
    if (line >= 0) this.lines[line].set(at, job, token);
    else this.sim.at(at, this.evExpire, job, token);
  }

  /** The group of the timer line an event handler belongs to, or -1 (for the runaway guard). */
  lineOf(handler: number): number {
    return this.lines.findIndex((l) => l.wake === handler || l.direct === handler);
  }

  private onEnd(job: number, token: number): void {
    const jobs = this.jobs;
    if (jobs.token[job] !== token) return; // interrupted or put down meanwhile
    const pool = jobs.pool[job];
    const server = jobs.server[job];
    // vacate(job) written out (the hottest path of every model, one call shorter),
    // unless the server goes straight on to another job.
    jobs.token[job] = token + 1;
    jobs.server[job] = -1;
    const hooks = this.hooks;
    const next = hooks.goOn === undefined ? -1 : hooks.goOn(job, pool, server);
    if (next >= 0) this.start(next, pool, server);
    else this.pools[pool].vacate(server);
    hooks.finished(job, pool, server);
  }

  private onExpire(job: number, token: number): void {
    const jobs = this.jobs;
    if (jobs.token[job] !== token || jobs.queue[job] < 0) return; // served, or no longer waiting
    this.hooks.expired(job);
  }
}
