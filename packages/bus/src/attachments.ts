import { createHash } from 'node:crypto';
import { headers as natsHeaders, type JetStreamManager, type StoredMsg } from 'nats';
import { BusError } from './bus-error.ts';
import type { Bus } from './connect.ts';
import { attachmentStreamName, attachmentSubject } from './attachment-subjects.ts';

/** Ciphertext bytes per part message. */
export const ATTACHMENT_PART_BYTES = 256 * 1024;
const PART = 'Mou-Part';
const PARTS = 'Mou-Parts';
/** nats-server's error code for a message past a stream's `max_bytes` (discard new): "maximum bytes exceeded". */
const STREAM_FULL = 10077;

/** Who an attachment goes to, who sent it, and its name (`sha256:` of its ciphertext). */
export interface AttachmentAddress {
  to: string;
  from: string;
  name: string;
}

/**
 * Publishes an attachment's ciphertext as parts of {@link ATTACHMENT_PART_BYTES} on
 * `mou.v1.att.<to>.<from>.<name>`, each with `Mou-Part: i`, `Mou-Parts: n` and the dedup id
 * `<name>.<i>`, waiting for each part's stream ack (so memory holds one part). `size` is the
 * ciphertext's length. Putting the same bytes again is harmless: the reader takes the first
 * copy of each part. Throws `full` when the sender's quota at the recipient is used up (until
 * the recipient removes what it fetched), `publish-failed` or `timeout`; the caller retries
 * the whole put.
 *
 * @example
 * await putAttachment(bus, { to: 'la-mlsw', from: 'th-msdhs', name }, createReadStream(file), size);
 */
export async function putAttachment(bus: Bus, at: AttachmentAddress, ciphertext: AsyncIterable<Uint8Array>, size: number): Promise<void> {
  const subject = attachmentSubject(at.to, at.from, at.name);
  const parts = Math.max(1, Math.ceil(size / ATTACHMENT_PART_BYTES));
  let index = 0;
  let sent = 0;
  const send = async (data: Uint8Array): Promise<void> => {
    const h = natsHeaders();
    h.set(PART, String(index));
    h.set(PARTS, String(parts));
    try {
      await bus.js.publish(subject, data, { msgID: `${at.name}.${index}`, expect: { streamName: attachmentStreamName(at.to, at.from) }, headers: h });
    } catch (error) {
      const e = error as { code?: string; api_error?: { err_code?: number } };
      const code = e.code === 'TIMEOUT' ? 'timeout' : e.api_error?.err_code === STREAM_FULL ? 'full' : 'publish-failed';
      throw new BusError(code, `attachment part ${index} on ${subject} failed: ${String(error)}`, { cause: error });
    }
    index++;
    sent += data.length;
  };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of ciphertext) {
    pending.push(Buffer.from(piece));
    pendingBytes += piece.length;
    while (pendingBytes >= ATTACHMENT_PART_BYTES) {
      const all = Buffer.concat(pending);
      await send(all.subarray(0, ATTACHMENT_PART_BYTES));
      pending = [all.subarray(ATTACHMENT_PART_BYTES)];
      pendingBytes -= ATTACHMENT_PART_BYTES;
    }
  }
  if (pendingBytes > 0 || index === 0) await send(Buffer.concat(pending));
  if (index !== parts || sent !== size) throw new BusError('invalid-config', `attachment ${at.name}: ${sent} bytes in ${index} parts, expected ${size} in ${parts}`);
}

/**
 * Reads an attachment's ciphertext from the recipient's stream, part by part (direct get, so
 * memory holds one part), and checks its SHA-256 against its name at the end. Throws
 * `not-found` when no part is there, `incomplete` when some are missing (still uploading, or
 * lost), `corrupt` when the bytes do not hash to the name or the parts disagree. Only the
 * recipient may read its stream.
 *
 * @example
 * await pipeline(Readable.from(getAttachment(bus, { to: me, from, name })), decryptAttachment(find), out);
 */
export async function* getAttachment(bus: Bus, at: AttachmentAddress): AsyncGenerator<Uint8Array> {
  const subject = attachmentSubject(at.to, at.from, at.name);
  const stream = attachmentStreamName(at.to, at.from);
  // nats.js 2.29 has direct get on its manager but not in the JetStreamManager type.
  const { direct } = (await bus.jsm()) as JetStreamManager & {
    direct: { getMessage(stream: string, q: { seq: number; next_by_subj: string }): Promise<StoredMsg> };
  };
  const hash = createHash('sha256');
  let parts: number | undefined;
  let next = 0;
  let seq = 1;
  while (parts === undefined || next < parts) {
    let msg;
    try {
      msg = await direct.getMessage(stream, { seq, next_by_subj: subject });
    } catch (error) {
      if (!/no message found|not found|404/i.test(String(error))) {
        throw new BusError('setup-failed', `cannot read ${subject}: ${String(error)}`, { cause: error });
      }
      throw new BusError(parts === undefined ? 'not-found' : 'incomplete', `${at.name}: ${next} of ${parts ?? '?'} parts in ${stream}`);
    }
    seq = msg.seq + 1;
    const index = Number(msg.header.get(PART));
    const total = Number(msg.header.get(PARTS));
    if (!Number.isInteger(index) || !Number.isInteger(total) || total < 1 || (parts !== undefined && total !== parts)) {
      throw new BusError('corrupt', `${at.name}: part headers disagree`);
    }
    parts ??= total;
    if (index !== next) {
      if (index < next) continue; // a copy from a repeated put
      throw new BusError('corrupt', `${at.name}: part ${index} before part ${next}`);
    }
    next++;
    hash.update(msg.data);
    yield msg.data;
  }
  if (`sha256:${hash.digest('base64url')}` !== at.name) throw new BusError('corrupt', `${at.name}: the parts do not hash to the name`);
}

/**
 * Removes an attachment's parts from the pair's stream (a purge filtered on its subject), once
 * the recipient has verified and stored it: the end of its life on the broker, which frees the
 * sender's quota. The broker lets only the recipient do this. Returns the parts removed;
 * removing again removes nothing.
 *
 * @example
 * await removeAttachment(bus, { to: me, from, name }); // after the file is stored and checked
 */
export async function removeAttachment(bus: Bus, at: AttachmentAddress): Promise<number> {
  const subject = attachmentSubject(at.to, at.from, at.name);
  const stream = attachmentStreamName(at.to, at.from);
  try {
    return (await (await bus.jsm()).streams.purge(stream, { filter: subject })).purged;
  } catch (error) {
    throw new BusError('setup-failed', `cannot remove ${subject}: ${String(error)}`, { cause: error });
  }
}
