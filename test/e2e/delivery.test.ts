import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleBodies } from '@mou-hub/protocol';
import type { AgencyDatabase } from '@mou-hub/agency';
import { openDatabase } from '@mou-hub/db';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { eventually, type ApiClient } from '../support/api.ts';

let fed: TestFederation;
let thai: ApiClient;
let lao: ApiClient;

beforeAll(async () => {
  fed = await startTestFederation(['th-msdhs', 'la-mlsw']);
  thai = await fed.api('th-msdhs');
  lao = await fed.api('la-mlsw');
});
afterAll(() => fed?.close());

describe('a repatriation request from Thailand to Laos', () => {
  it('reaches la-mlsw opened and equal, and goes queued → published → delivered', async () => {
    const body = structuredClone(exampleBodies['repatriation.request']);
    const sent = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'repatriation.request', lang: 'th', body });
    expect(sent.status).toBe(202);
    expect(sent.json.status).toBe('queued');
    const id = sent.json.id as string;

    const delivered = await thai.waitForStatus(id, ['delivered', 'rejected', 'failed']);
    expect(delivered.status).toBe('delivered');
    expect(delivered.history.map((h: { status: string }) => h.status)).toEqual(['queued', 'published', 'delivered']);

    const inbox = await lao.inbox(`?thid=${id}`);
    expect(inbox.json.items).toHaveLength(1);
    const received = inbox.json.items[0];
    expect(received).toMatchObject({ id, from: 'th-msdhs', type: 'repatriation.request', agreement: 'la-th', thid: id });
    expect(received.body).toEqual(body);

    // The signed receipt names the exact envelope that was sent.
    expect(received.envelopeHash).toBe(delivered.envelopeHash);
    const receipts = await thai.inbox('?type=receipt');
    const receipt = receipts.json.items.find((r: { body: { for: string } }) => r.body.for === id);
    expect(receipt).toMatchObject({ from: 'la-mlsw', type: 'receipt', replyTo: id, thid: id });
    expect(receipt.body.envelope).toBe(delivered.envelopeHash);

    // la-mlsw signed the receipt while it checked the request and wrote it sealed in the
    // request's own transaction, with its evidence entry: the relay only published those bytes.
    const { db, close } = openDatabase<AgencyDatabase>(fed.agency('la-mlsw').database);
    try {
      const row = await db.selectFrom('outbox').select(['jws', 'envelope_hash', 'status']).where('type', '=', 'receipt').where('reply_to', '=', id).executeTakeFirstOrThrow();
      expect(row.status).toBe('published'); // a receipt gets no receipt
      expect(row.envelope_hash).toBe(receipt.envelopeHash);
      const log = await db.selectFrom('evidence_entries').select(['seq', 'entry']).where('thid', '=', id).orderBy('seq').execute();
      const entries = log.map((e) => ({ seq: e.seq, ...(JSON.parse(e.entry) as { kind: string; direction: string; at: string; jws: string }) }));
      const received = entries.filter((e) => e.kind === 'envelope' && e.direction === 'received');
      const sentReceipts = entries.filter((e) => e.kind === 'receipt' && e.direction === 'sent');
      expect([received.length, sentReceipts.length]).toEqual([1, 1]);
      // Logged in the request's transaction, at its instant (the relay, sealing it later, logged its own time).
      expect(sentReceipts[0]!).toMatchObject({ seq: received[0]!.seq + 1, at: received[0]!.at, jws: row.jws });
    } finally {
      await close();
    }
  });

  it('answers 400 with field errors for a body that fails its schema, and queues nothing', async () => {
    const res = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: '' } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('schema-invalid');
    expect(res.json.error.details[0].path).toBe('text');
  });

  it('answers broken requests with a JSON error, never a crash', async () => {
    const notJson = await thai.request('POST', '/api/v1/messages', '{"to": "la-mlsw",');
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.code).toBe('invalid-request');
    const missing = await thai.send({ to: 'la-mlsw' });
    expect(missing.status).toBe(400);
    expect(missing.json.error.details.issues.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['agreement', 'type', 'lang', 'body']));
    const badId = await thai.request('GET', '/api/v1/messages/not-an-id');
    expect(badId.status).toBe(400);
    const badPage = await thai.request('GET', '/api/v1/inbox?limit=100000');
    expect(badPage.status).toBe(400);
  });

  it('refuses at the sender a recipient that is itself or not a party', async () => {
    const self = await thai.send({ to: 'th-msdhs', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: 'x' } });
    expect(self.status).toBe(400);
    const stranger = await thai.send({ to: 'vn-mps', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: 'x' } });
    expect(stranger.status).toBe(400);
    expect(stranger.json.error.code).toBe('agreement-violation');
  });

  it('refuses at the sender a type the agreement does not let it send', async () => {
    const res = await thai.send({
      to: 'la-mlsw',
      agreement: 'la-th',
      type: 'consular.verification.request',
      lang: 'th',
      body: structuredClone(exampleBodies['consular.verification.request']),
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('agreement-violation');
  });

  it('threads a reply and refuses a step out of order', async () => {
    const first = await thai.send({ to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: 'เริ่มต้น' } });
    const thid = first.json.id as string;
    await thai.waitForStatus(thid, ['delivered']);
    const reply = await lao.send({ to: 'th-msdhs', agreement: 'la-th', type: 'case.note', lang: 'lo', body: { text: 'ໄດ້ຮັບແລ້ວ' }, thid });
    expect(reply.status).toBe(202);
    expect((await lao.waitForStatus(reply.json.id, ['delivered', 'rejected'])).status).toBe('delivered');
    const outOfOrder = await lao.send({
      to: 'th-msdhs',
      agreement: 'la-th',
      type: 'repatriation.handover.completed',
      lang: 'lo',
      body: structuredClone(exampleBodies['repatriation.handover.completed']),
      thid,
    });
    expect(outOfOrder.status).toBe(409);
    expect(outOfOrder.json.error.code).toBe('invalid-state');
    // The Thai note opened a Thai → Lao translation job at la-mlsw, whose status crossed back too.
    const inbox = await thai.inbox(`?thid=${thid}`);
    expect(inbox.json.items.map((m: { type: string }) => m.type).sort()).toEqual(['case.note', 'translation.status']);
    // Each side sees the whole case as one thread, both directions, in order.
    for (const [api, first, second] of [[thai, 'out', 'in'], [lao, 'in', 'out']] as const) {
      const thread = await api.request('GET', `/api/v1/threads/${thid}`);
      expect(thread.status).toBe(200);
      const notes = thread.json.messages.filter((m: { type: string }) => m.type === 'case.note');
      expect(notes.map((m: { direction: string; body: { text: string } }) => [m.direction, m.body.text])).toEqual([
        [first, 'เริ่มต้น'],
        [second, 'ໄດ້ຮັບແລ້ວ'],
      ]);
    }
    expect((await thai.request('GET', `/api/v1/threads/${reply.json.id}`)).status).toBe(404);
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await fetch(`${thai.baseUrl}/healthz`)).status).toBe(200);
    const ready = await eventually(async () => {
      const r = await fetch(`${thai.baseUrl}/readyz`);
      return r.status === 200 && ((await r.json()) as { checks: object });
    });
    expect(Object.keys(ready.checks)).toEqual(['database', 'nats', 'consumer', 'inbox', 'relay', 'directory', 'load', 'evidence']);
    const metrics = await (await fetch(`${thai.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/mou_outbox_messages\{status="delivered",type="repatriation.request",service="agency",agency="th-msdhs"\} 1/);
    expect(metrics).toMatch(/mou_seal_seconds_count/);
    expect(metrics).toMatch(/^mou_evidence_log_enabled\{[^}]*\} 1$/m);
    const doc = (await (await fetch(`${thai.baseUrl}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/messages', '/api/v1/messages/{id}', '/api/v1/threads/{thid}', '/api/v1/inbox', '/api/v1/quarantine', '/api/v1/auth/login', '/api/v1/auth/logout']));
  });
  // Last: after a 413 the server closes the connection while the client is still sending.
  it('needs a token, and answers JSON 404 and 413', async () => {
    const anon = await fetch(`${thai.baseUrl}/api/v1/inbox`);
    expect(anon.status).toBe(401);
    expect((await thai.request('GET', '/api/v1/nothing')).status).toBe(404);
    const huge = await thai.request('POST', '/api/v1/messages', JSON.stringify({ text: 'x'.repeat(600_000) }));
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe('too-large');
    // Refused before it is read (service-kit limitBody; login-edges.test.ts measures the memory): the node goes on serving.
    expect((await thai.request('GET', '/api/v1/inbox')).status).toBe(200);
  });
});

