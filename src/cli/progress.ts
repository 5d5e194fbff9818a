import cliProgress from 'cli-progress';
import { interruptSignal } from './interrupt.js';

/** Progress of long work (replications), for the terminal. */
export interface Progress {
  /** Pass as JobsOptions.onProgress. */
  update(done: number, total: number): void;
  /** Removes the bar (restoring the cursor); call before printing anything else, also on errors. */
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

/**
 * A progress bar on stderr, shown only when stderr is a terminal and not
 * --quiet: piped or logged output stays free of control characters.
 */
export function progressBar(label: string, quiet: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (quiet || !stream.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar({
    stream,
    format: `${label} [{bar}] {value}/{total} replications, {percentage}%, {duration_formatted} elapsed, ETA {eta_formatted}`,
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 20,
  }, cliProgress.Presets.shades_classic);
  let started = false;
  let stopped = false;
  return {
    update(done, total) {
      if (stopped) return;
      if (!started) { bar.start(total, 0); started = true; }
      bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}

/**
 * `body` with a progress bar (label, unless --quiet) and the command's
 * interrupt signal: the options a study function takes. The bar is removed
 * however the body ends.
 */
export async function withProgress<T>(label: string, quiet: boolean, body: (run: { onProgress: Progress['update']; signal: AbortSignal }) => Promise<T>): Promise<T> {
  const progress = progressBar(label, quiet);
  try {
    return await body({ onProgress: progress.update, signal: interruptSignal });
  } finally {
    progress.stop();
  }
}
