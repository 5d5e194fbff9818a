import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { UserError } from '../scenario/load.js';
import { formatValue, labelWithUnit, metricInfo } from '../models/metrics.js';
import { axisFormat, banded, type Chart, CONFIG, panelTitle, SCHEMA } from './chart-kit.js';
import { roleLabel, type RoleColours } from './model-view.js';
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
  /** The roles the scenario designates as its constraint (run.json's designated_constraint): reported apart. */
  designated: string[];
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
  const designated = Array.isArray(run.designated_constraint) ? (run.designated_constraint as string[]) : [];
  const text = files['warnings.csv'];
  const warnings = text === undefined ? [] : parseWarnings(join(dir, 'warnings.csv'), text);
  return { name: String(run.scenario ?? dir), dir, run, rows, points, first, designated, warnings };
}

/** The stress test at its first step as a run's outputs: the scenarios table and headline metrics read it. */
export function baseStep(s: StressOutput): ModelOutput {
  const first = Math.min(...s.rows.map((r) => r.step));
  const summary = s.rows.filter((r) => r.step === first).map((r) => ({ metric: r.metric, mean: r.mean, ci95_low: r.low ?? NaN, ci95_high: r.high ?? NaN, replications: Number(s.run.replications) }));
  return { name: s.name, dir: s.dir, run: s.run, summary, weekly: new WeeklyStats(), warnings: s.warnings };
}

/** Each role's utilization against the demand multiplier, its breaking point marked where it has one. */
export function stressUtilizationChart(s: StressOutput, colours: RoleColours): Chart | null {
  // Committed utilization (filler work left out) is what the breaking rules judge, where the model reports it.
  const which = s.rows.some((r) => r.metric.endsWith('.committed_utilization')) ? 'committed_utilization' : 'utilization';
  const pattern = new RegExp(`^role\\.([^.]+)\\.${which}$`);
  const rows = s.rows.flatMap((r) => {
    const m = pattern.exec(r.metric);
    return m === null ? [] : [{ id: m[1], role: roleLabel(m[1]), multiplier: r.multiplier, mean: r.mean, low: r.low, high: r.high }];
  });
  if (rows.length === 0) return null;
  const marks = s.points.filter((p) => p.multiplier !== null).map((p) => {
    const at = rows.find((r) => r.id === p.role && r.multiplier === p.multiplier);
    return { id: p.role, role: roleLabel(p.role), multiplier: p.multiplier, mean: at?.mean ?? null, why: p.by.map((b) => b.rule).join(', '), first: s.first.includes(p.role) };
  });
  const ids = [...colours.keys()].filter((id) => rows.some((r) => r.id === id));
  const x = { field: 'multiplier', type: 'quantitative', title: `demand multiplier (${growWhat(s)})`, scale: { zero: false } } as const;
  const title = which === 'committed_utilization' ? 'committed utilization' : 'utilization';
  const y = { type: 'quantitative', title, axis: { format: '.0%' } } as const;
  // Every layer's legend the same, a solid stroke: the faint interval bands would give it near-white swatches.
  const color = {
    field: 'role', type: 'nominal', title: 'role', scale: { domain: ids.map(roleLabel), range: ids.map((id) => colours.get(id)!) },
    legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 },
  } as const;
  return {
    id: 'stress-utilization',
    title: 'Stress test: utilization and breaking points',
    caption: `${which === 'committed_utilization' ? 'Committed utilization of each role (work other than filler, as a share of on-shift hours)' : 'Utilization of each role'} as demand grows (mean over replications, band: 95% interval); a diamond marks the multiplier at which the role breaks (it becomes the constraint, passes 95% utilization, or its service falls below target), a larger one the first role to break. The dashed line is 95%.`,
    spec: {
      $schema: SCHEMA,
      title: 'Stress test: utilization and breaking points',
      config: CONFIG,
      width: 560,
      height: 300,
      layer: [
        ...banded(rows, [{ data: { values: rows }, mark: { type: 'area', opacity: 0.08 }, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' }, color } }], []),
        { data: { values: rows }, mark: { type: 'line', point: true, strokeWidth: 2 }, encoding: { x, y: { ...y, field: 'mean' }, color } },
        { data: { values: [{ y: 0.95 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#888' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
        // An empty layer has no extent (vega warns "Infinite extent"): no diamonds when no role breaks.
        ...(marks.length === 0 ? [] : [{
          data: { values: marks },
          mark: { type: 'point', shape: 'diamond', filled: true, stroke: 'black', strokeWidth: 1, opacity: 1 },
          encoding: {
            x, y: { ...y, field: 'mean' }, color,
            size: { condition: { test: 'datum.first', value: 320 }, value: 120 },
            tooltip: [{ field: 'role' }, { field: 'multiplier' }, { field: 'why' }],
          },
        }]),
      ],
    } as TopLevelSpec,
  };
}

const OUTPUTS = ['orders_week', 'revenue_week', 'on_time_task_fraction'];

/** What the organization delivers as demand grows: orders, revenue and on-time service. */
export function stressOutputChart(s: StressOutput): Chart | null {
  const x = { field: 'multiplier', type: 'quantitative', title: `demand multiplier (${growWhat(s)})`, scale: { zero: false } } as const;
  const panels = OUTPUTS.flatMap((metric) => {
    const rows = s.rows.filter((r) => r.metric === metric);
    if (rows.length === 0) return [];
    const info = metricInfo(metric);
    const y = { type: 'quantitative', title: null, axis: { format: axisFormat(info.format) } } as const;
    return [{
      title: panelTitle(labelWithUnit(info)), width: 560, height: 130, data: { values: rows },
      layer: banded(rows, [{ mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { ...y, field: 'low' }, y2: { field: 'high' } } }], [
        { mark: { type: 'line', point: true }, encoding: { x, y: { ...y, field: 'mean' } } },
      ]),
    }];
  });
  if (panels.length === 0) return null;
  return {
    id: 'stress-output',
    title: 'Stress test: what gets delivered',
    caption: 'Orders, revenue and the share of customer requests done within their tolerance as demand grows; where a line flattens while demand still grows, the organization has hit its constraint.',
    spec: { $schema: SCHEMA, title: 'Stress test: what gets delivered', config: CONFIG, vconcat: panels } as TopLevelSpec,
  };
}

/** The breaking points as a table for the report: earliest first, the roles that hold last, the company's service too. */
export function breakingTable(s: StressOutput): { heading: string; note: string; header: string[]; rows: string[][] } {
  const company = companyService(s);
  const points = [...s.points, ...(company === undefined ? [] : [company])];
  const rows = byBreakingPoint(points).map((p) => [
    p.role === COMPANY ? 'The company (customer requests on time)' : roleLabel(p.role),
    p.multiplier === null ? `beyond x${lastMultiplier(s)}` : `x${p.multiplier}`,
    p.by.map((b) => {
      const info = metricInfo(b.metric);
      return `${b.rule}: ${info.label.toLowerCase()} ${formatValue(b.mean, info.format)} (${b.op === '>=' ? 'at or above' : 'below'} ${formatValue(b.threshold, info.format)})`;
    }).join('; '),
    s.designated.includes(p.role) ? (p.multiplier === null ? 'designated constraint: not saturated' : 'designated constraint: saturated, as designed') : s.first.includes(p.role) ? 'first to break' : '',
  ]);
  const apart = s.designated.length === 0 ? '' : ` The designated constraint (${s.designated.map(roleLabel).join(', ')}) is meant to be saturated: it is never the first to break.`;
  return {
    heading: 'Breaking points and headroom',
    note: `Each role's headroom: the first multiplier at which it breaks, and why (the mean at that step against the rule); "beyond" when it holds over the whole range.${apart}`,
    header: ['role', 'headroom (breaks at)', 'why', ''], rows,
  };
}

/** The name stress gives the company's own service rule (run.json's company_service). */
export const COMPANY = '(company)';

/** The company's service rule as a breaking point, where the stress test judged one. */
export function companyService(s: StressOutput): StressBreak | undefined {
  const c = s.run.company_service as StressBreak | undefined;
  return c !== undefined && typeof c === 'object' && Array.isArray(c.by) ? c : undefined;
}

/** Earliest break first; roles that do not break within the range last; ties by role. */
export function byBreakingPoint(points: StressBreak[]): StressBreak[] {
  const at = (p: StressBreak) => p.multiplier ?? Infinity;
  return [...points].sort((a, b) => at(a) - at(b) || a.role.localeCompare(b.role));
}

export function lastMultiplier(s: StressOutput): number {
  return Math.max(...s.rows.map((r) => r.multiplier));
}

export function growWhat(s: StressOutput): string {
  const g = s.run.grow as { what?: unknown } | undefined;
  return typeof g?.what === 'string' ? g.what : 'demand';
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
