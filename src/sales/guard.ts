import { formatCount, runaway } from '../kernel/runaway.js';
import type { SalesModel } from './model.js';
import { DEMAND } from './spec.js';
import { TASKS } from './tasks.js';

/**
 * The runaway guard's view of a sales organization (kernel/runaway.ts): the
 * work items in progress have the simulation's item limit, and a runaway
 * message names the task, or the kind of demand, that its events were for.
 */
export function guardSales(model: SalesModel): void {
  const { sim, store, org, demand } = model;
  const atTask = (task: number) => `at task '${TASKS[task]}'`;
  store.limit = sim.limits.items;
  store.onFull = () => {
    throw runaway(`${formatCount(store.live)} work items in progress`, sim.now, store.all.map((w) => atTask(w.task)), 'run.max_in_progress');
  };
  sim.describe = (handler, arg) => {
    if (handler === org.evEnd) return atTask(store.all[arg].task);
    const patience = org.patienceTask(handler);
    if (patience >= 0) return atTask(patience);
    if (handler === demand.evDemand) return `for demand '${DEMAND[arg]}'`;
    if (handler === demand.evMarket) return 'for market leads';
    return undefined;
  };
}
