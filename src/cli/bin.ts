#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { installInterruptHandler } from './interrupt.js';
import { main } from './main.js';

/** The `salesim` command: the process around main(), which itself never exits. */

// A reader that went away (`salesim run ... | head -1`) ends the command quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}
installInterruptHandler();
const code = await main(hideBin(process.argv));
// Pipes are written synchronously on Linux, so exiting loses nothing; on success the process ends by itself.
if (code !== 0) process.exit(code);
