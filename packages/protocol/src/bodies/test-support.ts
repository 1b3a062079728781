/** Helpers for the body tests: change an example at some paths and see which paths fail. */
import type { MessageType } from '../message-types.ts';
import { exampleBodies } from './examples.ts';
import { validateBody } from './index.ts';

/** Sets `value` at dot `path` inside `root`; `undefined` deletes the key. */
function setAt(root: unknown, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = root as Record<string, unknown>;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** A copy of the example body of `type` with `changes` (dot path → new value) applied. */
export function changed(type: MessageType, changes: Record<string, unknown>): unknown {
  const body: unknown = structuredClone(exampleBodies[type]);
  for (const [path, value] of Object.entries(changes)) setAt(body, path, value);
  return body;
}

/** The issue paths `validateBody` reports for the changed example; `[]` when it passes. */
export function failingPaths(type: MessageType, changes: Record<string, unknown>): string[] {
  const result = validateBody(type, changed(type, changes));
  return result.ok ? [] : result.issues.map((issue) => issue.path);
}
