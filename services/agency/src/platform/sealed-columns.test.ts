import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type RootOperationNode } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atRestWithKey, isSealed } from './at-rest.ts';
import type { AgencyDatabase } from './schema.ts';
import { sealedColumns } from './sealed-columns.ts';
import { openTestDatabase } from './test-db.ts';

let raw: Kysely<AgencyDatabase>;
let db: Kysely<AgencyDatabase>;
let close: () => Promise<void>;
const atRest = atRestWithKey(randomBytes(32));
beforeEach(async () => {
  ({ db: raw, close } = await openTestDatabase());
  db = raw.withPlugin(sealedColumns(atRest, { cases: ['machine'] }));
});
afterEach(() => close());

const T = '2026-11-23T08:00:00.000Z';
// A person ref as a sender may choose it: an identity number.
const machine = JSON.stringify({ state: 'requested', persons: { 'ID-1985-0042-SOMCHAI': { state: 'requested' } } });
const row = (id: string) => ({ id, ref: null, kind: 'repatriation', agreement: 'la-th', counterpart: 'th-msdhs', role: 'responder', state: 'requested', machine, opened_at: T, updated_at: T, due_at: null, consent_at: null, consent_sealed: null, persons_sealed: null });
const stored = async (id: string) => (await sql<{ machine: string }>`select machine from cases where id = ${id}`.execute(raw)).rows[0]!.machine;

describe('sealedColumns', () => {
  it('seals a column on insert and update, opens it in every result, and leaves other tables and columns alone', async () => {
    await db.insertInto('cases').values(row('c1')).execute();
    expect(isSealed(await stored('c1'))).toBe(true);
    expect(await stored('c1')).not.toContain('SOMCHAI');
    expect((await db.selectFrom('cases').selectAll().where('id', '=', 'c1').executeTakeFirstOrThrow()).machine).toBe(machine);

    const moved = JSON.stringify({ state: 'assessed', persons: { 'ID-1985-0042-SOMCHAI': { state: 'assessed' } } });
    await db.updateTable('cases').set({ state: 'assessed', machine: moved }).where('id', '=', 'c1').execute();
    expect(atRest.open(await stored('c1'))).toBe(moved);
    expect((await db.selectFrom('cases').select(['machine', 'state']).executeTakeFirstOrThrow()).state).toBe('assessed');
    expect((await raw.selectFrom('cases').select('state').executeTakeFirstOrThrow()).state).toBe('assessed');
  });

  it('reads a clear value an older version wrote as it is, and never seals twice', async () => {
    await raw.insertInto('cases').values(row('old')).execute();
    expect((await db.selectFrom('cases').select('machine').where('id', '=', 'old').executeTakeFirstOrThrow()).machine).toBe(machine);
    const sealed = atRest.seal(machine);
    await db.updateTable('cases').set({ machine: sealed }).where('id', '=', 'old').execute();
    expect(await stored('old')).toBe(sealed);
  });

  it('works inside a transaction, as the inbox commit writes cases', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('cases').values(row('t1')).execute();
      expect((await trx.selectFrom('cases').select('machine').executeTakeFirstOrThrow()).machine).toBe(machine);
    });
    expect(isSealed(await stored('t1'))).toBe(true);
  });

  it('passes every query but a write to a sealed table as it is (no copy of its tree), and still seals an insert with a conflict clause', async () => {
    const plugin = sealedColumns(atRest, { cases: ['machine'] });
    const pass = (q: { toOperationNode(): RootOperationNode }) => {
      const node = q.toOperationNode();
      return plugin.transformQuery({ node, queryId: { queryId: 'q' } }) === node;
    };
    expect(pass(raw.selectFrom('cases').selectAll().where('id', '=', 'c1'))).toBe(true);
    expect(pass(raw.deleteFrom('cases').where('id', '=', 'c1'))).toBe(true);
    expect(pass(raw.insertInto('outbox_events').values({ message_id: 'm', status: 'queued', at: T, detail: null }))).toBe(true);
    expect(pass(raw.updateTable('users').set({ disabled: 1 }).where('username', '=', 'x'))).toBe(true);
    expect(pass(raw.insertInto('cases').values(row('c2')))).toBe(false);
    expect(pass(raw.updateTable('cases').set({ state: 'assessed' }))).toBe(false);
    await db.insertInto('cases').values(row('c3')).onConflict((oc) => oc.column('id').doUpdateSet({ machine })).execute();
    await db.insertInto('cases').values(row('c3')).onConflict((oc) => oc.column('id').doUpdateSet({ machine })).execute();
    expect(isSealed(await stored('c3'))).toBe(true);
  });
});
