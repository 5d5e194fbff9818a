import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a vega-lite specification to SVG with vega's own SVG renderer (no
 * browser, no canvas), the way the vega editor would draw it.
 */
export async function toSvg(spec: TopLevelSpec, id: string): Promise<string> {
  const problems: string[] = [];
  const compiled = compile(spec, { logger: collect(problems) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: collect(problems) });
  try {
    const svg = await view.toSVG();
    // vega logs a failed expression and goes on with an empty chart: a chart that
    // quietly lost its marks is a bug to report, not a picture to ship.
    if (problems.length > 0) throw new Error(`chart "${String(spec.title)}": ${problems.join('; ')}`);
    return localIds(svg, id);
  } finally {
    view.finalize();
  }
}

/**
 * vega numbers the gradients and clip paths it defines with a counter global
 * to the process (gradient_0, gradient_1...), so the same chart drawn second
 * in a process gets other ids (not byte-identical), and two charts inlined in
 * one report may define the same id (the second then paints with the first's
 * gradient). Each id becomes the chart's own, numbered from 0 within it.
 */
function localIds(svg: string, id: string): string {
  const prefix = id.replace(/[^A-Za-z0-9_-]/g, '-');
  const seen = new Map<string, string>();
  return svg.replace(/\b(gradient|clip|pattern)_(\d+)\b/g, (whole, kind: string) => {
    let local = seen.get(whole);
    if (local === undefined) {
      local = `${prefix}-${kind}_${seen.size}`;
      seen.set(whole, local);
    }
    return local;
  });
}

function collect(problems: string[]): vega.LoggerInterface {
  const logger = vega.logger(vega.Warn);
  logger.error = (...args: readonly unknown[]) => { problems.push(args.map(String).join(' ')); return logger; };
  logger.warn = logger.error;
  return logger;
}

/** Rasterizes an SVG at twice its size (sharp on high-density screens and in slides). */
export function toPng(svg: string): Uint8Array {
  const image = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return image.render().asPng();
}
