import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a vega-lite specification to SVG with vega's own SVG renderer (no
 * browser, no canvas), the way the vega editor would draw it.
 */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const problems: string[] = [];
  const compiled = compile(spec, { logger: collect(problems) }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: collect(problems) });
  try {
    const svg = await view.toSVG();
    // vega logs a failed expression and goes on with an empty chart: a chart that
    // quietly lost its marks is a bug to report, not a picture to ship.
    if (problems.length > 0) throw new Error(`chart "${String(spec.title)}": ${problems.join('; ')}`);
    return svg;
  } finally {
    view.finalize();
  }
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
