import type { z } from 'zod';

/**
 * What a model kind provides, so that everything above the models (run,
 * io, report, api, cli) works with any of them without asking which one it
 * has. The scenario language chooses the kind by a scenario's `kind` field and
 * validates the file against the kind's schema; the kind then compiles it, runs
 * its replications, names its breaking rules, growth presets and sizing levers,
 * and judges its own warnings. Two kinds are registered (src/models/): the
 * queueing network (src/network/kind.ts) and the sales organization
 * (src/sales/kind.ts).
 */

/** What one replication produced, whatever the model. */
export interface ReplicationResult {
  /** Summary metric names, in report order. */
  names: string[];
  /** Summary values over the measured window (warm-up to end), aligned with names. */
  values: Float64Array;
  /** Names of the weekly metrics. */
  weeklyNames: string[];
  /** One array per complete week (week 1 first), aligned with weeklyNames. */
  weeks: Float64Array[];
  /** Text series per week (a sales run's constraint), if the model has any. */
  weeklyLabels?: { name: string; values: string[] }[];
  /** Simulated hours at the end of the run. */
  endTime: number;
  events: number;
}

/** One row of summary.csv: a metric across replications. */
export interface SummaryRow {
  metric: string;
  mean: number;
  stdev: number;
  ci95_low: number;
  ci95_high: number;
  /** Replications in which the metric was defined (a wait needs someone to have waited). */
  replications: number;
}

/**
 * A role is broken when the mean of `metric` across replications is on the wrong
 * side of `threshold` (`>=`: at or above it; `<`: below it). The mean, not an
 * interval bound, so that the breaking point does not drift earlier or later as
 * replications are added; the interval at the breaking step is reported beside it.
 */
export interface BreakRule {
  role: string;
  /** What the rule is, for people: 'constraint', 'utilization', 'service'. */
  rule: string;
  metric: string;
  op: '>=' | '<';
  threshold: number;
}

/** The run section every kind's scenario has, as validated (seed and replications as written). */
export interface ModelScenario {
  name?: string;
  run: { seed: number | string; replications: number };
  phases?: { at: number }[];
}

/** What every compiled spec has: the measured window (hours) and the runaway limit. */
export interface ModelSpec {
  name: string;
  run: { horizon: number; warmup: number; maxInProgress: number };
  roles: { id: string; headcount: number }[];
}

type Path = (string | number)[];

/** What the loader offers a kind when it compiles: validation with errors located in the files, as for the scenario itself. */
export interface CompileContext {
  /** The scenario after `extends` and `--set`, as written. */
  merged: Record<string, unknown>;
  /** Validates `value` against `schema`, a mistake reported at `within` (e.g. ['phases', 1]) in the files. */
  parse<T>(schema: z.ZodType<T>, value: unknown, within: Path): T;
  /** A user error located at `path` in the files, with `message` after the field name. */
  fail(path: Path, message: string, within?: Path): never;
}

/** What `size` judges a staffing on: a summary metric (or `payroll`, the roster's payroll) to maximize or minimize. */
export interface SizingObjective { metric: string; sense: 'max' | 'min' }

/** The objective named `payroll`: the roster's payroll (headcount x salary; people, for a kind without money), exact, not simulated. */
export const PAYROLL_OBJECTIVE = 'payroll';

/** A one-off cost of a change (a hire, a leaver, a phase's lump sum): the week it falls in (from 0, the start), what it is, $. */
export interface OneOff { week: number; what: string; amount: number }

/** A role that sizing may staff: its headcount, salary (1 when the kind has no money) and whether it does any work. */
export interface SizingRole { id: string; headcount: number; salary: number; works: boolean }

/**
 * A role as a report shows it: grouped by what its scenario declares of it
 * (support, field work, cost only), never by its name, so that two models'
 * roles of a kind sit together without the report claiming they are the same job.
 */
export interface RoleView {
  id: string;
  /** The group it is shown in ('Sales support'), and the group's place among the kind's groups (0 first). */
  group: string;
  rank: number;
  /** The scenario's own description of the role, if it has one. */
  description?: string;
  headcount: number;
  /** Yearly cost per person, where the kind has money. */
  salary?: number;
  /** Costs money but takes no work (a manager): it has no queue and no utilization. */
  costOnly: boolean;
}

/** One warning a kind finds in a study's weekly labels (the sales kind: F9, support as the constraint). */
export interface KindWarning { kind: 'sales-support-constraint'; role: string; weeks: number; text: string }

export interface ModelKind<Sc extends ModelScenario = ModelScenario, Spec extends ModelSpec = ModelSpec> {
  /** The `kind:` that selects it ('network' is also a scenario without `kind`). */
  readonly kind: string;
  /** What a scenario of this kind is, in messages: 'a queueing network'. */
  readonly noun: string;
  readonly schema: z.ZodType<Sc>;
  /** After the schema: checks the schema cannot make (located through `context`), then the spec. */
  compile(scenario: Sc, name: string, context: CompileContext): Spec;
  /** One replication, pausing (yield) every `slice` events; the same result whatever the slice. */
  replicate(spec: Spec, seed: string, slice: number): Generator<void, ReplicationResult>;
  /** `validate`'s one-line description: '3 roles, 2 tasks, 1 item types'. */
  describe(spec: Spec): string;
  /** Which metrics head the terminal's table, --json and the report. */
  isHeadline(metric: string): boolean;
  /** The few metrics an answer is judged on (a sensitivity study's tornadoes, by default). */
  keyMetrics(spec: Spec): string[];
  /** Stress: each role's breaking rules, given the study's metric names, and the company's own (none for a network). */
  breakRules(spec: Spec, metricNames: string[]): BreakRule[];
  readonly companyRules: readonly BreakRule[];
  /** Stress: what the presets grow (for --help and run.json), and the field paths a preset stands for in a resolved scenario. */
  readonly growthPresets: Readonly<Record<string, string>>;
  /** A field path of this kind to show in messages (`--grow company.segments.small.orders`). */
  readonly exampleField: string;
  presetPaths(resolved: Record<string, unknown>, preset: string): string[];
  /** Size: the roles, the metric a role is busy by, and whether there is money (payroll) at all. */
  sizingRoles(spec: Spec, scenario: Sc): SizingRole[];
  busyMetric(role: string): string;
  readonly money: boolean;
  /**
   * Size: the objective unless the user names one (a sales model: the scenario's
   * `objective`, else throughput minus operating expense; a network: the fewest
   * people), and the ceiling on support roles' committed utilization that keeps
   * their protective capacity (none for a kind without support roles).
   */
  sizingObjective(spec: Spec, scenario: Sc): SizingObjective;
  protectiveCapacity(spec: Spec, scenario: Sc): number | undefined;
  /** Size: the rule of thumb to print beside the staffing found, if the kind has one. */
  ruleOfThumb?(spec: Spec, scenario: Sc, summary: SummaryRow[], headcounts: number[], searched: string[]): { text: string };
  /** Warnings judged on a study's weekly labels: for week w + 1, how many of `replications` gave each label of `series`. */
  labelWarnings(spec: Spec, labels: (series: string) => readonly ReadonlyMap<string, number>[], replications: number): KindWarning[];
  /**
   * Stress: the roles the scenario designates as its constraint (in any phase): meant to be saturated, so a
   * stress test reports them apart and names the first other role to break; none for a network.
   */
  designatedConstraints(spec: Spec): string[];
  /** The roles that sales support are (F9), for a stress test's first-to-break warning; none for a network. */
  supportRoles(spec: Spec): string[];
  /**
   * Cash of a change (M16): the one-off costs of the scenario's own phases, of switching from one
   * scenario's roster to another's at `week`, and the yearly discount rate; none for a kind without money.
   */
  oneOffCosts(spec: Spec): OneOff[];
  switchingCosts(from: Spec, to: Spec, week: number): OneOff[];
  discountRate(spec: Spec): number;
  /** When the organization changes within a run (phases): a trend is judged only after the last. */
  changes(spec: Spec): number[];
  /** The roles of a resolved scenario (run.json's `resolved`) as a report groups them; without it, one group of every role. */
  roleViews?(resolved: Record<string, unknown>): RoleView[];
}

/** Any kind, as the layers above hold it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModelKind = ModelKind<any, any>;
