import { beforeAll, describe, expect, it } from 'vitest';
import { compactDecrypt } from 'jose';
import { generateRootKey, publicJwk, seal, signDirectory, envelopeHash } from '@mou-hub/protocol';
import { makeCases, at } from '../test-support.ts';
import type { EvidenceEntry } from '../entry.ts';
import { verifyBundle } from './verify-bundle.ts';
import type { BundleReport } from './types.ts';

let f: Awaited<ReturnType<typeof makeCases>>;
beforeAll(async () => {
  f = await makeCases();
});

const codes = (r: BundleReport): string[] => [...new Set(r.failures.map((x) => x.code))].sort();
const flip = (s: string, i: number): string => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);

describe('verifyBundle on an intact log', () => {
  it('both sides of a case verify, with every message delivered, witnessed, under the right directory', async () => {
    for (const agency of ['la-mlsw', 'th-msdhs'] as const) {
      const r = await verifyBundle(f.bundle(agency, f.caseA, await f.head(agency)), f.rootPublic);
      expect(r.failures).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.messages.map((m) => [m.type, m.from, m.directoryVersion, m.delivered !== undefined])).toEqual([
        ['case.note', 'th-msdhs', 1, true],
        ['case.note', 'la-mlsw', 2, true],
      ]);
      expect(r.head?.witnesses.map((w) => w.witness)).toEqual(['la-secretariat']);
      expect(r.directories.map((d) => d.version)).toEqual([1, 2]);
    }
  });

  it('the two sides agree on every message, time and signature', async () => {
    const la = await verifyBundle(f.bundle('la-mlsw', f.caseA, await f.head('la-mlsw')), f.rootPublic);
    const th = await verifyBundle(f.bundle('th-msdhs', f.caseA, await f.head('th-msdhs')), f.rootPublic);
    const facts = (r: BundleReport) => r.messages.map((m) => [m.id, m.envelopeHash, m.created, m.kid, m.delivered?.received]);
    expect(facts(la)).toEqual(facts(th));
  });

  it('a bundle holds only its case: the other case is not in it', async () => {
    const b = f.bundle('la-mlsw', f.caseA, await f.head('la-mlsw'));
    expect(JSON.stringify(b)).not.toContain(f.caseB);
  });
});

describe('tampering is detected with a precise reason', () => {
  const withLog = async (agency: 'la-mlsw', change: (log: EvidenceEntry[]) => void) => {
    const h = await f.head(agency); // witnessed before the change
    const log = structuredClone(f.logs[agency]);
    change(log);
    return verifyBundle(f.bundle(agency, f.caseA, h, log), f.rootPublic);
  };

  it('flipping one character of any stored entry', async () => {
    const n = f.logs['la-mlsw'].length;
    for (let i = 0; i < n; i++) {
      const r = await withLog('la-mlsw', (log) => {
        const e = log[i]!;
        e.jws = flip(e.jws, 40);
      });
      expect(r.ok, `entry ${i}`).toBe(false);
      expect(codes(r), `entry ${i}`).toContain('not-included');
    }
  });

  it('changing the time of a stored entry', async () => {
    const r = await withLog('la-mlsw', (log) => void (log[1]!.at = at(61).toISOString()));
    expect(r.failures).toContainEqual(expect.objectContaining({ code: 'not-included', entry: 1 }));
  });

  it('dropping a stored entry (the log has grown since the head)', async () => {
    const r = await withLog('la-mlsw', (log) => { log.splice(3, 1); log.push({ ...log[0]!, at: at(2000).toISOString() }); });
    expect(r.ok).toBe(false);
    expect(codes(r)).toContain('not-included');
  });

  it('reordering two stored entries', async () => {
    const r = await withLog('la-mlsw', (log) => void ([log[1], log[2]] = [log[2]!, log[1]!]));
    expect(r.failures).toContainEqual(expect.objectContaining({ code: 'not-included', entry: 1 }));
  });

  it('replacing a directory snapshot with another the root signed', async () => {
    const r = await withLog('la-mlsw', (log) => void (log[0] = { ...log[0]!, jws: f.dir2, version: 2 } as EvidenceEntry));
    expect(r.failures).toContainEqual(expect.objectContaining({ code: 'not-included', entry: 0 }));
  });

  it('a directory snapshot not signed by the root', async () => {
    const other = await generateRootKey('forged');
    const forged = await signDirectory({ ...JSON.parse(Buffer.from(f.dir1.split('.')[1]!, 'base64url').toString()), rootKeys: [publicJwk(other)] }, other);
    const h = await f.head('la-mlsw', [{ ...f.logs['la-mlsw'][0]!, jws: forged } as EvidenceEntry, ...f.logs['la-mlsw'].slice(1)]);
    const r = await verifyBundle(f.bundle('la-mlsw', f.caseA, h, [{ ...f.logs['la-mlsw'][0]!, jws: forged } as EvidenceEntry, ...f.logs['la-mlsw'].slice(1)]), f.rootPublic);
    expect(r.failures).toContainEqual(expect.objectContaining({ code: 'directory-invalid', entry: 0 }));
  });

  it("swapping in a receipt of another case", async () => {
    const h = await f.head('la-mlsw');
    const a = f.bundle('la-mlsw', f.caseA, h);
    const b = f.bundle('la-mlsw', f.caseB, h);
    const foreign = b.entries.find((e) => e.entry.kind === 'receipt')!;
    const mine = a.entries.findIndex((e) => e.entry.kind === 'receipt');
    a.entries[mine] = { ...a.entries[mine]!, entry: foreign.entry };
    const r = await verifyBundle(a, f.rootPublic);
    expect(codes(r)).toEqual(['not-included', 'wrong-case']);
    // With its own index and proof (a genuine entry of the log), it is still not of this case.
    a.entries[mine] = foreign;
    a.entries.sort((x, y) => x.index - y.index);
    expect(codes(await verifyBundle(a, f.rootPublic))).toEqual(['wrong-case']);
  });

  it('a receipt that quotes another hash than its message', async () => {
    const log = structuredClone(f.logs['la-mlsw']);
    const m = log.find((e) => e.kind === 'envelope' && e.direction === 'received')!;
    const id = JSON.parse(Buffer.from(m.jws.split('.')[1]!, 'base64url').toString()).id as string;
    const bad = await seal(
      { type: 'receipt', agreement: 'la-th', from: 'la-mlsw', to: 'th-msdhs', thid: f.caseA, created: at(900),
        body: { for: id, status: 'accepted', received: at(900).toISOString(), envelope: envelopeHash('other') } },
      { signer: f.rings['la-mlsw'] },
    );
    log.push({ v: 1, kind: 'receipt', direction: 'sent', at: at(900).toISOString(), jws: bad.jws });
    const r = await verifyBundle(f.bundle('la-mlsw', f.caseA, await f.head('la-mlsw', log), log), f.rootPublic);
    expect(codes(r)).toEqual(['receipt-mismatch']);
  });

  it('forking the log after a witnessed head: the new head has no countersignature of its own', async () => {
    const witnessed = await f.head('la-mlsw');
    const forked = structuredClone(f.logs['la-mlsw']);
    forked.splice(3, 1); // history rewritten, then signed again by the node alone
    const self = await f.head('la-mlsw', forked, at(1500));
    const r = await verifyBundle(f.bundle('la-mlsw', f.caseA, { ...self, countersignatures: witnessed.countersignatures }, forked), f.rootPublic);
    expect(codes(r)).toEqual(['countersignature-invalid', 'not-witnessed']);
    const alone = await verifyBundle(f.bundle('la-mlsw', f.caseA, { ...self, countersignatures: [] }, forked), f.rootPublic);
    expect(codes(alone)).toEqual(['not-witnessed']);
    expect((await verifyBundle(f.bundle('la-mlsw', f.caseA, { ...self, countersignatures: [] }, forked), f.rootPublic, { allowUnwitnessed: true })).ok).toBe(true);
  });

  it('a head signed by another agency, a flipped head, a bundle that is not one', async () => {
    const th = await f.head('th-msdhs', f.logs['la-mlsw']);
    expect(codes(await verifyBundle(f.bundle('la-mlsw', f.caseA, th), f.rootPublic))).toContain('head-invalid');
    const h = await f.head('la-mlsw');
    expect(codes(await verifyBundle(f.bundle('la-mlsw', f.caseA, { ...h, jws: flip(h.jws, h.jws.length - 5) }), f.rootPublic))).toContain('head-invalid');
    expect(codes(await verifyBundle({ format: 'x' }, f.rootPublic))).toEqual(['bundle-malformed']);
    const b = f.bundle('la-mlsw', f.caseA, h);
    b.entries.reverse();
    expect(codes(await verifyBundle(b, f.rootPublic))).toContain('order');
  });
});

describe('a body disclosed for the court', () => {
  it('is marked disclosed when it matches the signed digest, refused when it does not', async () => {
    const b = f.bundle('la-mlsw', f.caseA, await f.head('la-mlsw'));
    const received = b.entries.find((e) => e.entry.kind === 'envelope' && e.entry.direction === 'received')!;
    const payload = JSON.parse(Buffer.from(received.entry.jws.split('.')[1]!, 'base64url').toString()) as { id: string; body: { jwe: string } };
    const key = await f.rings['la-mlsw'].decryptionKey(JSON.parse(Buffer.from(payload.body.jwe.split('.')[0]!, 'base64url').toString()).kid);
    const plaintext = new TextDecoder().decode((await compactDecrypt(payload.body.jwe, key!)).plaintext);
    const r = await verifyBundle({ ...b, disclosures: [{ id: payload.id, plaintext }] }, f.rootPublic);
    expect(r.ok).toBe(true);
    expect(r.messages.find((m) => m.id === payload.id)?.disclosed).toBe(true);
    const lie = await verifyBundle({ ...b, disclosures: [{ id: payload.id, plaintext: plaintext.replace('case A', 'case Z') }] }, f.rootPublic);
    expect(codes(lie)).toEqual(['disclosure-mismatch']);
  });
});
