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

describe('a case of three parties at the embassy (issue 16)', () => {
  const china: DirectorySnapshot = {
    ...snapshot,
    agencies: [
      { id: 'la-mlsw', country: 'LA', names: { en: 'MLSW' }, roles: [], keys: [] },
      { id: 'la-emb-beijing', country: 'LA', names: { en: 'Embassy' }, roles: ['embassy'], keys: [] },
      { id: 'cn-mps', country: 'CN', names: { en: 'MPS' }, roles: [], keys: [] },
    ],
    agreements: [{ id: 'la-cn', title: 'la-cn', parties: ['la-mlsw', 'la-emb-beijing', 'cn-mps'], languages: ['en'], send: {}, deadlines: [] }],
  };
  const embassy = () => ({ ...ctx(), self: 'la-emb-beijing', directory: new Directory(china) });
  /** A step of the case as the embassy's copy of it arrives, from `from`. */
  function copy(type: string, body: unknown, from: string, thid?: string): OpenedMessage {
    const m = opened(type, body, thid, from);
    return { ...m, payload: { ...m.payload, agreement: 'la-cn', to: 'la-emb-beijing' } } as OpenedMessage;
  }
  const request = { ...exampleBodies['repatriation.request'], consular: { agency: 'la-emb-beijing', focalPoint: 'la-mlsw' } };

  it('marks a step that may only have come before the one it follows as early, so the inbox holds it', async () => {
    const opening = copy('repatriation.request', request, 'cn-mps');
    await db.transaction().execute((trx) => recordReceivedStep(trx, embassy(), opening));
    expect(await findCase(db, opening.payload.id)).toMatchObject({ state: 'requested' });
    // The police propose the handover after la-mlsw's assessment, which has not reached the embassy yet.
    const proposal = copy('repatriation.handover.proposal', exampleBodies['repatriation.handover.proposal'], 'cn-mps', opening.payload.id);
    expect(await checkCaseStep(db, 'la-emb-beijing', proposal)).toEqual({ detail: expect.stringMatching(/^step-not-allowed: /), early: true });
    // The assessment arrives: the held proposal is taken on its next try.
    await db.transaction().execute((trx) => recordReceivedStep(trx, embassy(), copy('repatriation.assessment', exampleBodies['repatriation.assessment'], 'la-mlsw', opening.payload.id)));
    expect(await checkCaseStep(db, 'la-emb-beijing', proposal)).toBeUndefined();
  });

  it('refuses at once what no later step can lift: the wrong agency, a stranger, a case of two parties', async () => {
    const opening = copy('repatriation.request', request, 'cn-mps');
    await db.transaction().execute((trx) => recordReceivedStep(trx, embassy(), opening));
    await db.transaction().execute((trx) => recordReceivedStep(trx, embassy(), copy('repatriation.assessment', exampleBodies['repatriation.assessment'], 'la-mlsw', opening.payload.id)));
    const byFocalPoint = copy('repatriation.travel-document', exampleBodies['repatriation.travel-document'], 'la-mlsw', opening.payload.id);
    expect(await checkCaseStep(db, 'la-emb-beijing', byFocalPoint)).toEqual({ detail: expect.stringMatching(/^wrong-agency: /) });
    const two = opened('repatriation.request', exampleBodies['repatriation.request']);
    await db.transaction().execute((trx) => recordReceivedStep(trx, ctx(), two));
    const early = opened('repatriation.handover.proposal', exampleBodies['repatriation.handover.proposal'], two.payload.id);
    expect(await checkCaseStep(db, 'la-mlsw', early)).toEqual({ detail: expect.stringMatching(/^step-not-allowed: /) });
  });
});
