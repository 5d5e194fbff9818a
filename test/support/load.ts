import { loadScenario, type LoadedSales } from '../../src/models/index.js';
import type { ScenarioSource } from '../../src/scenario/load.js';

/** A sales scenario, loaded and typed as one (the tests of the sales kind look into its spec). */
export function loadSales(source: ScenarioSource, set: readonly string[] = []): LoadedSales {
  const loaded = loadScenario(source, set);
  if (loaded.kind !== 'sales') throw new Error(`${loaded.file}: expected a sales scenario, got kind ${loaded.kind}`);
  return loaded as LoadedSales;
}
