import { runMou } from './main.ts';

// `mou … | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

/** The `mou` executable: runs the program on the process's arguments. */
process.exitCode = await runMou(process.argv);
