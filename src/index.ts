/**
 * salesim as a library: `import { loadScenario, run, compare } from 'salesim'`.
 * The command line is built on these same functions (src/cli/), so a script
 * gets the numbers, files and messages the commands give. README, "Use it
 * from a program".
 */
export { loadScenario, type LoadOptions, type ScenarioInput, type StudyOptions, type Written } from './api/options.js';
export { run, type RunStudy } from './api/run.js';
export { compare, type CompareStudy } from './api/compare.js';
export { stress, type StressStudy } from './api/stress.js';
export { size, type SizeSpec, type SizeStudy } from './api/size.js';
export { merge, type Merged } from './api/merge.js';
export { report, type ReportWritten } from './api/report.js';

export { comparePlan, stressPlan, type ComparePlan, type CompareOutcome, type RunOutcome, type StressOutcome, type StressPlan, type StressSpec } from './run/studies.js';
export { parseRange, shardRange, type ReplicationRange } from './run/range.js';
export { metricValues, type StudyResult } from './run/study.js';
export type { SummaryRow } from './run/summary.js';
export type { CompareRow } from './run/compare.js';
export type { BreakingPoint, BreakRule, StressStep } from './run/stress.js';
export type { Candidate, SizeResult, SizeRole } from './run/size.js';
export type { Target } from './run/targets.js';
export type { Warning, WarningKind } from './run/warnings.js';
export type { WeeklyStats, Moments } from './run/weekly.js';
export type { ShardRecord } from './io/shards.js';
export { UserError } from './scenario/load.js';
export { MODELS, reload, type LoadedScenario, type LoadedNetwork, type LoadedSales, type ScenarioSource } from './models/index.js';
export type { ModelKind, ReplicationResult } from './scenario/model-kind.js';
export type { Scenario } from './scenario/schema.js';
export type { SalesScenario } from './sales/schema.js';
export { VERSION } from './version.js';
export { spreadOf, spreads, targetShare, type Spread, type TargetShare } from './run/spread.js';
export { parseTarget } from './run/targets.js';
export { sensitivity, type SensitivityStudy } from './api/sensitivity.js';
// Fitting a client's exports (the commands `fit` and `calibrate` print and write these).
export { fitGroup, type GroupFit } from './fit/durations.js';
export { fitArrivals, type Arrival, type ArrivalFit } from './fit/arrivals.js';
export { calibrate, type Calibration } from './fit/calibrate.js';
