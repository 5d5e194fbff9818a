import { formatCount, runaway } from '../kernel/runaway.js';
import type { Simulation } from '../kernel/simulation.js';
import type { Demand } from './demand.js';
import type { Organization } from './organization.js';
import { DEMAND } from './spec.js';
import type { WorkStore } from './work.js';

/**
 * What the guard reads of the sales model: its work items and the events that
 * name a task or a kind of demand. Not the model itself, which sets the guard up
 * (model.ts would import this file and this file model.ts).
 */
export interface GuardedSales {
  readonly sim: Simulation;
  readonly store: WorkStore;
  readonly org: Pick<Organization, 'evEnd' | 'patienceTask'>;
  readonly demand: Pick<Demand, 'evDemand' | 'evMarket'>;
  readonly spec: { readonly tasks: readonly { readonly name: string }[] };
}

/**
 * The runaway guard's view of a sales organization (kernel/runaway.ts): the
 * work items in progress have the simulation's item limit, and a runaway
 * message names the task, or the kind of demand, that its events were for.
 */
export function guardSales(model: GuardedSales): void {
  const { sim, store, org, demand } = model;
  const atTask = (task: number) => `at task '${model.spec.tasks[task].name}'`;
  store.limit = sim.limits.items;
  store.onFull = () => {
    throw runaway(`${formatCount(store.live)} work items in progress`, sim.now, allTasks(store, atTask), 'run.max_in_progress');
  };
  sim.describe = (handler, arg) => {
    if (handler === org.evEnd) return atTask(store.task[arg]);
    const patience = org.patienceTask(handler);
    if (patience >= 0) return atTask(patience);
    if (handler === demand.evDemand) return `for demand '${DEMAND[arg]}'`;
    if (handler === demand.evMarket) return 'for market leads';
    return undefined;
  };
}

/** The task of every item in progress, described (the runaway message names the commonest). */
function* allTasks(store: WorkStore, atTask: (task: number) => string): Iterable<string> {
  for (let w = 0; w < store.allocated; w++) if (store.serial[w] !== 0) yield atTask(store.task[w]);
}
