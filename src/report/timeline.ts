import type { ModelView } from './model-view.js';

/**
 * The layers every week-by-week chart draws under (or over) its data: the
 * warm-up shaded (its weeks are simulated but not measured: the model starts
 * empty) and a numbered rule where each phase begins, so a reader sees which
 * weeks the headline figures come from and when the organization changed.
 * Week w is drawn at x = w, so the warm-up of W weeks spans 0.5 to W + 0.5 and a
 * phase that starts after week a has its rule at a + 0.5.
 */

export interface Marks { warmup: { x0: number; x1: number; label: string }[]; phases: { x: number; n: string; description: string }[] }

export function timelineMarks(views: ModelView[]): Marks {
  const warmup = Math.max(0, ...views.map((v) => v.warmupWeeks));
  const phases = views.flatMap((v) => v.phases.map((p, k) => ({ x: p.afterWeek + 0.5, n: String(k + 1), description: p.description })));
  return { warmup: warmup > 0 ? [{ x0: 0.5, x1: warmup + 0.5, label: 'warm-up' }] : [], phases };
}

/**
 * The layers for one panel. `over` draws the warm-up as a white veil over the
 * data (for a heat map, whose cells would hide a shade under them); otherwise
 * a light grey band under it. `x` is the panel's x encoding (its scale and axis).
 */
export function timelineLayers(marks: Marks, x: Record<string, unknown>, over = false): { under: object[]; above: object[] } {
  const xOf = (field: string) => ({ ...x, field });
  const under: object[] = [];
  const above: object[] = [];
  if (marks.warmup.length > 0) {
    const band = {
      data: { values: marks.warmup },
      mark: over ? { type: 'rect', fill: '#ffffff', opacity: 0.6 } : { type: 'rect', fill: '#000000', opacity: 0.07 },
      encoding: { x: xOf('x0'), x2: { field: 'x1' }, tooltip: [{ field: 'label', title: 'not measured' }] },
    };
    const label = {
      data: { values: marks.warmup },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 3, fontSize: 10, color: '#555', fontStyle: 'italic' },
      encoding: { x: xOf('x0'), y: { value: 0 }, text: { field: 'label' } },
    };
    (over ? above : under).push(band);
    above.push(label);
  }
  if (marks.phases.length > 0) {
    above.push({
      data: { values: marks.phases },
      mark: { type: 'rule', color: '#333333', strokeDash: [3, 3], strokeWidth: 1 },
      encoding: { x: xOf('x'), tooltip: [{ field: 'n', title: 'phase' }, { field: 'description', title: 'from here' }] },
    }, {
      data: { values: marks.phases },
      mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 2, dy: -1, fontSize: 10, fontWeight: 'bold', color: '#333333' },
      encoding: { x: xOf('x'), y: { value: 0 }, text: { field: 'n' } },
    });
  }
  return { under, above };
}

/** What a chart's caption says about its marks, when it has any. */
export function timelineNote(marks: Marks): string {
  const parts: string[] = [];
  if (marks.warmup.length > 0) parts.push(`The shaded weeks 1-${marks.warmup[0].x1 - 0.5} are the warm-up (simulated, not measured).`);
  if (marks.phases.length > 0) parts.push(`Dashed rules mark where each phase begins: ${marks.phases.map((p) => `${p.n} (after week ${p.x - 0.5}) ${p.description}`).join('; ')}.`);
  return parts.join(' ');
}
