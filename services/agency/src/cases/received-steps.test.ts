import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { Directory, exampleBodies, uuidv7, type DirectorySnapshot, type OpenedMessage } from '@mou-hub/protocol';
import { atRestWithKey } from '../platform/at-rest.ts';
import { findCase } from './case-store.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { openTestDatabase } from '../platform/test-db.ts';
import { CaseMovedError, checkCaseStep, recordReceivedStep } from './received-steps.ts';

const snapshot: DirectorySnapshot = {
  version: 1,
  issued: '2026-03-01T00:00:00.000Z',
  rootKeys: [],
  agencies: [
    { id: 'la-mlsw', country: 'LA', names: { en: 'MLSW' }, roles: [], keys: [] },
    { id: 'th-msdhs', country: 'TH', names: { en: 'MSDHS' }, roles: [], keys: [] },
    { id: 'th-rtp', country: 'TH', names: { en: 'RTP' }, roles: [], keys: [] },
  ],
  agreements: [{ id: 'la-th', title: 'la-th', parties: ['la-mlsw', 'th-msdhs', 'th-rtp'], languages: ['en'], send: {}, deadlines: [] }],
};
const ctx = () => ({ self: 'la-mlsw', atRest: atRestWithKey(randomBytes(32)), directory: new Directory(snapshot), now: new Date('2026-03-02T08:00:00.000Z') });

/** A message as `open` hands it over, from th-msdhs to la-mlsw. */
function opened(type: string, body: unknown, thid?: string, from = 'th-msdhs'): OpenedMessage {
  const id = uuidv7();
  return {
    header: { alg: 'EdDSA', kid: `${from}#sig`, typ: 'mou+jws' },
    payload: { v: 1, id, type, agreement: 'la-th', from, to: 'la-mlsw', thid: thid ?? id, created: '2026-03-02T07:59:00.000Z', lang: 'th', body: { jwe: 'x' } },
    envelopeHash: `sha256:${id}`,
    jws: 'a.b.c',
    body,
  } as unknown as OpenedMessage;
}

let db: Kysely<AgencyDatabase>;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
});
afterEach(() => close());

describe('the recipient side of a case', () => {
  it('opens the case in the inbox commit, and judges later steps by it', async () => {
    const c = ctx();
    const request = opened('repatriation.request', exampleBodies['repatriation.request']);
    await db.transaction().execute((trx) => recordReceivedStep(trx, c, request));
    expect(await findCase(db, request.payload.id)).toMatchObject({ role: 'responder', state: 'requested' });
    const early = opened('repatriation.handover.proposal', exampleBodies['repatriation.handover.proposal'], request.payload.id);
    expect((await checkCaseStep(db, 'la-mlsw', early))?.detail).toMatch(/^step-not-allowed: /);
    expect(await checkCaseStep(db, 'la-mlsw', opened('case.note', { text: 'x' }, request.payload.id))).toBeUndefined();
  });

  it('answers a stranger in another pair\'s thread as it answers a thread that does not exist: one answer for "not yours"', async () => {
    const request = opened('repatriation.request', exampleBodies['repatriation.request']);
    await db.transaction().execute((trx) => recordReceivedStep(trx, ctx(), request));
    const thid = request.payload.id;
    const stranger = await checkCaseStep(db, 'la-mlsw', opened('case.note', { text: 'x' }, thid, 'th-rtp'));
    const nowhere = uuidv7();
    const unknown = await checkCaseStep(db, 'la-mlsw', opened('case.note', { text: 'x' }, nowhere, 'th-rtp'));
    expect(stranger?.detail).toBe(`unknown-thread: thread=${thid}`);
    expect(unknown?.detail).toBe(`unknown-thread: thread=${nowhere}`);
  });

  it('refuses to commit a step the case no longer takes (it moved after check 14), so the message is redelivered', async () => {
    const c = ctx();
    const request = opened('repatriation.request', exampleBodies['repatriation.request']);
    await db.transaction().execute((trx) => recordReceivedStep(trx, c, request));
    const early = opened('repatriation.handover.proposal', exampleBodies['repatriation.handover.proposal'], request.payload.id);
    await expect(db.transaction().execute((trx) => recordReceivedStep(trx, c, early))).rejects.toBeInstanceOf(CaseMovedError);
    expect((await findCase(db, request.payload.id))!.state).toBe('requested');
  });
});
