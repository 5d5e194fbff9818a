import { loadScenario, modelOfKind } from '../models/index.js';
import { capitalized, words } from '../models/metrics.js';
import type { AnyModelKind, ModelSpec, RoleView } from '../scenario/model-kind.js';
import { parseDuration } from '../scenario/units.js';
import type { ModelOutput } from './outputs.js';
import { roles as measuredRoles } from './series.js';

/**
 * A model's outputs with what the report asks its kind about them: the
 * metrics its answer is judged on, its roles' groups, its warm-up and its
 * phases. The kind is asked through ModelKind (never by its name), on the
 * scenario as the run resolved it (run.json), so `salesim report DIR` needs
 * nothing but the folder.
 */
export interface ModelView {
  output: ModelOutput;
  name: string;
  /** The scenario's own description of itself. */
  description?: string;
  kind: AnyModelKind;
  /** The metrics the kind judges an answer on (ModelKind.keyMetrics), in its order. */
  keyMetrics: string[];
  /** Every role of the scenario (cost-only ones too), grouped as the kind groups them. */
  roles: RoleView[];
  /** Weeks of warm-up (not measured) at the start. */
  warmupWeeks: number;
  horizonWeeks: number;
  /** Where the organization changes (phases): the phase starts after week `afterWeek`. */
  phases: { afterWeek: number; description: string }[];
}

const HOURS_PER_WEEK = 168;

export function modelView(output: ModelOutput): ModelView {
  const resolved = (output.run.resolved ?? {}) as Record<string, unknown>;
  const kind = modelOfKind(resolved.kind);
  const spec = compiled(resolved, output.run.file);
  const runSection = (resolved.run ?? {}) as Record<string, unknown>;
  const hours = (x: unknown) => (typeof x === 'number' ? x : typeof x === 'string' ? parseDuration(x) ?? 0 : 0);
  const warmup = spec?.run.warmup ?? hours(runSection.warmup);
  const horizon = spec?.run.horizon ?? hours(runSection.horizon);
  const described = Array.isArray(resolved.phases) ? (resolved.phases as { description?: unknown }[]) : [];
  const changes = spec === undefined ? [] : kind.changes(spec);
  const phases = changes.map((at, k) => ({ afterWeek: at / HOURS_PER_WEEK, description: typeof described[k]?.description === 'string' ? String(described[k].description) : `phase ${k + 1}` }));
  const views = kind.roleViews?.(resolved) ?? [];
  // A role with metrics the kind did not describe (a kind without views): shown in a group of its own.
  const extra = measuredRoles(output).filter((id) => !views.some((v) => v.id === id))
    .map((id): RoleView => ({ id, group: 'Roles', rank: 0, headcount: spec?.roles.find((r) => r.id === id)?.headcount ?? NaN, costOnly: false }));
  const keyMetrics = spec === undefined ? [] : kind.keyMetrics(spec);
  return {
    output, name: output.name, ...(typeof resolved.description === 'string' ? { description: resolved.description } : {}),
    kind, keyMetrics, roles: [...views, ...extra], warmupWeeks: warmup / HOURS_PER_WEEK, horizonWeeks: horizon / HOURS_PER_WEEK, phases,
  };
}

/**
 * The scenario compiled again from run.json, for what only the compiled spec
 * tells (the kind's key metrics, phase times); undefined for a folder whose
 * scenario this version no longer reads (an older salesim's), which then
 * gets a report without them.
 */
function compiled(resolved: Record<string, unknown>, file: unknown): ModelSpec | undefined {
  if (Object.keys(resolved).length === 0) return undefined;
  try {
    return loadScenario({ scenario: resolved, file: typeof file === 'string' ? file : 'run.json' }).spec;
  } catch {
    return undefined;
  }
}

/** A role's name as a row or a legend shows it: `field_rep` -> `Field rep`. */
export function roleLabel(id: string): string {
  return capitalized(words(id));
}

/** The same inside a sentence: `field rep`. */
export function roleWords(id: string): string {
  return words(id);
}

/**
 * Every role of the models, each once: by the kind's group order, then in the
 * order the models name them. The report lists, and colours, roles in this order.
 */
export function reportRoles(views: ModelView[]): RoleView[] {
  const seen = new Map<string, RoleView>();
  for (const v of views) for (const r of v.roles) if (!seen.has(r.id)) seen.set(r.id, r);
  return [...seen.values()].map((r, k) => ({ r, k })).sort((a, b) => a.r.rank - b.r.rank || a.k - b.k).map(({ r }) => r);
}

/**
 * One colour per role for a whole report (every chart and every part): a hue
 * family per group (field roles blue, sales support orange and red, the rest
 * green, brown, purple), so a role's group shows in its colour too. A kind
 * with one group gets a plain categorical palette.
 */
const FAMILIES = [
  ['#1f77b4', '#17becf', '#393b79', '#6baed6', '#0b5394'],
  ['#ff7f0e', '#d62728', '#e377c2', '#ad494a', '#ffbb78'],
  ['#2ca02c', '#8c564b', '#9467bd', '#bcbd22', '#637939', '#c49c94'],
  ['#7f7f7f', '#bdbdbd', '#525252'],
];
const CATEGORICAL = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];
/** The colour of 'no role' (a week without a constraint, idle hours). */
export const NONE_COLOUR = '#d9d9d9';

export type RoleColours = ReadonlyMap<string, string>;

export function roleColours(roles: RoleView[]): RoleColours {
  const out = new Map<string, string>();
  const ranks = new Set(roles.map((r) => r.rank));
  if (ranks.size <= 1) {
    roles.forEach((r, k) => out.set(r.id, CATEGORICAL[k % CATEGORICAL.length]));
    return out;
  }
  const used = new Map<number, number>();
  for (const r of roles) {
    const family = FAMILIES[Math.min(r.rank, FAMILIES.length - 1)];
    const k = used.get(r.rank) ?? 0;
    used.set(r.rank, k + 1);
    out.set(r.id, k < family.length ? family[k] : CATEGORICAL[(k - family.length) % CATEGORICAL.length]);
  }
  return out;
}

/** Models' colours (the charts that compare models: throughput, economics), apart from the roles' hues. */
const MODEL_COLOURS = ['#4d4d4d', '#c2185b', '#6a51a3', '#00897b', '#b8860b'];

export function modelColours(names: string[]): { domain: string[]; range: string[] } {
  return { domain: names, range: names.map((_, k) => MODEL_COLOURS[k % MODEL_COLOURS.length]) };
}
