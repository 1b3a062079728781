import { generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { HEAD_TYP, readCountersignature, readHead, signCountersignature, signHead, verifySignedJson, WITNESS_TYP, type TreeHead } from './head.ts';

const head: TreeHead = { v: 1, log: 'la-mlsw', size: 3, root: 'A'.repeat(43), time: '2026-03-01T08:00:00.000Z' };

describe('signed tree heads', async () => {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA');
  const other = await generateKeyPair('EdDSA');
  const signer = { kid: 'la-mlsw#sig-1', key: privateKey };

  it('a head verifies with its key, reads back, and not with another key or typ', async () => {
    const jws = await signHead(head, signer);
    const r = await verifySignedJson(jws, HEAD_TYP, publicKey);
    expect(r.ok && readHead(r.value)).toEqual(head);
    expect(await verifySignedJson(jws, HEAD_TYP, other.publicKey)).toEqual({ ok: false, reason: 'signature does not verify' });
    expect(await verifySignedJson(jws, WITNESS_TYP, publicKey)).toEqual({ ok: false, reason: `not a ${WITNESS_TYP}` });
  });

  it('a changed head payload does not verify', async () => {
    const [h, , s] = (await signHead(head, signer)).split('.');
    const forged = Buffer.from(JSON.stringify({ ...head, size: 4 })).toString('base64url');
    expect((await verifySignedJson(`${h}.${forged}.${s}`, HEAD_TYP, publicKey)).ok).toBe(false);
  });

  it('a countersignature verifies and reads back', async () => {
    const c = { v: 1 as const, head: 'sha256:x', log: 'la-mlsw', size: 3, root: head.root, witness: 'la-secretariat', witnessed: head.time };
    const r = await verifySignedJson(await signCountersignature(c, signer), WITNESS_TYP, publicKey);
    expect(r.ok && readCountersignature(r.value)).toEqual(c);
  });

  it.each([
    [{ ...head, v: 2 }, 'head version 2 is not 1'],
    [{ ...head, size: -1 }, 'head size is not a whole number'],
    [{ ...head, root: 'short' }, 'head log or root is malformed'],
    [{ ...head, time: 'now' }, 'head time is not an RFC 3339 UTC time'],
    [{ ...head, extra: 1 }, 'head has other members than v, log, size, root, time'],
  ])('readHead refuses %j', (value, reason) => {
    expect(readHead(value as Record<string, unknown>)).toBe(reason);
  });
});
