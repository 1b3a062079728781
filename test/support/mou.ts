import { runMou } from '@mou-hub/cli';

/** Runs the operator's CLI in this process, as `mou <args>`; its exit code and every line it printed. */
export async function mou(...args: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const push = (line: string) => void lines.push(line);
  const code = await runMou(['node', 'mou', ...args], { out: push, err: push, progress: push });
  return { code, text: lines.join('\n') };
}

/** Like {@link mou}, but throws with what it printed unless it succeeded: a runbook step that must work. */
export async function mouOk(...args: string[]): Promise<string> {
  const r = await mou(...args);
  if (r.code !== 0) throw new Error(`mou ${args.join(' ')} ended with ${r.code}:\n${r.text}`);
  return r.text;
}
