import { warningLine, type Warning } from '../run/warnings.js';

/**
 * Warnings go to stderr, one `warning: ...` line each, so that a pipeline
 * reading stdout still shows them to the person running it. --quiet leaves out
 * the notes on the run's length (kind short-run), never a warning about the
 * results themselves (an unstable queue, sales support as the constraint).
 */
export function printWarnings(warnings: Warning[], quiet: boolean, withScenario: boolean, stream: NodeJS.WritableStream = process.stderr): void {
  for (const w of warnings) {
    if (quiet && w.kind === 'short-run') continue;
    stream.write(`${warningLine(w, withScenario)}\n`);
  }
}
