import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// An error's text may quote request data (a file name, a header): the attachment code logs
// errors through `errorForLog` (name, code, frames), never their message.
describe('attachment logs', () => {
  it('never log an error’s text', () => {
    const dir = import.meta.dirname;
    const offending = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) =>
        readFileSync(join(dir, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
          .filter(({ line }) => /log\.\w+\(/.test(line) && /String\(err\)|err\.message|\$\{err\}/.test(line)),
      );
    expect(offending).toEqual([]);
  });
});
