import { isRunaway } from '../kernel/runaway.js';
import { complete } from '../kernel/simulation.js';
import { UserError } from '../scenario/load.js';
import type { LoadedScenario } from '../models/index.js';
import type { ReplicationResult } from '../scenario/model-kind.js';

/**
 * One replication, and nothing of a study: the worker threads import this
 * (through parallel-worker.ts), not study.ts, whose summary statistics pull in
 * modules a thread never uses (the Student-t quantile alone costs each thread
 * about 50 ms of start-up).
 */

/** A replication's results: summary values, weekly rows and (for some kinds) text series per week. */
export type RunResult = ReplicationResult;

/** What runs a replication: a scenario's kind and its compiled spec (a LoadedScenario is one). */
export type Runnable = Pick<LoadedScenario, 'model' | 'spec'>;

/** One replication of a scenario of any kind, with its replication seed. A runaway run throws a UserError. */
export function runOne(spec: Runnable, seed: string): RunResult {
  return complete(runOneSliced(spec, seed, Infinity));
}

/** runOne pausing (yield) every `slice` events, so that a caller can let the event loop run; the same result. */
export function* runOneSliced(scenario: Runnable, seed: string, slice: number): Generator<void, RunResult> {
  try {
    return yield* scenario.model.replicate(scenario.spec, seed, slice);
  } catch (e) {
    throw asUserError(e);
  }
}

/**
 * A runaway run (kernel/runaway.ts) is the scenario's fault, not the program's:
 * a UserError with the same one-line message. From a worker thread the error
 * arrives without its class, hence the test on the message (isRunaway).
 */
export function asUserError(e: unknown): unknown {
  return isRunaway(e) && !(e instanceof UserError) ? new UserError(e.message) : e;
}
