/**
 * Ctrl-C. The first SIGINT aborts interruptSignal: work given the signal
 * (runJobs) terminates its threads and rejects, and the command ends with
 * `salesim: interrupted` and exit code 130, having written nothing (outputs are
 * written at the end, atomically). A second SIGINT exits at once.
 */
const controller = new AbortController();

export const interruptSignal: AbortSignal = controller.signal;

export function installInterruptHandler(): void {
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Interrupted());
  });
}

export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor() {
    super('interrupted; nothing written');
  }
}

/** True for the error an interrupted command ends with. */
export function isInterrupt(e: unknown): boolean {
  return e instanceof Interrupted || (interruptSignal.aborted && (e as Error)?.name === 'AbortError');
}
