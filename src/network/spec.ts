import type { WorkingCalendar } from '../kernel/calendar.js';
import type { Distribution } from '../kernel/distributions.js';
import type { PoissonArrivals } from '../kernel/arrivals.js';

/**
 * A queueing network ready to simulate: the scenario file after validation, with
 * units converted to hours, names resolved to indices and distributions built.
 * Everything here is plain data; nothing in it refers to files or to the CLI.
 */
export interface NetworkSpec {
  name: string;
  roles: RoleSpec[];
  tasks: TaskSpec[];
  itemTypes: ItemTypeSpec[];
  /** Names of item attributes; an item's attribute k is attributeNames[k]. */
  attributeNames: string[];
  run: RunSpec;
}

export interface RunSpec {
  /** Simulated hours; Infinity when the run ends by arrivals. */
  horizon: number;
  /** Statistics before this time are discarded from the summary. */
  warmup: number;
  /** Stop generating arrivals after this many external arrivals (Infinity: never). */
  maxArrivals: number;
  /** Items in progress at once past which the run is stopped as a runaway. */
  maxInProgress: number;
}

export type Discipline =
  | { kind: 'fifo' }
  /** Smaller key first: key = order * attribute, order = -1 for highest first. */
  | { kind: 'priority'; attribute: number; order: 1 | -1 }
  | { kind: 'edd' };

export interface RoleSpec {
  id: string;
  headcount: number;
  calendar: WorkingCalendar;
  discipline: Discipline;
  /** A waiting item with a better key interrupts the worst one in service (which later resumes). */
  preempt: boolean;
  /** At the end of a shift, work in progress is finished (overtime) or suspended until the next shift. */
  shiftEnd: 'finish' | 'suspend';
}

export interface Routing {
  /** Task indices; -1 means the item is done. */
  targets: Int32Array;
  /** Cumulative probabilities, last = 1. */
  cumulative: Float64Array;
}

export interface SpawnSpec {
  itemType: number;
  probability: number;
  count: Distribution;
  /** Delay before the spawned items arrive (null: at once). */
  delay: Distribution | null;
}

export interface TaskSpec {
  id: string;
  /** Roles able to do the task: primary first, then overflow (tried when the task arrives). */
  roles: number[];
  duration: Distribution;
  next: Routing;
  /** How long a waiting item stays before abandoning (null: forever). */
  patience: Distribution | null;
  /** Task an abandoning item goes to instead of leaving (-1: it is abandoned). */
  onAbandon: number;
  /** An arriving item balks when no server is free and the queue holds at least this many (Infinity: never). */
  balkAt: number;
  balkProbability: number;
  /** Task a balking item goes to instead of leaving (-1: it is lost). */
  onBalk: number;
  spawns: SpawnSpec[];
}

export interface AttributeSpec {
  index: number;
  value: Distribution;
}

export interface ItemTypeSpec {
  id: string;
  /** External arrivals (null: items of this type only come from spawns). */
  arrivals: PoissonArrivals | null;
  /** Items per arrival event (null: one). */
  batch: Distribution | null;
  firstTask: number;
  attributes: AttributeSpec[];
  /** Due date, relative to arrival, for earliest-due-date queues (null: none). */
  due: Distribution | null;
}
