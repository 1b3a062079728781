import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AT_REST_KEY_FILE, atRestWithKey, isSealed, loadAtRest, SEALED_PREFIX } from './at-rest.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mou-at-rest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('sealing', () => {
  const atRest = atRestWithKey(randomBytes(32));

  it.each(['', 'Somchai, 17, from Savannakhet', '{"text":"ນາງ ສົມໃຈ"}', 'x'.repeat(100_000)])('round-trips %#', (plain) => {
    const sealed = atRest.seal(plain);
    expect(sealed.startsWith(SEALED_PREFIX)).toBe(true);
    expect(isSealed(sealed)).toBe(true);
    expect(atRest.open(sealed)).toBe(plain);
  });

  it('hides the text and never repeats a ciphertext (fresh IV)', () => {
    const a = atRest.seal('MARKER-victim-name');
    const b = atRest.seal('MARKER-victim-name');
    expect(a).not.toBe(b);
    expect(a).not.toContain('MARKER');
    expect(Buffer.from(a.slice(SEALED_PREFIX.length), 'base64url').toString('latin1')).not.toContain('MARKER');
  });

  it.each([
    ['clear text', () => '{"text":"hello"}', 'not-sealed'],
    ['another key', () => atRestWithKey(randomBytes(32)).seal('hello'), 'tampered'],
    ['a flipped byte', () => {
      const s = atRest.seal('hello');
      const raw = Buffer.from(s.slice(SEALED_PREFIX.length), 'base64url');
      raw[raw.length - 1]! ^= 1;
      return SEALED_PREFIX + raw.toString('base64url');
    }, 'tampered'],
    ['a stub', () => `${SEALED_PREFIX}AAAA`, 'tampered'],
  ])('refuses %s', (_, make, code) => {
    expect(() => atRest.open(make())).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => atRestWithKey(randomBytes(16))).toThrow(expect.objectContaining({ code: 'bad-key-file' }));
  });
});

describe('loadAtRest', () => {
  it('creates a 32-byte key file 0600 in a 0700 folder on first start, and reuses it after', () => {
    const keyDir = join(dir, 'keys');
    const first = loadAtRest(keyDir);
    const path = join(keyDir, AT_REST_KEY_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(path).length).toBe(32);
    const sealed = first.seal('kept across restarts');
    expect(loadAtRest(keyDir).open(sealed)).toBe('kept across restarts');
  });

  it('names the file when asked (one key folder, several agencies)', () => {
    const a = loadAtRest(dir, 'th-msdhs.at-rest.key');
    const b = loadAtRest(dir, 'la-mlsw.at-rest.key');
    expect(() => b.open(a.seal('x'))).toThrow(expect.objectContaining({ code: 'tampered' }));
  });

  it('refuses a key file others may read, or of the wrong length', () => {
    const path = join(dir, AT_REST_KEY_FILE);
    writeFileSync(path, randomBytes(32), { mode: 0o644 });
    chmodSync(path, 0o644);
    expect(() => loadAtRest(dir)).toThrow(expect.objectContaining({ code: 'key-file-exposed' }));
    chmodSync(path, 0o600);
    writeFileSync(path, randomBytes(31));
    expect(() => loadAtRest(dir)).toThrow(expect.objectContaining({ code: 'bad-key-file' }));
  });
});
