import type { Distribution } from '../kernel/distributions.js';
import type { PoissonArrivals } from '../kernel/arrivals.js';
import type { Rng } from '../kernel/random.js';
import { Tally, TimeWeighted } from '../kernel/statistics.js';
import type { RolePool } from './role-pool.js';
import type { ItemTypeSpec, TaskSpec } from './spec.js';

// The tables a network in motion (network.ts) keeps per task and per item type:
// the counters its metrics read, and what the hot path resolves once from the spec.

/** Per-task counters and tallies. */
export class TaskStats {
  /** Waits of items that were served (time from joining the queue to starting service). */
  readonly wait = new Tally();
  /** Time spent in the queue by items that abandoned it (with wait: time in queue of everyone). */
  abandonedWaitSum = 0;
  serviceSum = 0;
  completed = 0;
  abandoned = 0;
  balked = 0;
}

/** Per-item-type counters: every item ends in exactly one of completed, abandoned, lost. */
export class ItemTypeStats {
  arrived = 0;
  completed = 0;
  abandoned = 0;
  lost = 0;
  readonly sojourn = new Tally();
  /** Items of this type in the system over time. */
  readonly wip = new TimeWeighted();
}

/**
 * A task as the hot path needs it: its streams, and what it would otherwise read
 * through several levels of spec (the primary role's pool, the routing of the
 * common one-way case) resolved once.
 */
export interface TaskRuntime {
  readonly spec: TaskSpec;
  readonly stats: TaskStats;
  readonly durationDist: Distribution;
  readonly duration: Rng;
  readonly route: Rng;
  readonly patience: Rng;
  readonly balk: Rng;
  readonly spawn: Rng;
  /** The primary role and its pool (queued items wait there). */
  readonly primary: number;
  readonly pool: RolePool;
  /** Overflow roles exist (tried, in order, when the primary has no free server). */
  readonly overflow: boolean;
  /** The next task when routing is not random (-1: done), else ROUTE_DRAWN. */
  readonly fixedNext: number;
}

/** fixedNext of a task whose next task is drawn from its routing probabilities. */
export const ROUTE_DRAWN = -2;

/** An item type as the hot path needs it (see TaskRuntime). */
export interface ItemTypeRuntime {
  readonly spec: ItemTypeSpec;
  readonly stats: ItemTypeStats;
  readonly arrivals: PoissonArrivals | null;
  readonly arrivalRng: Rng;
  readonly batchRng: Rng;
  readonly attrRng: Rng[];
  readonly dueRng: Rng;
  readonly firstTask: number;
}
