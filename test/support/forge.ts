import { readFileSync } from 'node:fs';
import { nodeAtRest, type AgencyDatabase } from '@mou-hub/agency';
import { openDatabase } from '@mou-hub/db';
import { messageSubject } from '@mou-hub/bus';
import { BREAKS, notePayload, type BreakKind, type ForgeKeys, type Forged } from '@mou-hub/infra';
import { envelopeHash, publicJwk, uuidv7, type PrivateJwk } from '@mou-hub/protocol';
import { signRaw } from '@mou-hub/protocol/testing';
import type { TestFederation } from './federation.ts';

/** Crafts envelopes, right or wrong, with an agency's real keys, as an attacker or a buggy peer would. */
export class Forge {
  readonly keys: ForgeKeys;

  constructor(
    private readonly fed: TestFederation,
    readonly from: string,
    readonly to: string,
  ) {
    this.keys = { from, to, sig: readJwk(fed.agency(from).keys.sig), recipientEnc: publicJwk(readJwk(fed.agency(to).keys.enc)) };
  }

  /** An envelope that fails with `kind` (see BREAKS in infra/src/forge). */
  make(kind: BreakKind, heldId?: string): Promise<Forged> {
    return BREAKS[kind](this.keys, heldId);
  }

  /** A well-formed `case.note` payload, to change before signing. */
  payload(overrides: Record<string, unknown> = {}, body?: unknown) {
    return notePayload(this.keys, overrides, body);
  }

  sign(payload: unknown): Promise<string> {
    return signRaw(payload, this.keys.sig);
  }

  /** Publishes raw bytes on the recipient's subject with admin rights (as a broken broker user could). */
  async inject(data: string | Uint8Array, subject = messageSubject(this.to, this.from)): Promise<void> {
    await this.fed.admin.js.publish(subject, data, { msgID: uuidv7() });
  }

  /**
   * Puts a signed envelope in the sender node's outbox, as if the node had sealed it: its own
   * relay publishes it, and the recipient's receipt or problem settles it there.
   */
  async viaOutbox(forged: Forged): Promise<string> {
    const id = forged.id ?? uuidv7();
    const { db, close } = openDatabase<AgencyDatabase>(this.fed.agency(this.from).database);
    const now = new Date().toISOString();
    await db
      .insertInto('outbox')
      .values({
        id,
        to_agency: this.to,
        agreement: 'la-th',
        type: 'case.note',
        thid: id,
        reply_to: null,
        lang: null,
        body: nodeAtRest(this.from, [this.fed.agency(this.from).keys.sig]).seal('{}'),
        stats: null,
        expires: null,
        created: now,
        status: 'queued',
        jws: forged.data,
        envelope_hash: envelopeHash(forged.data),
        stream_seq: null,
        attempts: 0,
        next_attempt_at: now,
        last_error: null,
        problem_code: null,
        problem_detail: null,
        settled_by: null,
        updated_at: now,
      })
      .execute();
    await db.insertInto('outbox_events').values({ message_id: id, status: 'queued', at: now, detail: 'forged by the test' }).execute();
    await close();
    return id;
  }
}

export function readJwk(path: string): PrivateJwk {
  return JSON.parse(readFileSync(path, 'utf8')) as PrivateJwk;
}
