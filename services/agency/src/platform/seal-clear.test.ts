import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atRestWithKey, isSealed } from './at-rest.ts';
import { queueMessage } from '../messages/outbox-store.ts';
import type { AgencyDatabase } from './schema.ts';
import { sealClearValues } from './seal-clear.ts';
import { openTestDatabase } from './test-db.ts';

let db: Kysely<AgencyDatabase>;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
});
afterEach(() => close());

const atRest = atRestWithKey(randomBytes(32));
const MARKER = 'Somchai-from-Savannakhet';
const T = '2026-11-23T08:00:00.000Z';

describe('sealClearValues', () => {
  it('seals what an older version stored in clear, leaves sealed values alone, and leaves no clear page in the files', async () => {
    await queueMessage(db, { id: 'sealed', to: 'la-mlsw', agreement: 'la-th', type: 'case.note', thid: 'sealed', body: { text: 'already sealed' }, created: T }, atRest);
    const before = (await db.selectFrom('outbox').select('body').where('id', '=', 'sealed').executeTakeFirstOrThrow()).body;
    // As a node from before encryption at rest wrote them:
    await queueMessage(db, { id: 'clear', to: 'la-mlsw', agreement: 'la-th', type: 'case.note', thid: 'clear', body: {}, created: T }, atRest);
    await db.updateTable('outbox').set({ body: JSON.stringify({ text: MARKER }) }).where('id', '=', 'clear').execute();
    await db
      .insertInto('inbox')
      .values({ id: 'in', from_agency: 'la-mlsw', agreement: 'la-th', type: 'case.note', thid: 'in', reply_to: null, lang: 'lo', created: T, expires: null, received_at: T, body: JSON.stringify({ text: MARKER }), salt: 'an-old-salt', stats: null, envelope_hash: 'sha256:x', stream_seq: 1 })
      .execute();
    await db
      .insertInto('quarantine')
      .values({ message_id: null, from_agency: null, kid: null, code: 'malformed', detail: 'x', verified: 0, received_at: T, subject: 's', stream_seq: 2, envelope_hash: 'sha256:y', size: 3, raw: `junk ${MARKER}` })
      .execute();

    // A problem's detail and an attachment's digest, as an older version stored them.
    await db.updateTable('outbox').set({ problem_code: 'schema-invalid', problem_detail: `${MARKER}: birth date` }).where('id', '=', 'clear').execute();
    await db
      .insertInto('attachments')
      .values({ name: 'sha256:a', direction: 'in', thid: 'in', counterpart: 'la-mlsw', message_id: 'in', media_type: 'image/png', size: 1, digest: `sha256:${MARKER}`, state: 'verified', detail: null, attempts: 0, next_attempt_at: T, created_at: T, updated_at: T })
      .execute();

    await db
      .insertInto('cases')
      .values({ id: 'in', ref: null, kind: 'repatriation', agreement: 'la-th', counterpart: 'la-mlsw', role: 'responder', state: 'requested', machine: JSON.stringify({ persons: { [MARKER]: {} } }), opened_at: T, updated_at: T, due_at: null, consent_at: null, consent_sealed: null, persons_sealed: null })
      .execute();

    // 3 bodies and bytes, a problem's detail, a digest, a case's state, and a salt dropped.
    expect(await sealClearValues(db, atRest)).toBe(7);
    expect(await sealClearValues(db, atRest)).toBe(0);

    const out = await db.selectFrom('outbox').select(['id', 'body']).orderBy('id').execute();
    expect(out.every((r) => isSealed(r.body))).toBe(true);
    expect(out.find((r) => r.id === 'sealed')?.body).toBe(before);
    expect(JSON.parse(atRest.open(out.find((r) => r.id === 'clear')!.body))).toEqual({ text: MARKER });
    const inbox = await db.selectFrom('inbox').select('body').executeTakeFirstOrThrow();
    expect(JSON.parse(atRest.open(inbox.body))).toEqual({ text: MARKER });
    const raw = await db.selectFrom('quarantine').select('raw').executeTakeFirstOrThrow();
    expect(atRest.open(raw.raw)).toBe(`junk ${MARKER}`);
    expect((await db.selectFrom('inbox').select('salt').executeTakeFirstOrThrow()).salt).toBeNull();
    const detail = (await db.selectFrom('outbox').select('problem_detail').where('id', '=', 'clear').executeTakeFirstOrThrow()).problem_detail!;
    expect(atRest.open(detail)).toBe(`${MARKER}: birth date`);
    const digest = (await db.selectFrom('attachments').select('digest').executeTakeFirstOrThrow()).digest;
    expect(atRest.open(digest)).toBe(`sha256:${MARKER}`);
    const machine = (await db.selectFrom('cases').select('machine').executeTakeFirstOrThrow()).machine;
    expect(JSON.parse(atRest.open(machine))).toEqual({ persons: { [MARKER]: {} } });

    const file = (await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db)).rows[0]!.file;
    for (const name of readdirSync(dirname(file))) {
      expect({ name, found: readFileSync(join(dirname(file), name)).includes(MARKER) }).toEqual({ name, found: false });
    }
  });
});
