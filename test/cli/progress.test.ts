import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/progress.js';

/** A stand-in for process.stderr that records what is written. */
function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  const stream = {
    isTTY, columns: 200,
    write(s: string) { written.push(s); return true; },
    cursorTo() { return true; }, moveCursor() { return true; }, clearLine() { return true; }, clearScreenDown() { return true; },
    on() { return stream; }, removeListener() { return stream; },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, written };
}

describe('progress bar', () => {
  it('draws replications done out of the total on a terminal, and clears itself at the end', () => {
    const { stream, written } = fakeStream(true);
    const bar = progressBar('inside-out', false, stream);
    bar.update(2, 5);
    bar.stop();
    expect(written.join('')).toMatch(/inside-out \[.*\] 2\/5 replications, 40%/);
  });

  it('is silent when stderr is not a terminal, or with --quiet', () => {
    for (const [tty, quiet] of [[false, false], [true, true]]) {
      const { stream, written } = fakeStream(tty);
      const bar = progressBar('x', quiet, stream);
      bar.update(1, 2);
      bar.stop();
      expect(written).toEqual([]);
    }
  });
});
