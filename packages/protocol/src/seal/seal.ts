import { CompactSign } from 'jose';
import type { CryptoKey } from 'jose';
import * as v from 'valibot';
import { validateBody } from '../bodies/index.ts';
import type { PublicJwk } from '../directory/schema.ts';
import { SealError } from '../errors.ts';
import { envelopeHash } from '../envelope/hash.ts';
import { ENVELOPE_TYP, EnvelopeSchema } from '../envelope/schema.ts';
import type { Envelope, Stats } from '../envelope/schema.ts';
import { describeIssues, fieldIssues } from '../issues.ts';
import { importPrivateKey } from '../keys/import.ts';
import type { PrivateJwk } from '../keys/jwk.ts';
import { isKeyRing } from '../keys/key-ring.ts';
import type { KeyRing } from '../keys/key-ring.ts';
import { isBusinessType } from '../message-types.ts';
import type { MessageType } from '../message-types.ts';
import { agencyOfKid } from '../names.ts';
import { encryptBody } from './encrypt-body.ts';
import { uuidv7 } from './uuidv7.ts';

/** What a sender knows about a message before it is sealed. */
export interface SealInput {
  /** Message type. */
  type: MessageType;
  /** Agreement id it travels under. */
  agreement: string;
  /** Sending agency (must own the signing key). */
  from: string;
  /** Receiving agency (must own the recipient key). */
  to: string;
  /** The body, checked against its type's schema. */
  body: unknown;
  /** Language of the body; required for business types. */
  lang?: string;
  /** Thread id; defaults to `id` (a new thread). */
  thid?: string;
  /** Id of the message this one answers. */
  replyTo?: string;
  /** After this instant the message must not be acted on. */
  expires?: Date;
  /** Non-identifying counts for the audit. */
  stats?: Stats;
  /** The case's human reference, on a thread's first message (`LA-TH-2026-0042`). */
  ref?: string;
  /** Message id; defaults to a fresh UUID v7 (pass the outbox row's id to re-seal the same message). */
  id?: string;
  /** Defaults to now. */
  created?: Date;
}

/** Keys for `seal`: the sender's signing key and, for business types, the recipient's X25519 key. */
export interface SealKeys {
  /** The sender's key ring, or its Ed25519 private JWK. */
  signer: KeyRing | PrivateJwk;
  /** The recipient's encryption key, from `directory.encryptionKeyFor(to, now)`. */
  recipientKey?: PublicJwk;
}

/** A sealed message, ready to publish. */
export interface Sealed {
  /** Message id (the `Nats-Msg-Id`). */
  id: string;
  /** The compact JWS: the bytes that travel. */
  jws: string;
  /** The signed payload, as built. */
  payload: Envelope;
  /** `sha256:` of the JWS, as the recipient's receipt will quote it. */
  envelopeHash: string;
}

/**
 * Signs a message and, for business types, encrypts its body to the recipient. Throws
 * `SealError` (with field issues) when the input or keys do not fit.
 *
 * @example
 * const sealed = await seal(
 *   { type: 'case.note', agreement: 'la-th', from: 'th-msdhs', to: 'la-mlsw', lang: 'th', body: { text: 'สวัสดี' } },
 *   { signer: ring, recipientKey: directory.encryptionKeyFor('la-mlsw', new Date())! },
 * );
 * await bus.publish(`mou.v1.msg.la-mlsw.th-msdhs`, sealed.jws, { msgID: sealed.id });
 */
export async function seal(input: SealInput, keys: SealKeys): Promise<Sealed> {
  const checked = validateBody(input.type, input.body);
  if (!checked.ok) {
    const issues = checked.issues.map((i) => (i.path === 'type' ? i : { ...i, path: i.path ? `body.${i.path}` : 'body' }));
    throw new SealError(`invalid ${input.type} message: ${describeIssues(issues)}`, issues);
  }

  const signer = isKeyRing(keys.signer) ? await keys.signer.signingKey() : await signerOf(keys.signer);
  if (agencyOfKid(signer.kid) !== input.from) throw new SealError(`${signer.kid} does not belong to ${input.from}`, [{ path: 'from', message: 'signer' }]);

  const id = input.id ?? uuidv7();
  const payload: Record<string, unknown> = {
    v: 1, id, type: input.type, agreement: input.agreement, from: input.from, to: input.to,
    thid: input.thid ?? id, replyTo: input.replyTo, created: (input.created ?? new Date()).toISOString(),
    expires: input.expires?.toISOString(), lang: input.lang,
  };
  if (isBusinessType(input.type)) {
    const { jwe, digest } = await encryptBody(checked.body, input.to, keys.recipientKey);
    Object.assign(payload, { body: { jwe }, digest });
  } else {
    payload.body = checked.body;
  }
  payload.stats = input.stats;
  payload.ref = input.ref;
  for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];

  const envelope = v.safeParse(EnvelopeSchema, payload);
  if (!envelope.success) throw new SealError(`invalid envelope: ${describeIssues(fieldIssues(envelope.issues))}`, fieldIssues(envelope.issues));
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: signer.kid, typ: ENVELOPE_TYP })
    .sign(signer.key);
  return { id, jws, payload: envelope.output, envelopeHash: envelopeHash(jws) };
}

// A bare JWK signer is imported once per JWK object; a KeyRing caches on its own.
const importedSigners = new WeakMap<PrivateJwk, Promise<CryptoKey>>();

async function signerOf(jwk: PrivateJwk) {
  if (jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string') throw new SealError('signer is not an Ed25519 private key', [{ path: 'signer', message: 'Ed25519' }]);
  let key = importedSigners.get(jwk);
  if (!key) importedSigners.set(jwk, (key = importPrivateKey(jwk)));
  return { kid: jwk.kid, key: await key };
}
