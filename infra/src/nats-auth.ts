import bcrypt from 'bcryptjs';
import type { DirectorySnapshot } from '@mou-hub/protocol';
import { brokerSenders, HUB_ACCOUNT, senderAccount, senderImports } from './nats-accounts.ts';
import {
  ATTACHMENT_SUBJECT_PREFIX,
  attachmentStreamName,
  AUDIT_CONSUMER,
  DEFAULT_SENDER_QUOTA_BYTES,
  DIRECTORY_BUCKET,
  evidenceHeadSubject,
  evidencePeerSubject,
  inboxConsumerName,
  inboxFilterSubject,
  OUT_SUBJECT_PREFIX,
  senderApiPrefix,
  senderStreamName,
  STREAM,
  SUBJECT_PREFIX,
} from '@mou-hub/bus';

// Every user is in account HUB, with per-user permissions (each agency's quota: nats-accounts.ts).
// Replies (pull-consumer deliveries, PubAcks, KV answers) go to the client's inbox. With the
// default `_INBOX.>` any user allowed to subscribe to inboxes could read everyone's messages, so
// each user gets its own prefix `_INBOX_<user>` and may subscribe there only. Clients MUST
// connect with `inboxPrefix: inboxPrefixFor(<agency id | 'audit' | 'directory'>)`.

/** A NATS user name and password. */
export interface NatsCredentials {
  user: string;
  password: string;
}

/** Who may connect: one user per agency, plus the directory, audit and admin services. */
export interface NatsUsers {
  /** NATS user of each agency that runs a node, by agency id (must be in the directory). */
  agencies: Record<string, NatsCredentials>;
  /**
   * The hub-side user a post's leaf node (an embassy, a border post) joins as, by the agency
   * whose node sits behind it. What crosses the leaf connection is what this user may publish
   * and subscribe, so it gets its agency's permissions (with the JetStream API addressed
   * through the hub's domain): a client of the leaf can do no more than the agency could.
   */
  leaves?: Record<string, NatsCredentials>;
  /** The directory service: the only writer of the directory KV bucket. */
  directory: NatsCredentials;
  /** The audit service: reads the whole stream through its durable `audit`. */
  audit: NatsCredentials;
  /** The launcher and operators: everything (creates the stream and consumers). */
  admin: NatsCredentials;
}

export { AUDIT_CONSUMER };

/**
 * The inbox prefix a client must pass as nats.js `inboxPrefix` under the generated permissions.
 *
 * @example
 * await connect({ servers, user, pass, inboxPrefix: inboxPrefixFor('th-msdhs') }); // '_INBOX_th-msdhs'
 */
export function inboxPrefixFor(name: 'audit' | 'directory' | (string & {})): string {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`inboxPrefixFor: ${JSON.stringify(name)} is not a subject token`);
  return `_INBOX_${name}`;
}

/**
 * Connect options for a user of the generated permissions: its credentials and, for every
 * user but admin, its own inbox prefix. `undefined` (a server without users) gives none.
 *
 * @example
 * await connectBus({ servers, ...connectAs(users.directory, 'directory') });
 */
export function connectAs(
  creds: NatsCredentials | undefined,
  name?: 'audit' | 'directory' | (string & {}),
): { user?: string; pass?: string; inboxPrefix?: string } {
  if (!creds) return {};
  return { user: creds.user, pass: creds.password, ...(name ? { inboxPrefix: inboxPrefixFor(name) } : {}) };
}

interface Permissions {
  publish: { allow: string[]; deny?: string[] };
  subscribe: { allow: string[] };
  /** May answer the requests it receives (on the requester's reply subject), once each. */
  allow_responses?: boolean;
}

const API = '$JS.API';
const KV_STREAM = `KV_${DIRECTORY_BUCKET}`;

/**
 * Read the directory: bucket info and get (direct or msg get). No consumer: followDirectory
 * polls the key. A consumer grant cannot say which consumer, so it would let a reader park
 * durables on the server or point a push consumer's deliveries at any subject. No
 * `$JS.API.INFO`: it gives the account's totals (streams, consumers, bytes of every agency's
 * traffic); the bus binds without it (`checkAPI: false`).
 */
const readDirectory = (): string[] => [
  `${API}.STREAM.INFO.${KV_STREAM}`,
  `${API}.STREAM.MSG.GET.${KV_STREAM}`,
  `${API}.DIRECT.GET.${KV_STREAM}`,
  `${API}.DIRECT.GET.${KV_STREAM}.>`,
];

/**
 * Pull from one durable of MOU_V1 and ack; `filter` pins what a (re)created consumer may see.
 * No `STREAM.INFO.MOU_V1`: it shows the message count of every pair of agencies, and binding
 * a consumer needs only the consumer's own info.
 */
const pullFrom = (durable: string, filter?: string): string[] => [
  `${API}.CONSUMER.INFO.${STREAM}.${durable}`,
  `${API}.CONSUMER.MSG.NEXT.${STREAM}.${durable}`,
  // nats.js creates a named durable on `CONSUMER.CREATE.<stream>.<name>[.<filter>]`, and the
  // server checks the body's filter against the subject's, so the filter cannot be widened.
  filter ? `${API}.CONSUMER.CREATE.${STREAM}.${durable}.${filter}` : `${API}.CONSUMER.CREATE.${STREAM}.${durable}`,
  `$JS.ACK.${STREAM}.${durable}.>`,
];

/**
 * Attachments, one stream per pair (its byte limit is the sender's quota there): agency F may
 * put only on `mou.v1.att.<C>.F.*`, for each counterpart C it shares an agreement with; it
 * reads (direct get) and removes (purge, once a file is verified and stored) only what its
 * counterparts sent it (`MOU_ATT_F_<C>`), and sees how full each stream of its own pairs is
 * (stream info, for the fill alert). Not an object store: its put needs rollup headers, and one
 * `Nats-Rollup: all` would let any writer erase the bucket. The streams refuse rollup and message
 * delete, and no agency holds the stream API that could change that.
 */
const useAttachments = (agency: string, counterparts: readonly string[]): string[] => [
  ...counterparts.map((c) => `${ATTACHMENT_SUBJECT_PREFIX}.${c}.${agency}.*`),
  ...counterparts.flatMap((c) => [
    `${API}.DIRECT.GET.${attachmentStreamName(agency, c)}`,
    `${API}.STREAM.PURGE.${attachmentStreamName(agency, c)}`,
    `${API}.STREAM.INFO.${attachmentStreamName(agency, c)}`,
    `${API}.STREAM.INFO.${attachmentStreamName(c, agency)}`,
  ]),
];

/**
 * The agencies `agency` shares an agreement with: those it may send attachments to, and the
 * senders of its attachment streams.
 *
 * @example
 * for (const a of agencies) await ensureAttachmentStreams(admin, a, counterpartsOf(snapshot, a));
 */
export function counterpartsOf(snapshot: DirectorySnapshot, agency: string): string[] {
  const parties = snapshot.agreements.filter((a) => a.parties.includes(agency)).flatMap((a) => a.parties);
  return [...new Set(parties)].filter((p) => p !== agency).sort();
}

const noKvWrite = [`$KV.${DIRECTORY_BUCKET}.>`];

function agencyPermissions(agency: string, counterparts: readonly string[]): Permissions {
  return {
    publish: {
      allow: [
        `${OUT_SUBJECT_PREFIX}.*.${agency}`,
        // Its evidence log's signed heads, to the audit to be witnessed, and to its counterparts (issue 19).
        evidenceHeadSubject(agency),
        evidencePeerSubject('*', agency),
        ...pullFrom(inboxConsumerName(agency), inboxFilterSubject(agency)),
        ...readDirectory(),
        ...useAttachments(agency, counterparts),
      ],
      deny: noKvWrite,
    },
    // The counterparts' heads, answered (issue 19).
    subscribe: { allow: [`${inboxPrefixFor(agency)}.>`, evidencePeerSubject(agency, '*')] },
    allow_responses: true,
  };
}

function auditPermissions(senders: readonly string[]): Permissions {
  // The audit verifies signatures, so it follows the directory too; it publishes nothing else.
  // It reads every envelope anyway, so the stream's info (per-pair counts, how full it is, for
  // the stream-filling alert) and each sender's quota use tell it nothing new.
  return {
    publish: {
      allow: [
        ...pullFrom(AUDIT_CONSUMER),
        `${API}.STREAM.INFO.${STREAM}`,
        ...senders.map((s) => `${senderApiPrefix(s)}.STREAM.INFO.${senderStreamName(s)}`),
        ...readDirectory(),
      ],
      deny: ['mou.v1.>', ...noKvWrite],
    },
    // The witness (issue 19): each node's evidence heads, answered with a countersignature.
    subscribe: { allow: [`${inboxPrefixFor('audit')}.>`, evidenceHeadSubject('*')] },
    allow_responses: true,
  };
}

function directoryPermissions(): Permissions {
  return {
    publish: {
      allow: [
        `$KV.${DIRECTORY_BUCKET}.>`,
        `${API}.STREAM.CREATE.${KV_STREAM}`,
        `${API}.STREAM.UPDATE.${KV_STREAM}`,
        ...readDirectory(),
      ],
      deny: ['mou.v1.>'],
    },
    subscribe: { allow: [`${inboxPrefixFor('directory')}.>`] },
  };
}

const ADMIN: Permissions = { publish: { allow: ['>'] }, subscribe: { allow: ['>'] } };

const USER = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * What a post's leaf connection may carry: its agency's grants, with two changes.
 * - The JetStream API is addressed through the hub's domain (`$JS.<domain>.API.…`): the post's
 *   node reaches the hub's JetStream by domain, since its leaf has a JetStream of its own, and the
 *   hub checks the subject as it crosses.
 * - nats-server 2.9 sends a leaf the hub's interest in a subject only if the leaf user may publish
 *   on all of it, so a narrow grant would never see an interest wider than itself (the attachment
 *   streams' `mou.v1.att.<C>.>`) and nothing would cross. The leaf user is therefore allowed the streams' subjects (and the
 *   evidence heads' `mou.v1.evidence.*.head` and `mou.v1.evidence.*.peer.*`) whole and denied
 *   every other sender: each other agency of the directory, and any subject of the wrong
 *   shape. A sender added to the directory later is covered when the block is regenerated (as it
 *   must be for its own user); until then its messages would fail the signature check anyway.
 */
function leafPermissions(agency: string, counterparts: readonly string[], others: readonly string[], domain: string): Permissions {
  const own = agencyPermissions(agency, counterparts);
  const viaDomain = (x: string) => (x.startsWith(`${API}.`) ? `$JS.${domain}.API.${x.slice(API.length + 1)}` : x);
  const narrow = new Set([
    `${OUT_SUBJECT_PREFIX}.*.${agency}`,
    ...counterparts.map((c) => `${ATTACHMENT_SUBJECT_PREFIX}.${c}.${agency}.*`),
    evidenceHeadSubject(agency),
    evidencePeerSubject('*', agency),
  ]);
  return {
    publish: {
      allow: [
        `${OUT_SUBJECT_PREFIX}.>`,
        ...counterparts.map((c) => `${ATTACHMENT_SUBJECT_PREFIX}.${c}.>`),
        // Its evidence heads, to the witness and to its counterparts (issue 19), in the same way:
        // a counterpart listens on `…<C>.peer.*`, which the narrow `…peer.<agency>` never covers.
        evidenceHeadSubject('*'),
        evidencePeerSubject('*', '*'),
        ...own.publish.allow.filter((x) => !narrow.has(x)).map(viaDomain),
      ],
      deny: [
        ...(own.publish.deny ?? []),
        `${OUT_SUBJECT_PREFIX}.*.*.>`,
        `${ATTACHMENT_SUBJECT_PREFIX}.*.*.*.>`,
        ...others.flatMap((g) => [`${OUT_SUBJECT_PREFIX}.*.${g}`, `${ATTACHMENT_SUBJECT_PREFIX}.*.${g}.*`, evidenceHeadSubject(g), evidencePeerSubject('*', g)]),
      ],
    },
    subscribe: own.subscribe,
    ...(own.allow_responses ? { allow_responses: true } : {}),
  };
}

/** Options of {@link natsAuthorization}. */
export interface NatsAuthorizationOptions {
  /** JetStream domain of the hub, through which the posts' leaf users reach it (default `hub`). */
  hubDomain?: string;
  /** bcrypt cost of the password hashes (default 11; nats-server checks one per connection). */
  bcryptCost?: number;
  /**
   * Each agency's quota in MOU_V1, bytes (its account's `max_file`; its quota stream takes
   * this size): {@link DEFAULT_SENDER_QUOTA_BYTES} (256 MiB) by default, or by agency id.
   * The quotas together should not pass MOU_V1's own limit (2 GiB by default).
   */
  senderQuotaBytes?: number | Record<string, number>;
  /**
   * Copies of each sender's stream (3 on a hub cluster; 1 by default). A clustered account's
   * JetStream limit counts every copy, so its `max_file` is the quota times this.
   */
  replicas?: number;
}

/**
 * A password as nats-server stores it: bcrypt, `$2a$` (the prefix nats-server's own tool writes;
 * bcryptjs writes `$2b$`, the same algorithm for passwords under 72 bytes).
 */
export function natsPasswordHash(password: string, cost = 11): string {
  if (Buffer.byteLength(password) > 72) throw new Error('natsPasswordHash: bcrypt reads at most 72 bytes of a password');
  return bcrypt.hashSync(password, cost).replace(/^\$2b\$/, '$2a$');
}

function userEntry(creds: NatsCredentials, permissions: Permissions, cost: number): string {
  if (!USER.test(creds.user)) throw new Error(`natsAuthorization: user ${JSON.stringify(creds.user)} must match ${USER.source}`);
  // eslint-disable-next-line no-control-regex
  if (!creds.password || /[\u0000-\u001f"\\]/.test(creds.password)) {
    throw new Error(`natsAuthorization: the password of ${creds.user} is empty or has a quote, backslash or control character`);
  }
  // nats.conf accepts JSON: quoted strings keep `$`, `>` and `*` literal. Only the bcrypt hash is
  // written: a copy of the hub's configuration gives no one a password.
  return `    { user: ${JSON.stringify(creds.user)}, password: ${JSON.stringify(natsPasswordHash(creds.password, cost))}, permissions: ${JSON.stringify(permissions)} }`;
}

/**
 * The nats.conf `accounts` block for a directory snapshot: in account HUB, agency F may publish
 * only on `mou.v1.out.*.F` (into its quota stream, see the top of this file), pull only from its
 * own `inbox-F`, and read (never write) the directory KV; the audit reads the whole stream
 * through `audit`; the directory service alone writes the KV; admin may do everything; a post's
 * leaf user may do what its agency may, through the hub's JetStream domain. Every agency of the
 * directory gets its account OUT_<id> with its quota. Every client but admin must connect with
 * `inboxPrefix: inboxPrefixFor(name)`. Passwords are written as bcrypt hashes. Throws for
 * credentials of an agency that is not in the directory, or a user name used twice.
 *
 * @example
 * const conf = natsAuthorization(snapshot, { agencies: { 'th-msdhs': { user: 'th-msdhs', password } }, directory, audit, admin });
 * await startNats({ config: conf });
 */
export function natsAuthorization(snapshot: DirectorySnapshot, users: NatsUsers, opts: NatsAuthorizationOptions = {}): string {
  const known = new Set(snapshot.agencies.map((a) => a.id));
  const entries: string[] = [];
  const names = new Set<string>();
  const add = (creds: NatsCredentials, permissions: Permissions): void => {
    if (names.has(creds.user)) throw new Error(`natsAuthorization: user ${creds.user} is given twice`);
    names.add(creds.user);
    entries.push(userEntry(creds, permissions, opts.bcryptCost ?? 11));
  };
  const agencyGrants = (agency: string): Permissions => {
    if (!known.has(agency)) throw new Error(`natsAuthorization: ${agency} is not in directory version ${snapshot.version}`);
    return agencyPermissions(agency, counterpartsOf(snapshot, agency));
  };
  for (const [agency, creds] of Object.entries(users.agencies)) add(creds, agencyGrants(agency));
  for (const [agency, creds] of Object.entries(users.leaves ?? {})) {
    agencyGrants(agency);
    const others = [...known].filter((g) => g !== agency).sort();
    add(creds, leafPermissions(agency, counterpartsOf(snapshot, agency), others, opts.hubDomain ?? 'hub'));
  }
  add(users.directory, directoryPermissions());
  add(users.audit, auditPermissions(brokerSenders(snapshot)));
  add(users.admin, ADMIN);
  const quota = (agency: string): number => {
    const q = opts.senderQuotaBytes;
    return ((typeof q === 'number' ? q : q?.[agency]) ?? DEFAULT_SENDER_QUOTA_BYTES) * (opts.replicas ?? 1);
  };
  const senders = brokerSenders(snapshot);
  return [
    `# Generated from directory version ${snapshot.version} by infra/src/nats-auth.ts; do not edit.`,
    'accounts {',
    `  ${HUB_ACCOUNT}: {`,
    '    jetstream: enabled',
    '    users = [',
    entries.map((e) => `  ${e}`).join(',\n'),
    '    ]',
    `    imports: ${JSON.stringify(senders.flatMap(senderImports))}`,
    '  }',
    ...senders.map((a) => senderAccount(a, quota(a))),
    '}',
    '',
  ].join('\n');
}
