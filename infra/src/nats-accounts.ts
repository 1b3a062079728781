import type { DirectorySnapshot } from '@mou-hub/protocol';
import { OUT_SUBJECT_PREFIX, senderAccountName, senderApiPrefix, senderDeliverSubject, senderStreamName, SUBJECT_PREFIX } from '@mou-hub/bus';

// Every user (each agency, each post's leaf, the audit, the directory, the admin) is in one
// account, HUB, with per-user permissions: they share one stream (MOU_V1) and one KV bucket.
// Each agency also has an account of its own, OUT_<id>, without users: it holds only the
// agency's quota stream MOU_OUT_<id> and its JetStream limit (`max_file`), the one thing
// nats-server 2.9 can bound per sender (a byte limit counts an account's streams, never one
// user's share of a stream). An agency publishes on `mou.v1.out.<to>.<id>`, which HUB imports
// as a service of OUT_<id> (mapped to `mou.v1.msg.<to>.<id>` there): the quota stream stores it
// and acks, and MOU_V1 sources it through HUB's import of OUT_<id>'s JetStream API. So a
// flooding agency fills its own account and is refused there (`maximum bytes exceeded`) while
// every other agency's messages go on. No user in HUB but admin may publish on `mou.v1.msg.>`.

/** The account every user is in (see the comment at the top of this file). */
export const HUB_ACCOUNT = 'HUB';

/**
 * The agencies that get a sender account: every agency of the directory. `ensureStream` must
 * be given the same list (`senders`), so that MOU_V1 sources each of their quota streams.
 *
 * @example
 * await ensureStream(admin, { senders: brokerSenders(snapshot) });
 */
export function brokerSenders(snapshot: DirectorySnapshot): string[] {
  return snapshot.agencies.map((a) => a.id).sort();
}

/** OUT_<id>: the sender's JetStream quota, and what HUB may reach of it. */
export function senderAccount(agency: string, quota: number): string {
  if (!Number.isSafeInteger(quota) || quota < 1024 * 1024) throw new Error(`natsAuthorization: the quota of ${agency} must be a whole number of bytes, at least 1 MiB`);
  const onlyHub = { accounts: [HUB_ACCOUNT] };
  const exports = [
    // What the agency publishes, from HUB's `mou.v1.out.*.<id>`, into its quota stream.
    { service: `${SUBJECT_PREFIX}.*.${agency}`, ...onlyHub },
    // Its JetStream API, for the admin (creates the quota stream) and MOU_V1's source.
    { service: '$JS.API.>', response: 'stream', ...onlyHub },
    // What MOU_V1's source consumer delivers, and the source's answers to its flow control:
    // without them the source stalls once a window (about 2 MB) is delivered.
    { stream: `${senderDeliverSubject(agency)}.>`, ...onlyHub },
    { service: `$JS.FC.${senderStreamName(agency)}.>`, ...onlyHub },
  ];
  return `  ${JSON.stringify(senderAccountName(agency))}: { jetstream: ${JSON.stringify({ max_file: quota, max_mem: 0, max_streams: 1 })}, exports: ${JSON.stringify(exports)} }`;
}

/** HUB's imports of one sender account: its publish subject, its JetStream API, its source's deliveries and flow control. */
export function senderImports(agency: string): object[] {
  const account = senderAccountName(agency);
  return [
    { service: { account, subject: `${SUBJECT_PREFIX}.*.${agency}` }, to: `${OUT_SUBJECT_PREFIX}.*.${agency}` },
    { service: { account, subject: '$JS.API.>' }, to: `${senderApiPrefix(agency)}.>` },
    { stream: { account, subject: `${senderDeliverSubject(agency)}.>` } },
    { service: { account, subject: `$JS.FC.${senderStreamName(agency)}.>` } },
  ];
}

