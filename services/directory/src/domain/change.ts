import {
  AgreementSchema,
  DirectorySnapshotSchema,
  fieldIssues,
  type Agency,
  type AgencyKey,
  type Agreement,
  type DirectorySnapshot,
} from '@mou-hub/protocol';
import * as v from 'valibot';
import { checkAgreement } from './agreement.ts';
import { allKids, checkNewKey } from './keys.ts';
import { fail, ok, type ChangeResult } from './problem.ts';

/** One edit an administrator makes to the directory. */
export type DirectoryChange =
  /** A new agency, with its first keys (possibly none yet). */
  | { kind: 'add-agency'; agency: Agency }
  /** A new key of an agency; `notBefore` may be in the future (rotation). */
  | { kind: 'add-key'; agencyId: string; key: AgencyKey }
  /** Messages created at or after `at` no longer verify with the key. */
  | { kind: 'revoke-key'; agencyId: string; kid: string; at: string }
  /**
   * Edits an agreement's fields given in `patch` (send map, languages, deadlines…), or creates
   * the agreement when `id` is new (then every field is needed).
   */
  | { kind: 'put-agreement'; id: string; patch: Partial<Omit<Agreement, 'id'>> }
  /**
   * The same content as a new version with a new `issued`: nodes warn when their directory
   * grows old, and an old one is what an attacker would put back in KV.
   */
  | { kind: 'reissue' };

/** The next snapshot and a one-line summary for the version history. */
export interface Applied {
  snapshot: DirectorySnapshot;
  summary: string;
}

type Edit = ChangeResult<{ agencies: Agency[]; agreements: Agreement[]; summary: string }>;

/**
 * The snapshot that follows `previous` after `change`: version + 1, issued at `issued`, every
 * rule checked. Pure: same inputs, same output; the problem is returned, never thrown.
 *
 * @example
 * const r = applyChange(current, { kind: 'revoke-key', agencyId: 'th-msdhs', kid: 'th-msdhs#sig-2026a', at }, now);
 * if (!r.ok) return r.problem; // { code: 'not-found', message: … }
 */
export function applyChange(previous: DirectorySnapshot, change: DirectoryChange, issued: string): ChangeResult<Applied> {
  const edit = edits[change.kind](previous, change as never);
  if (!edit.ok) return edit;
  const { summary, ...parts } = edit.value;
  const next = { ...structuredClone(previous), ...parts, version: previous.version + 1, issued };
  const checked = v.safeParse(DirectorySnapshotSchema, next);
  if (!checked.success) return fail('invalid', 'the changed directory is not valid', fieldIssues(checked.issues));
  return ok({ snapshot: checked.output, summary });
}

/**
 * Whether a directory issued at `issued` is due for a re-issue at `now`.
 *
 * @example
 * reissueDue('2026-01-01T00:00:00.000Z', new Date('2026-01-01T12:00:00.000Z'), 43_200_000); // true
 */
export function reissueDue(issued: string, now: Date, everyMs: number): boolean {
  return now.getTime() - Date.parse(issued) >= everyMs;
}

type Editors = { [K in DirectoryChange['kind']]: (s: DirectorySnapshot, c: Extract<DirectoryChange, { kind: K }>) => Edit };

const edits: Editors = {
  'add-agency'(s, { agency }) {
    if (s.agencies.some((a) => a.id === agency.id)) return fail('conflict', `agency ${agency.id} already exists`);
    const taken = allKids(s);
    for (const key of agency.keys) {
      const r = checkNewKey(agency.id, key, taken);
      if (!r.ok) return r;
      taken.add(key.kid);
    }
    return ok({ agencies: [...s.agencies, agency], agreements: s.agreements, summary: `add agency ${agency.id}` });
  },

  'add-key'(s, { agencyId, key }) {
    const agency = s.agencies.find((a) => a.id === agencyId);
    if (!agency) return fail('not-found', `no agency ${agencyId}`);
    const r = checkNewKey(agencyId, key, allKids(s));
    if (!r.ok) return r;
    const agencies = s.agencies.map((a) => (a.id === agencyId ? { ...a, keys: [...a.keys, key] } : a));
    return ok({ agencies, agreements: s.agreements, summary: `add key ${key.kid} (${key.use}) valid from ${key.notBefore}` });
  },

  'revoke-key'(s, { agencyId, kid, at }) {
    const agency = s.agencies.find((a) => a.id === agencyId);
    if (!agency) return fail('not-found', `no agency ${agencyId}`);
    const key = agency.keys.find((k) => k.kid === kid);
    if (!key) return fail('not-found', `agency ${agencyId} has no key ${kid}`);
    if (key.revokedAt) return fail('conflict', `key ${kid} was already revoked at ${key.revokedAt}`);
    const keys = agency.keys.map((k) => (k.kid === kid ? { ...k, revokedAt: at } : k));
    const agencies = s.agencies.map((a) => (a.id === agencyId ? { ...a, keys } : a));
    return ok({ agencies, agreements: s.agreements, summary: `revoke key ${kid} at ${at}` });
  },

  reissue(s) {
    return ok({ agencies: s.agencies, agreements: s.agreements, summary: 're-issue, unchanged' });
  },

  'put-agreement'(s, { id, patch }) {
    const existing = s.agreements.find((a) => a.id === id);
    const parsed = v.safeParse(AgreementSchema, { ...existing, ...patch, id });
    if (!parsed.success) {
      const what = existing ? `agreement ${id} would not be valid` : `a new agreement ${id} needs every field`;
      return fail('invalid', what, fieldIssues(parsed.issues));
    }
    const r = checkAgreement(s, parsed.output);
    if (!r.ok) return r;
    const agreement = r.value;
    const exists = existing !== undefined;
    const agreements = exists ? s.agreements.map((a) => (a.id === agreement.id ? agreement : a)) : [...s.agreements, agreement];
    return ok({ agencies: s.agencies, agreements, summary: `${exists ? 'edit' : 'add'} agreement ${agreement.id}` });
  },
};
