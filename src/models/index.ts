import { networkModel } from '../network/kind.js';
import { salesModel } from '../sales/kind.js';
import type { AnyModelKind } from '../scenario/model-kind.js';
import { loadWith, type LoadedScenario, type ScenarioSource } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import type { NetworkSpec } from '../network/spec.js';
import type { SalesScenario } from '../sales/schema.js';
import type { SalesSpec } from '../sales/spec.js';

/**
 * The registered model kinds, the default (a scenario without `kind`) first.
 * Everything above the models reaches a kind's behaviour through its entry
 * here (loaded.model), never by testing which kind it is.
 */
export const MODELS: readonly AnyModelKind[] = [networkModel, salesModel];

/** Reads, merges (`extends`), overrides (`--set`), validates and compiles a scenario of any registered kind, from a file or an object. */
export function loadScenario(source: ScenarioSource, set: readonly string[] = []): LoadedScenario {
  return loadWith(MODELS, source, set);
}

/**
 * A loaded scenario with more overrides: loaded again from its resolved
 * fields (not from its file, which may have changed or be elsewhere), so that
 * the result is what loading the file with both sets of overrides gives.
 */
export function reload(loaded: LoadedScenario, set: readonly string[]): LoadedScenario {
  return set.length === 0 ? loaded : loadScenario({ scenario: loaded.resolved, file: loaded.file }, set);
}

/** The kind a resolved scenario names (a scenario without `kind` is the default's): the report reads folders of any kind. */
export function modelOfKind(kind: unknown): AnyModelKind {
  return MODELS.find((m) => m.kind === kind) ?? MODELS[0];
}

/** A queueing network, loaded: for code (and tests) that work on one kind. */
export type LoadedNetwork = LoadedScenario<Scenario, NetworkSpec> & { kind: 'network' };
/** A sales organization, loaded. */
export type LoadedSales = LoadedScenario<SalesScenario, SalesSpec> & { kind: 'sales' };

export type { LoadedScenario, ScenarioSource };
