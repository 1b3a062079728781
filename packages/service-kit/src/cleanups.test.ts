import { describe, expect, it } from 'vitest';
import { createCleanups } from './cleanups.ts';
import { createLogger } from './log.ts';

describe('createCleanups', () => {
  it('undoes steps newest first, once, and goes on past a failing one', async () => {
    const done: string[] = [];
    const cleanups = createCleanups(createLogger('test', {}));
    cleanups.add(async () => void done.push('database'));
    cleanups.add(async () => {
      throw new Error('bus already closed');
    });
    cleanups.add(async () => void done.push('http'));
    await cleanups.closeAll();
    await cleanups.closeAll();
    expect(done).toEqual(['http', 'database']);
  });
});
