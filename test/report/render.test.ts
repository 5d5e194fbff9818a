import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { toSvg } from '../../src/report/render.js';

// A chart with a gradient legend, the kind vega numbers with a counter global to the process.
const HEAT: TopLevelSpec = {
  data: { values: [{ x: 1, y: 'a', v: 0.2 }, { x: 2, y: 'b', v: 0.9 }] },
  mark: 'rect',
  encoding: { x: { field: 'x', type: 'ordinal' }, y: { field: 'y', type: 'nominal' }, color: { field: 'v', type: 'quantitative' } },
};

describe('charts as SVG', () => {
  it('the same chart drawn twice in one process is byte-identical, its ids its own', async () => {
    const first = await toSvg(HEAT, 'charts/heat');
    const second = await toSvg(HEAT, 'charts/heat');
    expect(second).toBe(first);
    expect(first).toContain('url(#charts-heat-gradient_0)');
    const other = await toSvg(HEAT, 'charts/part-b/heat');
    expect(other).toContain('url(#charts-part-b-heat-gradient_0)');
  });
});
