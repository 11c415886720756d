#!/usr/bin/env node
import { installInterruptHandler } from './interrupt.js';
import { main } from './main.js';

// A closed pipe (em predict … | head) is not an error: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
installInterruptHandler();
process.exitCode = await main(process.argv.slice(2));
