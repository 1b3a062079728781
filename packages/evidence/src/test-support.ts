/**
 * A small federation for the evidence tests: the root, th-msdhs and la-mlsw, the Secretariat
 * as witness; two cases between them sealed with the real protocol; each node's log as its
 * node would write it, a signed head and a countersignature. Tests only.
 */
import {
  Directory, createKeyRing, envelopeHash, generateAgencyKeys, generateRootKey, publicJwk, seal, signDirectory,
  type AgencyKey, type DirectorySnapshot, type PrivateJwk,
} from '@mou-hub/protocol';
import { buildBundle, type EvidenceBundle } from './bundle/bundle.ts';
import { entryLeafHash, type EvidenceEntry } from './entry.ts';
import { signCountersignature, signHead, type Signer } from './head.ts';
import { MerkleLog } from './log.ts';
import { sha256Digest } from '@mou-hub/protocol';

export const T0 = Date.parse('2026-03-01T08:00:00.000Z');
export const at = (seconds: number): Date => new Date(T0 + seconds * 1000);

const key = (jwk: PrivateJwk): AgencyKey => ({
  kid: jwk.kid, use: jwk.crv === 'Ed25519' ? 'sig' : 'enc', jwk: publicJwk(jwk), notBefore: '2020-01-01T00:00:00.000Z',
});

/** Builds the federation and both logs. */
export async function makeCases() {
  const [root, th, la, sec] = await Promise.all([
    generateRootKey('2026'),
    generateAgencyKeys('th-msdhs', '2026a'),
    generateAgencyKeys('la-mlsw', '2026a'),
    generateAgencyKeys('la-secretariat', 'witness-2026'),
  ]);
  const snapshot = (version: number): DirectorySnapshot => ({
    version, issued: at(-3600 + version).toISOString(), rootKeys: [publicJwk(root)],
    agencies: [
      { id: 'th-msdhs', country: 'TH', names: { en: 'MSDHS' }, roles: ['focal-point'], keys: [key(th.sig), key(th.enc)] },
      { id: 'la-mlsw', country: 'LA', names: { en: 'MLSW' }, roles: ['focal-point'], keys: [key(la.sig), key(la.enc)] },
      { id: 'la-secretariat', country: 'LA', names: { en: 'Secretariat' }, roles: ['secretariat'], keys: [key(sec.sig)] },
    ],
    agreements: [{
      id: 'la-th', title: 'Lao PDR - Thailand', parties: ['la-mlsw', 'th-msdhs'], languages: ['lo', 'th'],
      send: { 'th-msdhs': ['case.note'], 'la-mlsw': ['case.note'] }, deadlines: [],
    }],
  });
  const dir1 = await signDirectory(snapshot(1), root);
  const dir2 = await signDirectory(snapshot(2), root);
  const directory = new Directory(snapshot(1));
  const rings = { 'th-msdhs': createKeyRing([th.sig, th.enc]), 'la-mlsw': createKeyRing([la.sig, la.enc]) };
  const logs: Record<'th-msdhs' | 'la-mlsw', EvidenceEntry[]> = {
    'th-msdhs': [{ v: 1, kind: 'directory', at: at(0).toISOString(), version: 1, jws: dir1 }],
    'la-mlsw': [{ v: 1, kind: 'directory', at: at(0).toISOString(), version: 1, jws: dir1 }],
  };

  /** One case.note from → to, its receipt, each logged by both nodes as a node would. */
  async function exchange(from: 'th-msdhs' | 'la-mlsw', to: 'th-msdhs' | 'la-mlsw', t: number, thid?: string, text = 'note') {
    const m = await seal(
      { type: 'case.note', agreement: 'la-th', from, to, lang: 'en', body: { text }, created: at(t), ...(thid ? { thid } : {}) },
      { signer: rings[from], recipientKey: directory.encryptionKeyFor(to, at(t))! },
    );
    logs[from].push({ v: 1, kind: 'envelope', direction: 'sent', at: at(t).toISOString(), jws: m.jws });
    logs[to].push({ v: 1, kind: 'envelope', direction: 'received', at: at(t + 2).toISOString(), jws: m.jws });
    const r = await seal(
      { type: 'receipt', agreement: 'la-th', from: to, to: from, thid: m.payload.thid, replyTo: m.id, created: at(t + 3),
        body: { for: m.id, status: 'accepted', received: at(t + 2).toISOString(), envelope: envelopeHash(m.jws) } },
      { signer: rings[to] },
    );
    logs[to].push({ v: 1, kind: 'receipt', direction: 'sent', at: at(t + 3).toISOString(), jws: r.jws });
    logs[from].push({ v: 1, kind: 'receipt', direction: 'received', at: at(t + 5).toISOString(), jws: r.jws });
    return m;
  }

  const a = await exchange('th-msdhs', 'la-mlsw', 60, undefined, 'case A opens');
  const b = await exchange('th-msdhs', 'la-mlsw', 300, undefined, 'case B opens');
  for (const log of Object.values(logs)) log.push({ v: 1, kind: 'directory', at: at(600).toISOString(), version: 2, jws: dir2 });
  await exchange('la-mlsw', 'th-msdhs', 660, a.payload.thid, 'case A answered');
  await exchange('th-msdhs', 'la-mlsw', 720, b.payload.thid, 'case B goes on');

  const signers = {
    'th-msdhs': await rings['th-msdhs'].signingKey(),
    'la-mlsw': await rings['la-mlsw'].signingKey(),
  } satisfies Record<string, Signer>;
  const witness = await createKeyRing([sec.sig]).signingKey();

  /** The node's head over its whole log, and the Secretariat's countersignature of it. */
  async function head(agency: 'th-msdhs' | 'la-mlsw', entries = logs[agency], time = at(1200)) {
    const tree = new MerkleLog(entries.map(entryLeafHash));
    const h = { v: 1 as const, log: agency, size: tree.size, root: Buffer.from(tree.root()).toString('base64url'), time: time.toISOString() };
    const jws = await signHead(h, signers[agency]);
    const countersignature = await signCountersignature(
      { v: 1, head: sha256Digest(jws), log: agency, size: h.size, root: h.root, witness: 'la-secretariat', witnessed: at(1210).toISOString() },
      witness,
    );
    return { jws, size: h.size, countersignatures: [countersignature] };
  }

  /** A bundle of case `thid` from a node's log (its current entries) against `h`. */
  function bundle(agency: 'th-msdhs' | 'la-mlsw', thid: string, h: { jws: string; size: number; countersignatures: string[] }, entries = logs[agency]): EvidenceBundle {
    return buildBundle({ log: agency, case: { thid }, entries, head: h, exported: at(1300) });
  }

  return { root, rootPublic: publicJwk(root), dir1, dir2, rings, signers, witness, logs, caseA: a.payload.thid, caseB: b.payload.thid, head, bundle };
}
