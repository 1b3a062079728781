import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAgencyKeys, sha256Digest } from '@mou-hub/protocol';
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
    if (process.env['DEBUG_Q']) console.log(code, JSON.stringify(json).slice(0, 300));
    return json.items.find((q: { id?: string }) => id === undefined || q.id === id);
  }, 15_000, `a ${code} in la-mlsw's quarantine`);
}

describe('bad input injected onto la-mlsw\'s subject', () => {
  it('quarantines what cannot be verified, and answers nothing (no reflection to forgers)', async () => {
    const impostor = await generateAgencyKeys('th-msdhs', 'sig-impostor');
    const forgedPayload = await forge.payload();
    // Signed by another key under th-msdhs's real kid.
    await forge.inject(await forge.sign(forgedPayload, { ...impostor.sig, kid: forge.sig.kid }));
    const unknownPayload = await forge.payload();
    await forge.inject(await forge.sign(unknownPayload, { ...forge.sig, kid: 'th-msdhs#sig-unlisted' }));
    await forge.inject('this is not a JWS');
    await forge.inject('x'.repeat(300 * 1024));

    expect((await quarantined('bad-signature')).verified).toBe(false);
    expect((await quarantined('unknown-key')).kid).toBe('th-msdhs#sig-unlisted');
    expect((await quarantined('malformed')).verified).toBe(false);
    expect((await quarantined('too-large')).size).toBe(300 * 1024);

    // No problem went back for any of them.
    const problems = await thai.inbox('?type=problem');
    const answered = problems.json.items.map((p: { body: { for: string } }) => p.body.for);
    expect(answered).not.toContain(forgedPayload.id);
    expect(answered).not.toContain(unknownPayload.id);
  });

  it('rejects authentic but wrong messages with a problem that turns the sender\'s message rejected', async () => {
    const cases: { code: string; make: () => Promise<Record<string, unknown> & { id: string }> }[] = [
      { code: 'expired', make: () => forge.payload({ expires: new Date(Date.now() - 60_000).toISOString() }) },
      { code: 'future-dated', make: () => forge.payload({ created: new Date(Date.now() + 3_600_000).toISOString() }) },
      { code: 'not-for-me', make: () => forge.payload({ to: 'la-mps' }) },
      { code: 'agreement-violation', make: () => forge.payload({ agreement: 'la-vn' }) },
      { code: 'digest-mismatch', make: () => forge.payload({ digest: sha256Digest('something else') }) },
      {
        code: 'decrypt-failed',
        make: async () => {
          const p = await forge.payload();
          const parts = (p.body as { jwe: string }).jwe.split('.');
          const ct = Buffer.from(parts[3]!, 'base64url');
          ct[0] = ct[0]! ^ 0xff;
          parts[3] = ct.toString('base64url');
          return { ...p, body: { jwe: parts.join('.') } };
        },
      },
      { code: 'schema-invalid', make: () => forge.payload({}, { text: '' }) },
      {
        code: 'invalid-state',
        make: async () => {
          const p = await forge.payload({}, { text: 'a reply to a thread la-mlsw never saw' });
          return { ...p, thid: '0193f3b6-5a2c-7c3e-9f10-4b7d2e8a61c0' };
        },
      },
    ];
    const sent: { code: string; id: string }[] = [];
    for (const c of cases) {
      const payload = await c.make();
      await forge.viaOutbox(await forge.sign(payload), payload);
      sent.push({ code: c.code, id: payload.id });
    }
    for (const { code, id } of sent) {
      const message = await thai.waitForStatus(id, ['rejected', 'delivered']);
      expect({ code, status: message.status, problem: message.problem?.code }).toEqual({ code, status: 'rejected', problem: code });
      expect((await quarantined(code, id)).verified).toBe(true);
    }
  });

  it('quarantines the same id with other bytes as a replay, and keeps the first', async () => {
    const first = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: 'ต้นฉบับ' } });
    await thai.waitForStatus(first.json.id, ['delivered']);
    const replay = await forge.payload({ id: first.json.id, thid: first.json.id }, { text: 'changed' });
    await forge.inject(await forge.sign(replay));
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

  it('still delivers a good message afterwards', async () => {
    const res = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: 'ยังทำงานอยู่' } });
    expect((await thai.waitForStatus(res.json.id, ['delivered', 'rejected'])).status).toBe('delivered');
  });
});
