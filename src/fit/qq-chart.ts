import type { TopLevelSpec } from 'vega-lite';
import type { GroupFit } from './durations.js';

/**
 * The Q-Q chart of a duration fit: for each family, the observed quantiles
 * against the fitted ones, with the diagonal they lie on when the family
 * fits. A vega-lite specification with its data inline, as the report's
 * charts are (report/charts.ts), so the saved .vl.json opens in the vega
 * editor as it is.
 */

/** Quantiles drawn per family and group: enough to see the tails, few enough for a light SVG. */
const POINTS = 200;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const CONFIG = { font: 'DejaVu Sans, Helvetica, Arial, sans-serif', legend: { orient: 'right' as const }, axis: { labelFontSize: 11, titleFontSize: 12 } };

export function qqChart(groups: GroupFit[], unit: string, title: string): TopLevelSpec | null {
  const rows: object[] = [];
  for (const g of groups) {
    if (g.tested.length === 0) continue;
    const n = g.values.length;
    const m = Math.min(POINTS, n);
    for (const { fit } of g.tested) {
      for (let i = 0; i < m; i++) {
        // Plotting positions (j + 0.5) / n of the order statistics shown, evenly spread over the sample.
        const j = Math.floor(((i + 0.5) * n) / m);
        rows.push({ kind: 'point', group: g.group, distribution: fit.name, fitted: round(fit.quantile((j + 0.5) / n)), observed: g.values[j] });
      }
    }
    const lo = g.values[0];
    const hi = g.values[n - 1];
    rows.push({ kind: 'diagonal', group: g.group, fitted: lo, observed: lo }, { kind: 'diagonal', group: g.group, fitted: hi, observed: hi });
  }
  if (rows.length === 0) return null;
  const axis = (what: string) => `${what} quantile (${unit})`;
  const layer = [
    {
      transform: [{ filter: "datum.kind === 'diagonal'" }],
      mark: { type: 'line', color: '#888', strokeDash: [4, 4], strokeWidth: 1 },
      encoding: { x: { field: 'fitted', type: 'quantitative', title: axis('fitted') }, y: { field: 'observed', type: 'quantitative', title: axis('observed') } },
    },
    {
      transform: [{ filter: "datum.kind === 'point'" }],
      mark: { type: 'point', size: 14, opacity: 0.7, filled: true },
      encoding: {
        x: { field: 'fitted', type: 'quantitative' },
        y: { field: 'observed', type: 'quantitative' },
        color: { field: 'distribution', type: 'nominal', title: 'fit', scale: { domain: ['exponential', 'gamma', 'lognormal', 'weibull'] } },
      },
    },
  ];
  const shown = groups.filter((g) => g.tested.length > 0);
  const head = { $schema: SCHEMA, title, data: { values: rows }, config: CONFIG };
  if (shown.length === 1) return { ...head, width: 420, height: 420, layer } as TopLevelSpec;
  return {
    ...head,
    facet: { field: 'group', type: 'nominal', title: null, sort: shown.map((g) => g.group) },
    columns: 3,
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: { width: 260, height: 260, layer },
  } as TopLevelSpec;
}

/** Six significant digits in the chart's data: the file stays small and byte-stable. */
function round(x: number): number {
  return Number(x.toPrecision(6));
}
