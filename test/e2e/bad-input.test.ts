import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BYTES } from '@mou-hub/protocol';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { eventually, type ApiClient } from '../support/api.ts';
import { Forge } from '../support/forge.ts';

let fed: TestFederation;
let thai: ApiClient;
let lao: ApiClient;
let forge: Forge;

beforeAll(async () => {
  fed = await startTestFederation(['th-msdhs', 'la-mlsw']);
  thai = await fed.api('th-msdhs');
  lao = await fed.api('la-mlsw');
  forge = new Forge(fed, 'th-msdhs', 'la-mlsw');
});
afterAll(() => fed?.close());

async function quarantined(code: string, id?: string) {
  return eventually(async () => {
    const { json } = await lao.quarantine(`?code=${code}`);
    return json.items.find((q: { id?: string }) => id === undefined || q.id === id);
  }, 15_000, `a ${code} in la-mlsw's quarantine`);
}

describe('bad input injected onto la-mlsw\'s subject', () => {
  it('quarantines what cannot be verified, and answers nothing (no reflection to forgers)', async () => {
    const sent: string[] = [];
    for (const kind of ['bad-signature', 'unknown-key', 'malformed', 'too-large'] as const) {
      const forged = await forge.make(kind);
      await forge.inject(forged.data);
      if (forged.id) sent.push(forged.id);
    }
    expect((await quarantined('bad-signature')).verified).toBe(false);
    expect((await quarantined('unknown-key')).kid).toBe('th-msdhs#sig-unlisted');
    expect((await quarantined('malformed')).verified).toBe(false);
    expect((await quarantined('too-large')).size).toBe(DEFAULT_MAX_BYTES + 1024);

    // No problem went back for any of them.
    const problems = await thai.inbox('?type=problem');
    const answered = problems.json.items.map((p: { body: { for: string } }) => p.body.for);
    for (const id of sent) expect(answered).not.toContain(id);
  });

  it('rejects authentic but wrong messages with a problem that turns the sender\'s message rejected', async () => {
    const kinds = [
      'sender-mismatch',
      'not-for-me',
      'agreement-violation',
      'future-dated',
      'expired',
      'decrypt-failed',
      'digest-mismatch',
      'schema-invalid',
      'invalid-state',
    ] as const;
    const sent: { code: string; id: string }[] = [];
    for (const kind of kinds) sent.push({ code: kind, id: await forge.viaOutbox(await forge.make(kind)) });
    for (const { code, id } of sent) {
      const message = await thai.waitForStatus(id, ['rejected', 'delivered']);
      expect({ code, status: message.status, problem: message.problem?.code }).toEqual({ code, status: 'rejected', problem: code });
      expect((await quarantined(code, id)).verified).toBe(true);
    }
  });

  it('quarantines a verified envelope of another version, with no reply (its fields cannot be trusted)', async () => {
    const id = await forge.viaOutbox(await forge.make('unsupported-version'));
    const q = await quarantined('unsupported-version', id);
    expect(q.verified).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect((await thai.message(id)).json.status).toBe('published');
  });

  it('quarantines the same id with other bytes as a replay, and keeps the first', async () => {
    const first = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: 'ต้นฉบับ' } });
    await thai.waitForStatus(first.json.id, ['delivered']);
    await forge.inject((await forge.make('replay', first.json.id)).data);
    expect((await quarantined('replay', first.json.id)).verified).toBe(true);
    const inbox = await lao.inbox(`?thid=${first.json.id}`);
    expect(inbox.json.items.map((m: { body: { text: string } }) => m.body.text)).toEqual(['ต้นฉบับ']);
    // The problem reached th-msdhs, and the first word (delivered) stands.
    await eventually(async () => {
      const problems = await thai.inbox('?type=problem');
      return problems.json.items.some((p: { body: { for: string; code: string } }) => p.body.for === first.json.id && p.body.code === 'replay');
    });
    expect((await thai.message(first.json.id)).json.status).toBe('delivered');
  });

  it('takes a resend of the very same bytes once, and answers it with a receipt again', async () => {
    const good = await forge.make('good');
    await forge.inject(good.data);
    await forge.inject(good.data);
    await eventually(async () => (await lao.inbox(`?thid=${good.id}`)).json.total === 1);
    const receipts = await eventually(async () => {
      const r = await thai.inbox('?type=receipt&limit=200');
      const mine = r.json.items.filter((x: { body: { for: string } }) => x.body.for === good.id);
      return mine.length === 2 && mine;
    }, 10_000, 'two receipts');
    expect(receipts[0].body.envelope).toBe(receipts[1].body.envelope);
    expect((await lao.inbox(`?thid=${good.id}`)).json.total).toBe(1);
  });

  it('still delivers a good message afterwards', async () => {
    const res = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: 'ยังทำงานอยู่' } });
    expect((await thai.waitForStatus(res.json.id, ['delivered', 'rejected'])).status).toBe('delivered');
  });
});
