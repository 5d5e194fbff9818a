import cliProgress from 'cli-progress';

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
