import type { TopLevelSpec } from 'vega-lite';
import type { MetricFormat } from '../models/metrics.js';
import type { ModelView, RoleColours } from './model-view.js';

/**
 * The report's charts as vega-lite specifications with their data inline, so a
 * saved .vl.json opens as it is in the vega editor and can be changed there.
 * Each builder returns null when the outputs hold nothing to draw (a network
 * scenario has no BD meetings, a single run has nothing to compare).
 */
export interface Chart { id: string; title: string; caption: string; spec: TopLevelSpec }

/** What every chart of a report is drawn with: the models, and the one colour each role has in all of them. */
export interface ChartContext { views: ModelView[]; colours: RoleColours }

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
export const WIDTH = 560;
/** One font the SVG-to-PNG step finds on any machine with DejaVu (Debian's default), a generic fallback otherwise. */
export const CONFIG = {
  font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  legend: { orient: 'right' as const, labelLimit: 260 },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 240 },
  title: { anchor: 'start' as const },
};

export function base(title: string, data: object[]): Pick<TopLevelSpec, '$schema' | 'title' | 'data' | 'config'> {
  return { $schema: SCHEMA, title, data: { values: data }, config: CONFIG } as Pick<TopLevelSpec, '$schema' | 'title' | 'data' | 'config'>;
}

/** A vega number format for an axis of values of this format. */
export function axisFormat(format: MetricFormat): string {
  return format === 'money' ? '$,.0f' : format === 'share' ? '.0%' : ',~f';
}

/** The x encoding of the week-by-week charts: every week on one linear scale, from the first week. */
export function weekAxis(views: ModelView[]): Record<string, unknown> {
  const last = Math.max(1, ...views.map((v) => v.output.weekly.lastWeek));
  return { type: 'quantitative', title: 'week', scale: { domain: [0.5, last + 0.5], nice: false }, axis: { tickMinStep: 1, grid: false } };
}

/** A panel's title (a model's name, a metric's label), left-aligned above it, clear of the phase numbers. */
export function panelTitle(text: string): object {
  return { text, anchor: 'start', frame: 'group', fontSize: 12, offset: 14 };
}

/**
 * The layers of a chart with its interval bands (drawn under the means, or over them for
 * error bars), left out when no row has an interval: one replication has none, and an
 * encoding of nothing but nulls has no extent to draw.
 */
export function banded(rows: { low: number | null }[], bands: object[], main: object[], over = false): object[] {
  if (!rows.some((r) => r.low !== null)) return main;
  return over ? [...main, ...bands] : [...bands, ...main];
}

export function nullable(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
