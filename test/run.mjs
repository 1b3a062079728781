// `pnpm test [vitest args…]`: the type check and every test, side by side. tsc alone takes some
// 25 s of one core; run first, it added that to every run, while the test run leaves a core
// idle about a fifth of its time. tsc's output is held and printed after the tests' (so it does
// not break their report); the run fails if either fails.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(new URL('../package.json', import.meta.url));
const started = Date.now();

const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
let tscOutput = '';
tsc.stdout.on('data', (b) => (tscOutput += b));
tsc.stderr.on('data', (b) => (tscOutput += b));
const tscDone = new Promise((resolve) => tsc.once('close', (code, signal) => resolve({ code: code ?? 1, signal, seconds: (Date.now() - started) / 1000 })));

const vitest = spawn(process.execPath, [require.resolve('vitest/vitest.mjs'), 'run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
const vitestDone = new Promise((resolve) => vitest.once('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

// Ctrl-C reaches both children from the terminal; a signal sent to this process alone is passed on.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    tsc.kill(signal);
    vitest.kill(signal);
  });
}

const [tests, types] = await Promise.all([vitestDone, tscDone]);
if (types.code === 0) {
  console.log(`typecheck (tsc --noEmit): no errors, ${types.seconds.toFixed(0)} s`);
} else {
  process.stdout.write(tscOutput);
  console.log(`typecheck (tsc --noEmit) FAILED${types.signal ? ` (${types.signal})` : ''}: the errors are above`);
}
process.exit(tests !== 0 ? tests : types.code);
