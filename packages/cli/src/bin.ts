import { runMou } from './main.ts';

/** The `mou` executable: runs the program on the process's arguments. */
process.exitCode = await runMou(process.argv);
