import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCaseAttachments } from './list.ts';
import { attachmentReadiness, dueAttachments, recordAttachment, settleAttachment } from './attachment-store.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import { openTestDatabase } from '../platform/test-db.ts';
import { atRestWithKey, isSealed } from '../platform/at-rest.ts';

const atRest = atRestWithKey(randomBytes(32));

let db: Kysely<AgencyDatabase>;
let close: () => Promise<void>;
const n = (c: string) => `sha256:${c.repeat(43)}`;
const T0 = '2026-03-01T00:00:00.000Z';
const base = { thid: 'case-1', digest: n('D'), size: 10, mediaType: 'application/pdf' };

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  await recordAttachment(db, { ...base, name: n('A'), direction: 'out', counterpart: 'la-mps', state: 'stored' }, T0, atRest);
  await recordAttachment(db, { ...base, name: n('B'), direction: 'out', counterpart: 'la-mps', state: 'stored' }, T0, atRest);
  await settleAttachment(db, 'out', n('B'), { state: 'uploaded', detail: null, attempts: 1, retryAt: null }, T0);
  await recordAttachment(db, { ...base, name: n('C'), direction: 'in', counterpart: 'la-mps', messageId: 'm1', state: 'fetching' }, T0, atRest);
  await recordAttachment(db, { ...base, name: n('E'), direction: 'out', counterpart: 'vn-mps', state: 'stored' }, T0, atRest);
});
afterAll(() => close());

describe('attachmentReadiness', () => {
  it.each([
    ['nothing named', [], { waiting: [], unknown: [] }],
    ['stored, not yet uploaded: wait', [n('A')], { waiting: [n('A')], unknown: [] }],
    ['uploaded: ready', [n('B')], { waiting: [], unknown: [] }],
    ['received from the same counterpart (quoted back): ready', [n('C')], { waiting: [], unknown: [] }],
    ['uploaded for another agency: unknown here', [n('E')], { waiting: [], unknown: [n('E')] }],
    ['never stored: unknown', [n('Z')], { waiting: [], unknown: [n('Z')] }],
    ['a mix', [n('A'), n('B'), n('Z')], { waiting: [n('A')], unknown: [n('Z')] }],
  ])('%s', async (_name, names, want) => {
    expect(await attachmentReadiness(db, 'la-mps', names)).toEqual(want);
  });
});

describe('rows', () => {
  it('records a name once per direction, and finds due work by state', async () => {
    await recordAttachment(db, { ...base, name: n('A'), direction: 'out', counterpart: 'other', state: 'stored' }, T0, atRest);
    expect((await dueAttachments(db, 'out', ['stored'], T0)).map((r) => [r.name, r.counterpart])).toEqual([[n('A'), 'la-mps'], [n('E'), 'vn-mps']]);
    expect(await dueAttachments(db, 'out', ['stored'], '2026-02-01T00:00:00.000Z')).toEqual([]);
  });

  it('lists a case for its view, with the problem of a missing or corrupt one', async () => {
    await settleAttachment(db, 'in', n('C'), { state: 'attachment-missing', detail: { code: 'not-found' }, attempts: 1, retryAt: T0 }, T0);
    const list = await listCaseAttachments(db, 'case-1', atRest);
    expect(list.find((a) => a.name === n('C'))).toEqual({ name: n('C'), mediaType: 'application/pdf', size: 10, digest: n('D'), state: 'attachment-missing', direction: 'in', problem: 'not-found' });
    expect(list.find((a) => a.name === n('B'))).toEqual({ name: n('B'), mediaType: 'application/pdf', size: 10, digest: n('D'), state: 'uploaded', direction: 'out' });
    expect(await listCaseAttachments(db, 'case-2', atRest)).toEqual([]);
    // The plaintext digest is sealed in the row: unsalted, it would confirm a guessed file.
    const stored = await db.selectFrom('attachments').select('digest').execute();
    expect(stored.every((r) => isSealed(r.digest) && !r.digest.includes('DDDD'))).toBe(true);
  });
});
