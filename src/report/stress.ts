import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { UserError } from '../scenario/load.js';
import { banded, type Chart } from './charts.js';
import { parseWarnings } from '../io/run-files.js';
import type { Warning } from '../run/warnings.js';
import { WeeklyStats } from '../run/weekly.js';
import { num, parseCsv, type ModelOutput } from './outputs.js';

/** A row of stress.csv: a metric at one step of the multiplier. */
export interface StressRecord { step: number; multiplier: number; metric: string; mean: number; low: number | null; high: number | null }

/** A role's breaking point as `salesim stress` recorded it in run.json. */
export interface StressBreak { role: string; multiplier: number | null; by: { rule: string; metric: string; op: string; threshold: number; mean: number }[] }

export interface StressOutput {
  name: string;
  dir: string;
  run: Record<string, unknown>;
  rows: StressRecord[];
  points: StressBreak[];
  first: string[];
  /** warnings.csv: the base step's, and F9 when sales support breaks first. */
  warnings: Warning[];
}

export function readStressOutput(dir: string): StressOutput {
  const file = join(dir, 'stress.csv');
  const runFile = join(dir, 'run.json');
  if (!existsSync(runFile)) throw new UserError(`${runFile}: not found (expected the output of salesim stress)`);
  const warnings = join(dir, 'warnings.csv');
  const files: StressFiles = { 'stress.csv': readFileSync(file, 'utf8'), 'run.json': readFileSync(runFile, 'utf8') };
  if (existsSync(warnings)) files['warnings.csv'] = readFileSync(warnings, 'utf8');
  return stressOutput(dir, files);
}

export type StressFiles = { 'stress.csv': string; 'run.json': string; 'warnings.csv'?: string };

/** A stress test's outputs from the files' contents (the command that wrote them has them in hand). */
export function stressOutput(dir: string, files: StressFiles): StressOutput {
  const runFile = join(dir, 'run.json');
  let run: Record<string, unknown>;
  try {
    run = JSON.parse(files['run.json']) as Record<string, unknown>;
  } catch (e) {
    throw new UserError(`${runFile}: not JSON (${(e as Error).message})`);
  }
  const rows = parseCsv(join(dir, 'stress.csv'), files['stress.csv'], ['step', 'multiplier', 'metric', 'mean']).map((r) => ({
    step: Number(r.step), multiplier: num(r.multiplier), metric: r.metric, mean: num(r.mean), low: finite(num(r.ci95_low)), high: finite(num(r.ci95_high)),
  }));
  const points = Array.isArray(run.breaking_points) ? (run.breaking_points as StressBreak[]) : [];
  const first = Array.isArray(run.first_to_break) ? (run.first_to_break as string[]) : [];
  const text = files['warnings.csv'];
  const warnings = text === undefined ? [] : parseWarnings(join(dir, 'warnings.csv'), text);
  return { name: String(run.scenario ?? dir), dir, run, rows, points, first, warnings };
}

/** The stress test at its first step as a run's outputs: the scenarios table and headline metrics read it. */
export function baseStep(s: StressOutput): ModelOutput {
  const first = Math.min(...s.rows.map((r) => r.step));
  const summary = s.rows.filter((r) => r.step === first).map((r) => ({ metric: r.metric, mean: r.mean, ci95_low: r.low ?? NaN, ci95_high: r.high ?? NaN, replications: Number(s.run.replications) }));
  return { name: s.name, dir: s.dir, run: s.run, summary, weekly: new WeeklyStats(), warnings: s.warnings };
}

/** Each role's utilization against the demand multiplier, its breaking point marked where it has one. */
export function stressUtilizationChart(s: StressOutput): Chart | null {
  // Committed utilization (filler work left out) is what the breaking rules judge, where the model reports it.
  const which = s.rows.some((r) => r.metric.endsWith('.committed_utilization')) ? 'committed_utilization' : 'utilization';
  const pattern = new RegExp(`^role\\.([^.]+)\\.${which}$`);
  const rows = s.rows.flatMap((r) => {
    const m = pattern.exec(r.metric);
    return m === null ? [] : [{ role: m[1], multiplier: r.multiplier, mean: r.mean, low: r.low, high: r.high }];
  });
  if (rows.length === 0) return null;
  const marks = s.points.filter((p) => p.multiplier !== null).map((p) => {
    const at = rows.find((r) => r.role === p.role && r.multiplier === p.multiplier);
    return { role: p.role, multiplier: p.multiplier, mean: at?.mean ?? null, why: p.by.map((b) => b.rule).join(', '), first: s.first.includes(p.role) };
  });
  const x = { field: 'multiplier', type: 'quantitative', title: `demand multiplier (${growWhat(s)})`, scale: { zero: false } } as const;
  const color = { field: 'role', type: 'nominal', title: 'role' } as const;
  return {
    id: 'stress-utilization',
    title: 'Stress test: utilization and breaking points',
    caption: 'Committed utilization of each role (work other than filler, as a share of on-shift hours) as demand grows (mean over replications, band: 95% interval); a diamond marks the multiplier at which the role breaks (it becomes the constraint, passes 95% utilization, or its service falls below target), a larger one the first role to break. The dashed line is 95%.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'Stress test: utilization and breaking points',
      config: { font: 'DejaVu Sans, Helvetica, Arial, sans-serif' },
      width: 560,
      height: 300,
      layer: [
        ...banded(rows, [{ data: { values: rows }, mark: { type: 'area', opacity: 0.08 }, encoding: { x, y: { field: 'low', type: 'quantitative', title: which.replace('_', ' ') }, y2: { field: 'high' }, color } }], []),
        { data: { values: rows }, mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: which.replace('_', ' ') }, color } },
        { data: { values: [{ y: 0.95 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#888' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
        // An empty layer has no extent (vega warns "Infinite extent"): no diamonds when no role breaks.
        ...(marks.length === 0 ? [] : [{
          data: { values: marks },
          mark: { type: 'point', shape: 'diamond', filled: true, stroke: 'black', strokeWidth: 1 },
          encoding: {
            x, y: { field: 'mean', type: 'quantitative' }, color,
            size: { condition: { test: 'datum.first', value: 320 }, value: 120 },
            tooltip: [{ field: 'role' }, { field: 'multiplier' }, { field: 'why' }],
          },
        }]),
      ],
    } as TopLevelSpec,
  };
}

const OUTPUTS: [string, string][] = [['orders_week', 'orders per week'], ['revenue_week', 'revenue per week ($)'], ['on_time_task_fraction', 'on-time task fraction']];

/** What the organization delivers as demand grows: orders, revenue and on-time service. */
export function stressOutputChart(s: StressOutput): Chart | null {
  const rows = OUTPUTS.flatMap(([metric, label]) => s.rows.filter((r) => r.metric === metric).map((r) => ({ ...r, metric: label })));
  if (rows.length === 0) return null;
  const x = { field: 'multiplier', type: 'quantitative', title: `demand multiplier (${growWhat(s)})`, scale: { zero: false } } as const;
  return {
    id: 'stress-output',
    title: 'Stress test: what gets delivered',
    caption: 'Orders, revenue and the share of tasks done within their tolerance as demand grows; where a line flattens while demand still grows, the organization has hit its constraint.',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'Stress test: what gets delivered',
      config: { font: 'DejaVu Sans, Helvetica, Arial, sans-serif' },
      data: { values: rows },
      facet: { row: { field: 'metric', type: 'nominal', title: null, sort: OUTPUTS.map(([, l]) => l), header: { labelOrient: 'top', labelAnchor: 'start', labelFontSize: 12, labelFontWeight: 'bold' } } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: 560,
        height: 130,
        layer: banded(rows, [{ mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'low', type: 'quantitative', title: null }, y2: { field: 'high' } } }], [
          { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: null } } },
        ]),
      },
    } as TopLevelSpec,
  };
}

/** The breaking points as a table for the report. */
export function breakingTable(s: StressOutput): { heading: string; note: string; header: string[]; rows: string[][] } {
  const rows = s.points.map((p) => [
    p.role,
    p.multiplier === null ? 'not within the range' : `x${p.multiplier}`,
    p.by.map((b) => `${b.rule}: ${b.metric} ${b.mean.toPrecision(3)} ${b.op} ${b.threshold}`).join('; '),
    s.first.includes(p.role) ? 'first to break' : '',
  ]);
  return { heading: 'Breaking points', note: 'The first multiplier at which each role breaks, and why (the mean at that step against the rule).', header: ['role', 'breaks at', 'why', ''], rows };
}

function growWhat(s: StressOutput): string {
  const g = s.run.grow as { what?: unknown } | undefined;
  return typeof g?.what === 'string' ? g.what : 'demand';
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
