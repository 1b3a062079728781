import { runMou } from './main.ts';

// `mou … | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

/** The `mou` executable: runs the program on the process's arguments. */
const code = await runMou(process.argv);
// Done is done: a NATS connection given up on (no server answered) would otherwise keep
// retrying in the background. Exit once what was printed has been written.
process.stdout.write('', () => process.exit(code));
