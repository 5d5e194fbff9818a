import type { LoadedScenario } from '../scenario/load.js';
import { VERSION } from '../version.js';

/**
 * The head every run.json starts with, whichever command wrote it: the salesim
 * version, the scenario and its file (not for a comparison's own record, which
 * lists its models), then the seed, the replications and the --set overrides
 * that make the run reproducible. The command adds its own fields after it.
 */
export function recordHead(
  run: Pick<LoadedScenario['scenario']['run'], 'seed' | 'replications'>,
  set: string[],
  scenario?: { name: string; file: string },
) {
  return {
    salesim: VERSION,
    ...(scenario === undefined ? {} : { scenario: scenario.name, file: scenario.file }),
    seed: run.seed,
    replications: run.replications,
    set,
  };
}

/** A record as its file holds it: indented JSON, ending in a newline. */
export function jsonFile(record: object): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

