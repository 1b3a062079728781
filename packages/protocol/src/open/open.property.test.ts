import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleBodies } from '../bodies/index.ts';
import { seal } from '../seal/seal.ts';
import { NOW, laContext, makeFixture, signRaw } from '../test-fixtures.ts';
import type { Fixture } from '../test-fixtures.ts';
import { open } from './open.ts';
import type { OpenResult } from './types.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const RUNS = { numRuns: 200 };

let f: Fixture;
let jws: string;
let payload: Record<string, unknown>;
beforeAll(async () => {
  f = await makeFixture();
  const sealed = await seal(
    { type: 'repatriation.request', agreement: 'la-th', from: 'th-msdhs', to: 'la-mlsw', lang: 'th', created: NOW, body: exampleBodies['repatriation.request'] },
    { signer: f.rings.th, recipientKey: f.directory.encryptionKeyFor('la-mlsw', NOW)! },
  );
  jws = sealed.jws;
  payload = sealed.payload as unknown as Record<string, unknown>;
  expect((await openLa(jws)).ok).toBe(true);
});

const openLa = (raw: string | Uint8Array) => open(raw, laContext(f));
const refused = (r: OpenResult) => !r.ok;

/** Replaces the character at `at` (modulo length) of part `part` by another base64url character. */
function flip(compact: string, part: number, at: number, shift: number): string {
  const parts = compact.split('.');
  const s = parts[part]!;
  const i = at % s.length;
  const c = ALPHABET[(ALPHABET.indexOf(s[i]!) + shift) % 64]!;
  parts[part] = s.slice(0, i) + c + s.slice(i + 1);
  return parts.join('.');
}

const shift = fc.integer({ min: 1, max: 63 });
const position = fc.nat();

describe('open refuses every mutation of a sealed envelope, and never throws', () => {
  it('a character changed in the header, payload or signature', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), position, shift, async (part, at, s) => {
        expect(refused(await openLa(flip(jws, part, at, s)))).toBe(true);
      }),
      RUNS,
    );
  });

  it('a byte changed anywhere', async () => {
    const bytes = Buffer.from(jws);
    await fc.assert(
      fc.asyncProperty(position, fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const copy = Uint8Array.from(bytes);
        const i = at % copy.length;
        copy[i] = copy[i]! ^ xor;
        expect(refused(await openLa(copy))).toBe(true);
      }),
      RUNS,
    );
  });

  it('truncated at any point', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: jws.length - 1 }), async (n) => {
        expect(refused(await openLa(jws.slice(0, n)))).toBe(true);
      }),
      RUNS,
    );
  });

  it('the payload JSON re-ordered without re-signing', async () => {
    const [h, p, s] = jws.split('.') as [string, string, string];
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(Object.keys(payload), { minLength: Object.keys(payload).length }), async (keys) => {
        const reordered = Buffer.from(JSON.stringify(payload, keys.concat(nestedKeys(payload)))).toString('base64url');
        fc.pre(reordered !== p);
        const r = await openLa(`${h}.${reordered}.${s}`);
        expect(!r.ok && r.problem.code).toBe('bad-signature');
      }),
      RUNS,
    );
  });

  it('a JWE part changed and re-signed by the real sender: the inner layer refuses it', async () => {
    const { jwe } = payload.body as { jwe: string };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4 }), position, shift, async (part, at, s) => {
        fc.pre(jwe.split('.')[part]!.length > 0);
        const mutated = await signRaw({ ...payload, body: { jwe: flip(jwe, part, at, s) } }, f.th.sig);
        const r = await openLa(mutated);
        expect(r.ok).toBe(false);
        expect(['decrypt-failed', 'digest-mismatch', 'schema-invalid']).toContain(!r.ok && r.problem.code);
        expect(!r.ok && r.problem.verified).toBe(true);
      }),
      RUNS,
    );
  });

  it('arbitrary strings and bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.uint8Array(), fc.stringMatching(/^[A-Za-z0-9_.-]{0,200}$/)), async (raw) => {
        expect(refused(await openLa(raw))).toBe(true);
      }),
      RUNS,
    );
  });
});

/** Keys of nested objects, so `JSON.stringify`'s allow-list keeps them. */
function nestedKeys(value: Record<string, unknown>): string[] {
  return Object.values(value).flatMap((v) => (v && typeof v === 'object' ? Object.keys(v) : []));
}
