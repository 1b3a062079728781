import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgencyDatabase } from '@mou-hub/agency';
import { attachmentStreamName, attachmentStreamUse, attachmentSubject, connectBus, ensureAttachmentStream, getAttachment, putAttachment } from '@mou-hub/bus';
import { connectAs } from '@mou-hub/infra';
import { openDatabase } from '@mou-hub/db';
import { headers } from 'nats';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { eventually, type ApiClient } from '../support/api.ts';
import { act, body, caseOf, CONSENT, delivered } from '../support/cases.ts';

// Attachments between two real nodes over a real nats-server (issue 8, item 5).
let fed: TestFederation;
let thai: ApiClient;
let lao: ApiClient;
/** Each sender's attachment quota at each recipient here: room for the 20 MiB test file. */
const QUOTA = 24 * 1024 * 1024;
const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('base64url')}`;

beforeAll(async () => {
  // la-mlsw: a third agency, a counterpart of th-rtp too, that fills its own quota there.
  fed = await startTestFederation(['th-rtp', 'la-mps', 'la-mlsw'], { attachmentQuotaBytes: QUOTA });
  thai = await fed.api('th-rtp');
  lao = await fed.api('la-mps');
});
afterAll(() => fed?.close());

/** An investigation from th-rtp, acknowledged by la-mps: la-mps may now answer with evidence. */
async function acknowledgedCase(): Promise<string> {
  const res = await thai.request('POST', '/api/v1/cases', { kind: 'investigation', agreement: 'la-th', to: 'la-mps', lang: 'th', body: body('investigation.request'), consent: CONSENT });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  await delivered(thai, res.json.messageId);
  await act(lao, res.json.id, 'acknowledge', 'lo', body('investigation.acknowledgement'));
  return res.json.id as string;
}

async function upload(api: ApiClient, id: string, data: Buffer | ReadableStream<Uint8Array>, mediaType = 'application/pdf') {
  const res = await fetch(`${api.baseUrl}/api/v1/cases/${id}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${api.token}`, 'content-type': mediaType },
    body: data,
    ...(data instanceof Buffer ? {} : { duplex: 'half' }),
  } as RequestInit);
  return { status: res.status, json: (await res.json()) as any };
}

async function download(api: ApiClient, id: string, name: string) {
  const res = await fetch(`${api.baseUrl}/api/v1/cases/${id}/attachments/${name}`, { headers: { authorization: `Bearer ${api.token}` } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

async function attachmentsOf(api: ApiClient, id: string): Promise<any[]> {
  const res = await api.request('GET', `/api/v1/cases/${id}/attachments`);
  expect(res.status).toBe(200);
  return res.json.items;
}

const answer = (evidence: unknown[]) => ({ ...body('investigation.response'), evidence });

describe('attachments between two nodes', () => {
  it('a scanned form of a few MB travels from la-mps to th-rtp and is verified there', async () => {
    const id = await acknowledgedCase();
    const form = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3 * 1024 * 1024 + 12_345)]);
    const up = await upload(lao, id, form);
    expect(up.status, JSON.stringify(up.json)).toBe(201);
    expect(up.json).toMatchObject({ digest: sha(form), size: form.length, mediaType: 'application/pdf' });
    expect((await download(lao, id, up.json.name)).bytes.equals(form)).toBe(true); // the sender reads its own copy

    await act(lao, id, 'answer-partially', 'lo', answer([up.json]));
    const verified = await eventually(async () => (await attachmentsOf(thai, id)).find((a) => a.state === 'verified'), 20_000, 'verified');
    expect(verified).toEqual({ name: up.json.name, mediaType: 'application/pdf', size: form.length, digest: sha(form), state: 'verified', direction: 'in' });
    const got = await download(thai, id, up.json.name);
    expect(got.status).toBe(200);
    expect(got.type).toBe('application/pdf');
    expect(got.bytes.equals(form)).toBe(true);
    expect((await attachmentsOf(lao, id))[0]).toMatchObject({ name: up.json.name, state: 'uploaded', direction: 'out' });
    // Both case views list it.
    expect((await caseOf(thai, id)).attachments).toEqual([verified]);
    expect((await caseOf(lao, id)).attachments).toEqual([{ ...verified, state: 'uploaded', direction: 'out' }]);

    const log = await thai.request('GET', `/api/v1/access-log?case=${id}`);
    expect(log.json.items.map((e: { what: string }) => e.what)).toContain(`attachment:${up.json.name}`);
  });

  it('keeps the message that names an attachment queued until the attachment is uploaded', async () => {
    const id = await acknowledgedCase();
    // la-mps's attachment stream at th-rtp is gone for a while: la-mps cannot upload into it.
    await (await fed.admin.jsm()).streams.delete(attachmentStreamName('th-rtp', 'la-mps'));
    const form = randomBytes(300_000);
    const up = await upload(lao, id, form, 'image/jpeg');
    expect(up.status).toBe(201);
    const sent = await lao.request('POST', `/api/v1/cases/${id}/actions/answer-partially`, { lang: 'lo', body: answer([up.json]) });
    expect(sent.status, JSON.stringify(sent.json)).toBe(202);
    await eventually(async () => (await attachmentsOf(lao, id))[0]?.state === 'stored' && (await lao.message(sent.json.messageId)).json.history.length >= 1, 5_000, 'stored');
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await lao.message(sent.json.messageId)).json.status).toBe('queued');
    expect((await attachmentsOf(lao, id))[0].state).toBe('stored');

    await ensureAttachmentStream(fed.admin, 'th-rtp', 'la-mps');
    await delivered(lao, sent.json.messageId);
    expect((await attachmentsOf(lao, id))[0].state).toBe('uploaded');
    const seen = await eventually(async () => (await attachmentsOf(thai, id)).find((a) => a.state === 'verified'), 20_000, 'verified');
    expect(seen.name).toBe(up.json.name);
  });

  it('shows an altered and a missing attachment as attachment-corrupt and attachment-missing, never a crash', async () => {
    const id = await acknowledgedCase();
    const good = await upload(lao, id, randomBytes(50_000));
    // A buggy or hostile sender: its own records say uploaded, but the stream holds no such
    // file (missing), or junk under the name (altered); and one digest that does not match.
    const lost = { name: sha(randomBytes(8)), digest: sha(randomBytes(8)), size: 10, mediaType: 'application/pdf' };
    const junk = { name: sha(randomBytes(8)), digest: sha(randomBytes(8)), size: 10, mediaType: 'image/png' };
    const { db, close } = openDatabase<AgencyDatabase>(fed.agency('la-mps').database);
    const now = new Date().toISOString();
    for (const ref of [lost, junk]) {
      await db.insertInto('attachments').values({ name: ref.name, direction: 'out', thid: id, counterpart: 'th-rtp', message_id: null, media_type: ref.mediaType, size: ref.size, digest: ref.digest, state: 'uploaded', detail: null, attempts: 0, next_attempt_at: now, created_at: now, updated_at: now }).execute();
    }
    await close();
    await fed.admin.js.publish(attachmentSubject('th-rtp', 'la-mps', junk.name), randomBytes(100), { headers: partHeaders() });
    const wrongDigest = { ...good.json, digest: sha(randomBytes(8)) };

    await act(lao, id, 'answer-partially', 'lo', answer([wrongDigest, lost, junk]));
    const states = await eventually(async () => {
      const items = await attachmentsOf(thai, id);
      return items.length === 3 && items.every((a) => a.state !== 'fetching') && items;
    }, 20_000, 'all fetched');
    const byName = Object.fromEntries(states.map((a: any) => [a.name, [a.state, a.problem]]));
    expect(byName).toEqual({
      [good.json.name]: ['attachment-corrupt', 'digest-mismatch'],
      [lost.name]: ['attachment-missing', 'not-found'],
      [junk.name]: ['attachment-corrupt', 'name-mismatch'],
    });
    const refused = await thai.request('GET', `/api/v1/cases/${id}/attachments/${lost.name}`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('attachment-missing');
    expect((await thai.request('GET', `/api/v1/cases/${id}/attachments/${good.json.name}`)).json.error.code).toBe('attachment-corrupt');
    expect((await thai.request('GET', '/readyz')).status).toBe(200); // the node is fine
  });

  it('streams a 20 MiB upload to disk while it arrives, and refuses a byte more', async () => {
    const id = await acknowledgedCase();
    const dir = join(dirname(fed.agency('la-mps').database), 'attachments');
    const total = 20 * 1024 * 1024;
    const piece = 256 * 1024;
    let sent = 0;
    let tempSeenAtEnd = 0;
    const source = (size: number) =>
      new ReadableStream<Uint8Array>({
        pull(ctl) {
          if (sent >= size) {
            // Before the last byte leaves, the server has already encrypted most of the file to disk.
            tempSeenAtEnd = Math.max(0, ...readdirSync(dir).filter((f) => f.startsWith('.tmp-')).map((f) => statSync(join(dir, f)).size));
            return ctl.close();
          }
          const n = Math.min(piece, size - sent);
          sent += n;
          ctl.enqueue(new Uint8Array(n).fill(sent & 0xff));
        },
      });
    const up = await upload(lao, id, source(total));
    expect(up.status, JSON.stringify(up.json)).toBe(201);
    expect(up.json.size).toBe(total);
    expect(tempSeenAtEnd).toBeGreaterThan(total / 2);

    sent = 0;
    const over = await upload(lao, id, source(total + 1));
    expect(over.status).toBe(413);
    expect(over.json.error.code).toBe('too-large');
    expect(readdirSync(dir).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
    expect((await attachmentsOf(lao, id)).length).toBe(1);
  });

  it('refuses a bad media type, an unknown case, a reader without a token, and a message naming a file never uploaded', async () => {
    const id = await acknowledgedCase();
    const never = { name: sha(randomBytes(8)), digest: sha(randomBytes(8)), size: 1, mediaType: 'application/pdf' };
    const refused = await lao.request('POST', `/api/v1/cases/${id}/actions/answer-partially`, { lang: 'lo', body: answer([never]) });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 'attachment-unknown', details: { names: [never.name] } });
    // A step this side may not take is refused as such, whatever it carries (the README's walk-through relies on it).
    const notTheirTurn = await thai.send({ to: 'la-mps', agreement: 'la-th', type: 'investigation.response', lang: 'th', thid: id, body: answer([never]) });
    expect(notTheirTurn.status, JSON.stringify(notTheirTurn.json)).toBe(409);
    expect(notTheirTurn.json.error.code).toBe('invalid-state');
    expect((await upload(lao, id, Buffer.from('x'), 'not a type')).json.error.code).toBe('invalid-media-type');
    expect((await upload(lao, '019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d', Buffer.from('x'))).status).toBe(404);
    const anonymous = await fetch(`${lao.baseUrl}/api/v1/cases/${id}/attachments`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(anonymous.status).toBe(401);
  });
});

describe('attachment quotas (issue 17)', () => {
  it("a counterpart that fills its quota at th-rtp leaves another counterpart's upload delivered, verified and then removed from the broker", async () => {
    // la-mlsw, with its own broker user, puts files nobody asked for until its quota is used up.
    const hostile = await connectBus({ servers: fed.nats.url, ...connectAs(fed.prepared.natsUsers.agencies['la-mlsw'], 'la-mlsw') });
    let refused: unknown;
    try {
      for (let i = 0; i < 20 && !refused; i++) {
        const junk = randomBytes(2 * 1024 * 1024);
        await putAttachment(hostile, { to: 'th-rtp', from: 'la-mlsw', name: sha(junk) }, (async function* () { yield junk; })(), junk.length).catch((e: unknown) => (refused = e));
      }
    } finally {
      await hostile.close();
    }
    expect(refused).toMatchObject({ code: 'full' });
    expect((await attachmentStreamUse(fed.admin, 'th-rtp', 'la-mlsw')).bytes).toBeGreaterThan(QUOTA * 0.9);
    // th-rtp's node shows it, for the alert.
    const metrics = await (await fetch(`${fed.nodes.get('th-rtp')!.url}/metrics`)).text();
    const ratio = Number(/mou_attachment_quota_used_ratio\{[^}]*counterpart="la-mlsw"[^}]*direction="in"[^}]*\} ([\d.]+)/.exec(metrics)?.[1]);
    expect(ratio).toBeGreaterThan(0.9);

    // la-mps's evidence still goes through, is verified at th-rtp, and then leaves the broker.
    const id = await acknowledgedCase();
    const form = randomBytes(1024 * 1024);
    const up = await upload(lao, id, form);
    expect(up.status, JSON.stringify(up.json)).toBe(201);
    await act(lao, id, 'answer-partially', 'lo', answer([up.json]));
    await eventually(async () => (await attachmentsOf(thai, id)).find((a) => a.state === 'verified'), 20_000, 'verified');
    expect((await download(thai, id, up.json.name)).bytes.equals(form)).toBe(true);
    const gone = await eventually(async () => {
      const read = async () => { for await (const _ of getAttachment(fed.admin, { to: 'th-rtp', from: 'la-mps', name: up.json.name })); };
      return read().then(() => undefined, (e: unknown) => e);
    }, 10_000, 'removed from the broker');
    expect(gone).toMatchObject({ code: 'not-found' });
  });
});

/** Headers of part 0 of 1, as putAttachment writes them. */
function partHeaders() {
  const h = headers();
  h.set('Mou-Part', '0');
  h.set('Mou-Parts', '1');
  return h;
}
