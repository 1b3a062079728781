import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { maxCiphertextBytes } from '@mou-hub/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { receiveToFile } from './files.ts';

const dir = mkdtempSync(join(tmpdir(), 'mou-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('receiveToFile', () => {
  it('stops reading a received file past the most ciphertext its size allows, and leaves nothing behind', async () => {
    const expect10k = { digest: 'sha256:x', size: 10_000 };
    let pulled = 0;
    // A sender's endless stream under a name that promised 10,000 bytes.
    const endless = new Readable({
      read() {
        pulled += 64 * 1024;
        this.push(Buffer.alloc(64 * 1024));
      },
    });
    await expect(receiveToFile(dir, 'sha256:abc', endless, async () => undefined, expect10k)).rejects.toThrow('size-mismatch');
    expect(pulled).toBeLessThan(maxCiphertextBytes(10_000) + 4 * 64 * 1024);
    expect(readdirSync(dir)).toEqual([]);
  });
});
