import { CompactEncrypt, CompactSign } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STREAM_MAX_MESSAGE_BYTES, messageSubject } from '@mou-hub/bus';
import { envelopeHash, exampleBodies, importPublicKey, publicJwk, sha256Digest, uuidv7 } from '@mou-hub/protocol';
import { encryptRaw, salt, signRaw } from '@mou-hub/protocol/testing';
import { eventually, type ApiClient } from '../support/api.ts';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { Forge, readJwk } from '../support/forge.ts';

/*
 * A corpus of bad envelopes published on la-mlsw's subject, each with the exact outcome
 * PROTOCOL.md gives it: quarantined with its code (and nothing else written), or recorded and
 * ignored. After all of them the node still delivers a good message.
 */

let fed: TestFederation;
let thai: ApiClient;
let lao: ApiClient;
let forge: Forge;

beforeAll(async () => {
  fed = await startTestFederation(['th-msdhs', 'la-mlsw', 'vn-mps']);
  thai = await fed.api('th-msdhs');
  lao = await fed.api('la-mlsw');
  forge = new Forge(fed, 'th-msdhs', 'la-mlsw');
}, 60_000);
afterAll(() => fed?.close());

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64url');
const compact = (header: unknown, payload: string, signature = 'AAAA') => `${b64(JSON.stringify(header))}.${b64(payload)}.${signature}`;
const sigHeader = () => ({ alg: 'EdDSA', kid: forge.keys.sig.kid, typ: 'mou+jws' });

/** A signed case note whose JWE plaintext is `plaintext` (digest made to match unless told). */
async function withPlaintext(plaintext: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const { jwe, digest } = await encryptRaw(plaintext, forge.keys.recipientEnc);
  return forge.sign(await forge.payload({ body: { jwe }, digest, ...overrides }));
}

/** A JWE with a protected header jose would not write by default (e.g. `zip`, or an extra field). */
async function jweWithHeader(header: Record<string, unknown>, plaintext: string): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: forge.keys.recipientEnc.kid, ...header })
    .encrypt(await importPublicKey(forge.keys.recipientEnc));
}

interface Case {
  name: string;
  bytes: () => Promise<string | Uint8Array>;
  /** Published on this subject instead of la-mlsw's from th-msdhs. */
  subject?: string;
  code: string;
}

const note = { salt: 'c2FsdHNhbHRzYWx0c2FsdA', body: { text: 'corpus' } };

const CASES: Case[] = [
  // Check 1: size.
  { name: 'one byte over 256 KiB', bytes: async () => 'x'.repeat(256 * 1024 + 1), code: 'too-large' },
  { name: 'near the stream\'s largest message (headers take the rest)', bytes: async () => new Uint8Array(DEFAULT_STREAM_MAX_MESSAGE_BYTES - 1024), code: 'too-large' },
  // Check 2: compact JWS with an EdDSA header and a kid.
  { name: 'empty payload', bytes: async () => '', code: 'malformed' },
  { name: 'not UTF-8', bytes: async () => new Uint8Array([0xff, 0xfe, 0x2e, 0xc3, 0x28, 0x2e, 0xa0]), code: 'malformed' },
  { name: 'truncated to two parts', bytes: async () => (await forge.make('good')).data.split('.').slice(0, 2).join('.'), code: 'malformed' },
  { name: 'truncated in the middle', bytes: async () => { const d = (await forge.make('good')).data; return d.slice(0, Math.floor(d.length / 2)); }, code: 'malformed' },
  { name: 'JWS JSON serialization', bytes: async () => { const [h, p, s] = (await forge.make('good')).data.split('.'); return JSON.stringify({ protected: h, payload: p, signature: s }); }, code: 'malformed' },
  { name: 'alg none', bytes: async () => compact({ alg: 'none', kid: forge.keys.sig.kid, typ: 'mou+jws' }, JSON.stringify(await forge.payload()), ''), code: 'malformed' },
  {
    name: 'alg HS256 with the public key as the secret',
    bytes: async () => {
      const secret = Buffer.from(publicJwk(forge.keys.sig).x, 'base64url');
      return new CompactSign(new TextEncoder().encode(JSON.stringify(await forge.payload()))).setProtectedHeader({ alg: 'HS256', kid: forge.keys.sig.kid, typ: 'mou+jws' }).sign(secret);
    },
    code: 'malformed',
  },
  { name: 'header without kid', bytes: async () => signWithHeader({ alg: 'EdDSA', typ: 'mou+jws' }), code: 'malformed' },
  { name: 'header with crit', bytes: async () => signWithHeader({ ...sigHeader(), crit: ['exp'], exp: 1 }), code: 'malformed' },
  { name: 'header with an embedded jwk', bytes: async () => signWithHeader({ ...sigHeader(), jwk: publicJwk(forge.keys.sig) }), code: 'malformed' },
  { name: 'padded base64', bytes: async () => { const [h, p, s] = (await forge.make('good')).data.split('.'); return `${h}==.${p}.${s}`; }, code: 'malformed' },
  // Check 3 and 4: key and signature.
  { name: 'kid not in the directory', bytes: async () => (await forge.make('unknown-key')).data, code: 'unknown-key' },
  { name: 'kid of another agency, signed with th-msdhs\'s key', bytes: async () => signWithHeader({ ...sigHeader(), kid: readJwk(fed.agency('vn-mps').keys.sig).kid }), code: 'bad-signature' },
  { name: 'signed by an impostor under th-msdhs\'s kid', bytes: async () => (await forge.make('bad-signature')).data, code: 'bad-signature' },
  { name: 'one flipped bit in the signature', bytes: async () => { const d = (await forge.make('good')).data; const i = d.lastIndexOf('.') + 5; return d.slice(0, i) + (d[i] === 'A' ? 'B' : 'A') + d.slice(i + 1); }, code: 'bad-signature' },
  { name: 'payload changed after signing', bytes: async () => { const [h, , s] = (await forge.make('good')).data.split('.'); return `${h}.${b64(JSON.stringify(await forge.payload()))}.${s}`; }, code: 'bad-signature' },
  // Check 5: envelope schema.
  { name: 'payload is a JSON array', bytes: async () => forge.sign('[1,2,3]'), code: 'malformed' },
  { name: 'payload is not JSON', bytes: async () => forge.sign('{"v":1,'), code: 'malformed' },
  { name: 'duplicated JSON keys (to twice)', bytes: async () => forge.sign(JSON.stringify(await forge.payload()).replace('"to":"la-mlsw"', '"to":"la-mlsw","to":"la-mps"')), code: 'malformed' },
  { name: 'huge number in stats', bytes: async () => forge.sign(JSON.stringify(await forge.payload({ stats: { persons: 1 } })).replace('"persons":1', '"persons":1e400')), code: 'malformed' },
  { name: 'deeply nested stats', bytes: async () => forge.sign(JSON.stringify(await forge.payload()).replace(/}$/, `,"stats":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`)), code: 'malformed' },
  { name: 'id is a UUID v4', bytes: async () => { const id = '0b8f9a6e-3c1d-4f2a-9b7e-1d2c3b4a5f6e'; return forge.sign(await forge.payload({ id, thid: id })); }, code: 'malformed' },
  { name: 'created without milliseconds', bytes: async () => forge.sign(await forge.payload({ created: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') })), code: 'malformed' },
  { name: 'upper-case agency id', bytes: async () => forge.sign(await forge.payload({ from: 'TH-MSDHS' })), code: 'malformed' },
  { name: 'business body in clear', bytes: async () => forge.sign(await forge.payload({ body: { text: 'in clear' } })), code: 'malformed' },
  { name: 'no lang on a business type', bytes: async () => { const p = await forge.payload(); delete (p as Record<string, unknown>)['lang']; return forge.sign(p); }, code: 'malformed' },
  { name: 'no digest with an encrypted body', bytes: async () => { const p = await forge.payload(); delete (p as Record<string, unknown>)['digest']; return forge.sign(p); }, code: 'malformed' },
  { name: 'unknown field in the envelope', bytes: async () => forge.sign(await forge.payload({ priority: 'high' })), code: 'malformed' },
  { name: 'v is 2', bytes: async () => (await forge.make('unsupported-version')).data, code: 'unsupported-version' },
  // Check 6 and 7: sender and recipient.
  { name: 'from another agency than the kid', bytes: async () => (await forge.make('sender-mismatch')).data, code: 'sender-mismatch' },
  { name: 'a good envelope on vn-mps\'s sender subject', bytes: async () => (await forge.make('good')).data, subject: messageSubject('la-mlsw', 'vn-mps'), code: 'sender-mismatch' },
  { name: 'signed with vn-mps\'s real key, sent as th-msdhs', bytes: async () => new Forge(fed, 'vn-mps', 'la-mlsw').sign(await forge.payload()), code: 'sender-mismatch' },
  { name: 'addressed to la-mps', bytes: async () => (await forge.make('not-for-me')).data, code: 'not-for-me' },
  // Check 8: agreement.
  { name: 'under an agreement th-msdhs is not party to', bytes: async () => (await forge.make('agreement-violation')).data, code: 'agreement-violation' },
  { name: 'under an agreement that does not exist', bytes: async () => forge.sign(await forge.payload({ agreement: 'la-xx' })), code: 'agreement-violation' },
  { name: 'a type of another agreement (consular, la-national only)', bytes: async () => forge.sign(await forge.payload({ type: 'consular.verification.request' })), code: 'agreement-violation' },
  // Check 9: time.
  { name: 'created an hour ahead', bytes: async () => (await forge.make('future-dated')).data, code: 'future-dated' },
  { name: 'expired a minute ago', bytes: async () => (await forge.make('expired')).data, code: 'expired' },
  { name: 'backdated two days, before its key was valid', bytes: async () => forge.sign(await forge.payload({ created: new Date(Date.now() - 2 * 86_400_000).toISOString() })), code: 'unknown-key' },
  // Check 11 and 12: decryption and digest.
  { name: 'ciphertext tampered', bytes: async () => (await forge.make('decrypt-failed')).data, code: 'decrypt-failed' },
  { name: 'encrypted to th-msdhs\'s own key', bytes: async () => { const own = publicJwk(readJwk(fed.agency('th-msdhs').keys.enc)); const { jwe, digest } = await encryptRaw(JSON.stringify(note), own); return forge.sign(await forge.payload({ body: { jwe }, digest })); }, code: 'decrypt-failed' },
  { name: 'JWE compressed with zip DEF', bytes: async () => { const pt = JSON.stringify(note); return forge.sign(await forge.payload({ body: { jwe: await jweWithHeader({ zip: 'DEF' }, pt) }, digest: sha256Digest(pt) })); }, code: 'decrypt-failed' },
  { name: 'digest of other bytes', bytes: async () => (await forge.make('digest-mismatch')).data, code: 'digest-mismatch' },
  // Check 13: body.
  { name: 'plaintext without a salt', bytes: async () => withPlaintext(JSON.stringify({ body: { text: 'no salt' } })), code: 'schema-invalid' },
  { name: 'plaintext not JSON', bytes: async () => withPlaintext('not json at all'), code: 'schema-invalid' },
  { name: 'case note of 10,001 characters', bytes: async () => withPlaintext(JSON.stringify({ salt: salt(), body: { text: 'x'.repeat(10_001) } })), code: 'schema-invalid' },
  { name: 'empty case note', bytes: async () => (await forge.make('schema-invalid')).data, code: 'schema-invalid' },
  // Check 14: state.
  { name: 'a note into a thread la-mlsw never saw', bytes: async () => (await forge.make('invalid-state')).data, code: 'invalid-state' },
  {
    name: 'a handover completion opening a thread',
    bytes: async () => {
      const id = uuidv7();
      const body = exampleBodies['repatriation.handover.completed'];
      return forge.sign(await forge.payload({ id, thid: id, type: 'repatriation.handover.completed' }, body));
    },
    code: 'invalid-state',
  },
];

async function signWithHeader(header: Record<string, unknown>): Promise<string> {
  return signRaw(await forge.payload(), forge.keys.sig, header);
}

describe(`a corpus of ${CASES.length} bad envelopes on la-mlsw's subject`, () => {
  it('quarantines each with its exact code, writes nothing else, and keeps serving', async () => {
    const inboxBefore = (await lao.inbox()).json.total as number;
    const quarantineBefore = (await lao.quarantine()).json.total as number;
    const published: { c: Case; hash: string }[] = [];
    for (const c of CASES) {
      const bytes = await c.bytes();
      await forge.inject(bytes, c.subject);
      published.push({ c, hash: envelopeHash(bytes) });
    }
    const seen = await eventually(async () => {
      const { json } = await lao.quarantine(`?limit=200`);
      const byHash = new Map<string, string>(json.items.map((q: { envelopeHash: string; code: string }) => [q.envelopeHash, q.code]));
      return published.every((p) => byHash.has(p.hash)) && byHash;
    }, 30_000, 'every bad envelope in the quarantine');
    const outcomes = published.map((p) => ({ name: p.c.name, code: seen.get(p.hash) }));
    expect(outcomes).toEqual(published.map((p) => ({ name: p.c.name, code: p.c.code })));
    // Unverified junk keeps only a prefix of its bytes, and the API says so.
    const items = (await lao.quarantine('?limit=200')).json.items as { envelopeHash: string; truncated: boolean }[];
    const truncated = (name: string) => items.find((q) => q.envelopeHash === published.find((p) => p.c.name === name)!.hash)?.truncated;
    expect([truncated('one byte over 256 KiB'), truncated('empty payload')]).toEqual([true, false]);
    // One quarantine row each, and nothing half-written into the inbox.
    expect((await lao.quarantine()).json.total).toBe(quarantineBefore + CASES.length);
    expect((await lao.inbox()).json.total).toBe(inboxBefore);
    const res = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: 'ยังทำงานอยู่' } });
    expect((await thai.waitForStatus(res.json.id, ['delivered', 'rejected'])).status).toBe('delivered');
  }, 120_000);

  it('has the stream refuse a byte more than its largest message, and the server more than 1 MiB, before any node sees them', async () => {
    await expect(forge.inject(new Uint8Array(DEFAULT_STREAM_MAX_MESSAGE_BYTES + 1))).rejects.toThrow(/exceeds maximum/i);
    await expect(forge.inject(new Uint8Array(2 * 1024 * 1024))).rejects.toThrow(/MAX_PAYLOAD/);
  });

  it('records a receipt for a message la-mlsw never sent, and answers nothing', async () => {
    const stray = uuidv7();
    const p = await forge.payload({ type: 'receipt', body: { for: stray, status: 'accepted', received: new Date().toISOString(), envelope: sha256Digest('x') } });
    delete (p as Record<string, unknown>)['digest'];
    delete (p as Record<string, unknown>)['lang'];
    const bytes = await forge.sign(p);
    await forge.inject(bytes);
    const recorded = await eventually(async () => (await lao.inbox('?type=receipt&limit=200')).json.items.find((r: { id: string }) => r.id === p.id), 15_000, 'the stray receipt recorded');
    expect(recorded.body.for).toBe(stray);
    await new Promise((r) => setTimeout(r, 500));
    const replies = (await thai.inbox('?limit=200')).json.items.filter((m: { body: { for?: string } }) => m.body.for === p.id);
    expect(replies).toEqual([]);
  });
});
