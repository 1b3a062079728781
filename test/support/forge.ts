import { readFileSync } from 'node:fs';
import type { AgencyDatabase } from '@mou-hub/agency';
import { openDatabase } from '@mou-hub/db';
import { messageSubject } from '@mou-hub/bus';
import { envelopeHash, publicJwk, uuidv7, type PrivateJwk, type PublicJwk } from '@mou-hub/protocol';
import { encryptRaw, salt, signRaw } from '@mou-hub/protocol/testing';
import type { TestFederation } from './federation.ts';

/** Crafts envelopes, right or wrong, with an agency's real keys, as an attacker or a buggy peer would. */
export class Forge {
  readonly sig: PrivateJwk;
  readonly recipientEnc: PublicJwk;

  constructor(
    private readonly fed: TestFederation,
    readonly from: string,
    readonly to: string,
  ) {
    this.sig = readJwk(fed.agency(from).keys.sig);
    this.recipientEnc = publicJwk(readJwk(fed.agency(to).keys.enc));
  }

  /** A well-formed `case.note` payload (override any field), body encrypted to the recipient. */
  async payload(overrides: Record<string, unknown> = {}, body: unknown = { text: 'forged or not' }) {
    const id = uuidv7();
    const { jwe, digest } = await encryptRaw(JSON.stringify({ salt: salt(), body }), this.recipientEnc);
    return {
      v: 1,
      id,
      type: 'case.note',
      agreement: 'la-th',
      from: this.from,
      to: this.to,
      thid: id,
      created: new Date().toISOString(),
      lang: 'th',
      body: { jwe },
      digest,
      ...overrides,
    } as Record<string, unknown> & { id: string };
  }

  sign(payload: unknown, key: PrivateJwk = this.sig, header?: Record<string, unknown>): Promise<string> {
    return signRaw(payload, key, header);
  }

  /** Publishes raw bytes on the recipient's subject with admin rights (as a broken broker user could). */
  async inject(data: string | Uint8Array, subject = messageSubject(this.to, this.from)): Promise<void> {
    await this.fed.admin.js.publish(subject, data, { msgID: uuidv7() });
  }

  /**
   * Puts a signed envelope in the sender node's outbox, as if the node had sealed it: its own
   * relay publishes it, and the recipient's receipt or problem settles it there.
   */
  async viaOutbox(jws: string, payload: { id: string; type?: unknown; thid?: unknown; agreement?: unknown }): Promise<void> {
    const { db, close } = openDatabase<AgencyDatabase>(this.fed.agency(this.from).database);
    const now = new Date().toISOString();
    await db
      .insertInto('outbox')
      .values({
        id: payload.id,
        to_agency: this.to,
        agreement: String(payload.agreement ?? 'la-th'),
        type: String(payload.type ?? 'case.note'),
        thid: String(payload.thid ?? payload.id),
        body: '{}',
        created: now,
        status: 'queued',
        jws,
        envelope_hash: envelopeHash(jws),
        attempts: 0,
        next_attempt_at: now,
        updated_at: now,
      })
      .execute();
    await db.insertInto('outbox_events').values({ message_id: payload.id, status: 'queued', at: now, detail: 'forged by the test' }).execute();
    await close();
  }
}

export function readJwk(path: string): PrivateJwk {
  return JSON.parse(readFileSync(path, 'utf8')) as PrivateJwk;
}
