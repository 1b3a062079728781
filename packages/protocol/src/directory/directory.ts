import type { CryptoKey } from 'jose';
import * as v from 'valibot';
import { ProtocolError } from '../errors.ts';
import { describeIssues, fieldIssues } from '../issues.ts';
import { isProtocolType } from '../message-types.ts';
import { AGREEMENT_ID, agencyOfKid } from '../names.ts';
import { importPublicKey } from '../keys/import.ts';
import { DirectorySnapshotSchema } from './schema.ts';
import type { Agency, AgencyKey, Agreement, DirectorySnapshot, PublicJwk } from './schema.ts';

/**
 * How old (by its `issued`) a node's directory may grow before the node warns that it may miss
 * a revocation: 24 hours. Nodes may configure another age.
 */
export const DEFAULT_DIRECTORY_MAX_AGE_MS = 86_400_000;

/** A yes, or a no with a human reason. */
export type Verdict = { ok: true } | { ok: false; detail: string };
/** A key valid at the asked instant, with its owner, or why not. */
export type KeyLookup = { ok: true; key: AgencyKey; agency: string } | { ok: false; detail: string };

const at0 = (t: string | undefined): number | undefined => (t === undefined ? undefined : Date.parse(t));

/** Whether a directory key may be used at `at` (revoked and expired keys may not). */
export function keyValidAt(key: AgencyKey, at: Date): Verdict {
  const t = at.getTime();
  const notAfter = at0(key.notAfter);
  const revokedAt = at0(key.revokedAt);
  if (t < Date.parse(key.notBefore)) return { ok: false, detail: `${key.kid} is not valid before ${key.notBefore}` };
  if (notAfter !== undefined && t >= notAfter) return { ok: false, detail: `${key.kid} expired at ${key.notAfter}` };
  if (revokedAt !== undefined && t >= revokedAt) return { ok: false, detail: `${key.kid} was revoked at ${key.revokedAt}` };
  return { ok: true };
}

/**
 * A verified directory snapshot, indexed for lookups. Immutable: a new snapshot is a new
 * `Directory`.
 *
 * @example
 * const result = await verifyDirectory(jws, pinnedRootKeys);
 * if (result.ok) directory = new Directory(result.snapshot);
 * directory.maySend('la-th', 'th-msdhs', 'la-mlsw', 'repatriation.request'); // { ok: true }
 */
export class Directory {
  /** The snapshot this directory was built from (frozen). */
  readonly snapshot: DirectorySnapshot;
  /** The snapshot's version. */
  readonly version: number;
  readonly #agencies: ReadonlyMap<string, Agency>;
  readonly #agreements: ReadonlyMap<string, Agreement>;
  readonly #keys: ReadonlyMap<string, { key: AgencyKey; agency: string }>;

  /** Validates the snapshot (throws `ProtocolError` `directory-invalid`) and indexes it. */
  constructor(snapshot: DirectorySnapshot) {
    const r = v.safeParse(DirectorySnapshotSchema, snapshot);
    if (!r.success) throw new ProtocolError('directory-invalid', describeIssues(fieldIssues(r.issues)), fieldIssues(r.issues));
    this.snapshot = deepFreeze(r.output);
    this.version = r.output.version;
    this.#agencies = new Map(r.output.agencies.map((a) => [a.id, a]));
    this.#agreements = new Map(r.output.agreements.map((a) => [a.id, a]));
    const keys = r.output.agencies.flatMap((a) => a.keys.map((key) => [key.kid, { key, agency: a.id }] as const));
    this.#keys = new Map(keys);
    if (this.#keys.size !== keys.length) throw new ProtocolError('directory-invalid', 'a kid is listed twice');
  }

  /** The agency with this id. */
  agency(id: string): Agency | undefined {
    return this.#agencies.get(id);
  }

  /** The agreement with this id. */
  agreement(id: string): Agreement | undefined {
    return this.#agreements.get(id);
  }

  /** The agency that lists `kid`, whatever its validity. */
  ownerOf(kid: string): string | undefined {
    return this.#keys.get(kid)?.agency;
  }

  /** The key `kid` if it is valid at `at` and its kid names its owning agency. */
  keyAt(kid: string, at: Date): KeyLookup {
    const entry = this.#keys.get(kid);
    if (!entry) return { ok: false, detail: `${kid} is not in directory version ${this.version}` };
    if (agencyOfKid(kid) !== entry.agency || entry.key.jwk.kid !== kid) {
      return { ok: false, detail: `${kid} is listed under ${entry.agency} with another kid` };
    }
    const valid = keyValidAt(entry.key, at);
    return valid.ok ? { ok: true, ...entry } : valid;
  }

  /** The newest (latest `notBefore`) encryption key of an agency valid at `at`. */
  encryptionKeyFor(agencyId: string, at: Date): PublicJwk | undefined {
    const keys = this.#agencies.get(agencyId)?.keys ?? [];
    const valid = keys.filter((k) => k.use === 'enc' && k.jwk.crv === 'X25519' && this.keyAt(k.kid, at).ok);
    return valid.sort((a, b) => Date.parse(b.notBefore) - Date.parse(a.notBefore))[0]?.jwk;
  }

  /**
   * Whether `from` may send `type` to `to` under `agreementId`: the agreement exists, both are
   * its parties, and it lets `from` send `type`. A `receipt` or `problem` needs only the first
   * two (an agreement both share, whatever types it allows): without it, anyone who learnt a
   * message id could send one and have the audit believe it.
   */
  maySend(agreementId: string, from: string, to: string, type: string): Verdict {
    if (!AGREEMENT_ID.test(agreementId)) return { ok: false, detail: 'not an agreement id' };
    const agreement = this.#agreements.get(agreementId);
    if (!agreement) return { ok: false, detail: `no agreement ${agreementId} in directory version ${this.version}` };
    for (const party of [from, to]) {
      if (!agreement.parties.includes(party)) return { ok: false, detail: `${party} is not a party to ${agreementId}` };
    }
    if (isProtocolType(type)) return { ok: true };
    const allowed = agreement.send[from] ?? [];
    if (!(allowed as readonly string[]).includes(type)) return { ok: false, detail: `${from} may not send ${type} under ${agreementId}` };
    return { ok: true };
  }

  /**
   * The agreement a `receipt` or `problem` from `from` to `to` travels under: `preferred` (the
   * answered message's) when both are its parties, else the first agreement they share, else
   * none (the answer cannot be sent).
   *
   * @example
   * directory.replyAgreement('la-cn', 'la-mlsw', 'th-msdhs'); // 'la-th': la-cn is not theirs
   */
  replyAgreement(preferred: string, from: string, to: string): string | undefined {
    const shared = (a: Agreement): boolean => a.parties.includes(from) && a.parties.includes(to);
    const first = this.#agreements.get(preferred);
    if (first && shared(first)) return first.id;
    return [...this.#agreements.values()].find(shared)?.id;
  }

  /** The imported Ed25519 key for `kid`, cached per process. Throws if the kid is unknown. */
  verificationKey(kid: string): Promise<CryptoKey> {
    const entry = this.#keys.get(kid);
    if (!entry || entry.key.use !== 'sig' || entry.key.jwk.crv !== 'Ed25519') {
      return Promise.reject(new ProtocolError('key-invalid', `${kid} is not a signing key in the directory`));
    }
    return importPublicKey(entry.key.jwk);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
