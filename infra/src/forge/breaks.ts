import { DEFAULT_MAX_BYTES, generateAgencyKeys, sha256Digest, uuidv7, type PrivateJwk, type PublicJwk } from '@mou-hub/protocol';
import { encryptRaw, salt, signRaw } from '@mou-hub/protocol/testing';

/** Keys a forger holds: the sender's real signing key, and the recipient's public encryption key. */
export interface ForgeKeys {
  from: string;
  to: string;
  sig: PrivateJwk;
  recipientEnc: PublicJwk;
}

type Payload = Record<string, unknown> & { id: string };

/** A well-formed `case.note` payload from `from` to `to` (override any field), body encrypted. */
export async function notePayload(k: ForgeKeys, overrides: Record<string, unknown> = {}, body: unknown = { text: 'forged or not' }): Promise<Payload> {
  const id = uuidv7();
  const { jwe, digest } = await encryptRaw(JSON.stringify({ salt: salt(), body }), k.recipientEnc);
  return {
    v: 1,
    id,
    type: 'case.note',
    agreement: 'la-th',
    from: k.from,
    to: k.to,
    thid: id,
    created: new Date().toISOString(),
    lang: 'en',
    body: { jwe },
    digest,
    ...overrides,
  };
}

/** Flips the first byte of the JWE's ciphertext. */
function tamperCiphertext(p: Payload): Payload {
  const parts = (p.body as { jwe: string }).jwe.split('.');
  const ct = Buffer.from(parts[3]!, 'base64url');
  ct[0] = ct[0]! ^ 0xff;
  parts[3] = ct.toString('base64url');
  return { ...p, body: { jwe: parts.join('.') } };
}

/** A broken (or good) envelope: its bytes, and its id when it has one. */
export interface Forged {
  data: string;
  id?: string;
  /** What the recipient sends back to the sender: a receipt, a problem, or nothing (no reflection to forgers). */
  reply: 'receipt' | 'problem' | 'none';
}

const signed = async (k: ForgeKeys, p: Payload, reply: Forged['reply'] = 'problem'): Promise<Forged> => ({ data: await signRaw(p, k.sig), id: p.id, reply });

/**
 * Every way a message can fail PROTOCOL.md's checks, by the code it must get, plus `good`.
 * `replay` needs the id of a message the recipient already holds.
 */
export const BREAKS = {
  good: async (k: ForgeKeys) => signed(k, await notePayload(k, {}, { text: 'a good message, for comparison' }), 'receipt'),
  // Over a node's limit (check 1), under the stream's (which refuses anything larger than an envelope can be).
  'too-large': async (): Promise<Forged> => ({ data: 'x'.repeat(DEFAULT_MAX_BYTES + 1024), reply: 'none' }),
  malformed: async (): Promise<Forged> => ({ data: 'this is not a JWS', reply: 'none' }),
  'unknown-key': async (k: ForgeKeys) => {
    const p = await notePayload(k);
    return { data: await signRaw(p, { ...k.sig, kid: `${k.from}#sig-unlisted` }), id: p.id, reply: 'none' };
  },
  'bad-signature': async (k: ForgeKeys) => {
    const impostor = await generateAgencyKeys(k.from, 'impostor');
    const p = await notePayload(k);
    return { data: await signRaw(p, { ...impostor.sig, kid: k.sig.kid }), id: p.id, reply: 'none' };
  },
  // Verified, but a v2 envelope's fields cannot be read as v1: quarantined without a reply.
  'unsupported-version': async (k: ForgeKeys) => signed(k, await notePayload(k, { v: 2 }), 'none'),
  'sender-mismatch': async (k: ForgeKeys) => signed(k, await notePayload(k, { from: k.to === 'la-mps' ? 'la-mlsw' : 'la-mps' })),
  'not-for-me': async (k: ForgeKeys) => signed(k, await notePayload(k, { to: k.to === 'la-mps' ? 'la-mlsw' : 'la-mps' })),
  'agreement-violation': async (k: ForgeKeys) => signed(k, await notePayload(k, { agreement: 'la-national' })),
  'future-dated': async (k: ForgeKeys) => signed(k, await notePayload(k, { created: new Date(Date.now() + 3_600_000).toISOString() })),
  expired: async (k: ForgeKeys) => signed(k, await notePayload(k, { expires: new Date(Date.now() - 60_000).toISOString() })),
  replay: async (k: ForgeKeys, heldId?: string) => {
    if (!heldId) throw new Error('replay needs the id of a message the recipient already holds');
    return signed(k, await notePayload(k, { id: heldId, thid: heldId }, { text: 'same id, other bytes' }));
  },
  'decrypt-failed': async (k: ForgeKeys) => signed(k, tamperCiphertext(await notePayload(k))),
  'digest-mismatch': async (k: ForgeKeys) => signed(k, await notePayload(k, { digest: sha256Digest('something else') })),
  'schema-invalid': async (k: ForgeKeys) => signed(k, await notePayload(k, {}, { text: '' })),
  'invalid-state': async (k: ForgeKeys) => {
    const p = await notePayload(k, {}, { text: 'a reply to a thread the recipient never saw' });
    return signed(k, { ...p, thid: uuidv7() });
  },
} satisfies Record<string, (k: ForgeKeys, heldId?: string) => Promise<Forged>>;

export type BreakKind = keyof typeof BREAKS;
/** Every kind `pnpm forge` can make, in order: the good one, then check 1 to check 14. */
export const BREAK_KINDS = Object.keys(BREAKS) as BreakKind[];
