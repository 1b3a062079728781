import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { ApiClient, eventually } from '../support/api.ts';
import { body, caseOf, CONSENT, delivered } from '../support/cases.ts';

// Issue 9: a Thai document reaches la-mlsw, which works in Lao; its translation is tracked
// there, by two translators, and followed status by status from th-msdhs.
let fed: TestFederation;
let thai: ApiClient;
let lao: ApiClient;
let noy: ApiClient;
let kham: ApiClient;

beforeAll(async () => {
  fed = await startTestFederation(['th-msdhs', 'la-mlsw']);
  thai = await fed.api('th-msdhs');
  lao = await fed.api('la-mlsw');
  const url = fed.nodes.get('la-mlsw')!.url;
  const [t1, t2] = fed.agency('la-mlsw').translators;
  noy = await ApiClient.login(url, t1!.username, t1!.password);
  kham = await ApiClient.login(url, t2!.username, t2!.password);
});
afterAll(() => fed?.close());

/** Opens a Thai-language repatriation case at th-msdhs and waits for its delivery. */
async function openThaiCase(): Promise<string> {
  const res = await thai.request('POST', '/api/v1/cases', { kind: 'repatriation', agreement: 'la-th', to: 'la-mlsw', lang: 'th', body: body('repatriation.request'), consent: CONSENT });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  await delivered(thai, res.json.messageId);
  return res.json.id as string;
}

/** la-mlsw's job for the case's opening request, once policy has opened it. */
async function jobOf(caseId: string): Promise<any> {
  return eventually(async () => {
    const { json } = await noy.request('GET', '/api/v1/translations?limit=200');
    return json.items.find((j: any) => j.case === caseId);
  }, 10_000, `a translation job for ${caseId}`);
}

async function act(api: ApiClient, id: string, action: string, payload?: unknown) {
  return api.request('POST', `/api/v1/translations/${id}/${action}`, payload);
}

/** The case's translations as `api`'s case view lists them, once they show `statuses`. */
async function translationsShown(api: ApiClient, caseId: string, last: string, count: number): Promise<any[]> {
  return eventually(async () => {
    const c = await caseOf(api, caseId);
    const t = c.translations as any[];
    return t.length > 0 && t[0].status === last && t[0].history.length === count && t;
  }, 10_000, `translation ${last} (${count} statuses) on ${caseId}`);
}

describe('translation of a Thai request at la-mlsw', () => {
  it('runs needed → claimed → translated → returned → translated → reviewed, and th-msdhs sees each status in order', async () => {
    const caseId = await openThaiCase();
    const job = await jobOf(caseId);
    expect(job).toMatchObject({ case: caseId, document: { kind: 'message', id: caseId }, sourceLang: 'th', targetLang: 'lo', status: 'needed' });
    expect(Object.keys(job).sort()).toEqual(['case', 'document', 'due', 'id', 'sourceLang', 'status', 'targetLang', 'updatedAt']);
    const listed = (await lao.request('GET', '/api/v1/cases?kind=repatriation&limit=200')).json.items.find((c: any) => c.id === caseId);
    expect(job.due).toBe(listed.due);

    // The seed's decide-repatriation pauses for translation: both sides see its clock stopped.
    const decide = async (api: ApiClient) => (await caseOf(api, caseId)).deadlines.find((d: any) => d.step === 'decide-repatriation');
    for (const api of [lao, thai]) {
      expect(await eventually(async () => (await decide(api))?.paused === true, 10_000, 'a paused clock')).toBe(true);
      // Only the moment between sending and the job's opening at la-mlsw counts.
      const d = await decide(api);
      expect(d.overdue).toBe(false);
      expect(d.netElapsedMs).toBeLessThan(5_000);
    }

    // An officer without the translator role cannot claim (the test officer is also a supervisor).
    const officerClaim = await act(lao, job.id, 'claim');
    expect(officerClaim.status).toBe(403);
    expect(officerClaim.json.error.code).toBe('forbidden');
    // An action that does not fit the status.
    const early = await act(kham, job.id, 'approve');
    expect(early.status).toBe(409);
    expect(early.json.error).toMatchObject({ code: 'invalid-state', details: { params: { action: 'approve', status: 'needed' } } });

    expect((await act(noy, job.id, 'claim')).json.status).toBe('claimed');
    expect((await act(kham, job.id, 'claim')).status).toBe(409);
    const missingText = await act(noy, job.id, 'submit', {});
    expect(missingText.status).toBe(400);
    expect((await act(noy, job.id, 'submit', { text: 'ຄຳຮ້ອງຂໍສົ່ງກັບຄືນ (ສະບັບທຳອິດ)' })).json.status).toBe('translated');

    // Nobody reviews their own translation.
    const own = await act(noy, job.id, 'approve');
    expect(own.status).toBe(403);
    expect(own.json.error.code).toBe('own-translation');

    expect((await act(kham, job.id, 'return', { note: 'ກວດຊື່ບ້ານຄືນອີກ' })).json.status).toBe('returned');
    expect((await act(noy, job.id, 'submit', { text: 'ຄຳຮ້ອງຂໍສົ່ງກັບຄືນ (ສະບັບແກ້ໄຂ)' })).json.status).toBe('translated');
    expect((await act(kham, job.id, 'approve')).json.status).toBe('reviewed');
    expect((await act(kham, job.id, 'approve')).status).toBe(409);

    // The job in full at la-mlsw: the original beside both versions, the return note, who did what.
    const detail = (await kham.request('GET', `/api/v1/translations/${job.id}`)).json;
    expect(detail).toMatchObject({ status: 'reviewed', translator: 'translator1', reviewer: 'translator2', original: { type: 'repatriation.request', lang: 'th' } });
    expect(detail.versions.map((v: any) => [v.version, v.kind, v.translator, v.reviewer])).toEqual([
      [1, 'human', 'translator1', 'translator2'],
      [2, 'human', 'translator1', 'translator2'],
    ]);
    expect(detail.history.find((h: any) => h.status === 'returned')).toMatchObject({ actor: 'translator2', note: 'ກວດຊື່ບ້ານຄືນອີກ' });

    const order = ['needed', 'claimed', 'translated', 'returned', 'translated', 'reviewed'];
    const [there] = await translationsShown(thai, caseId, 'reviewed', order.length);
    const [here] = await translationsShown(lao, caseId, 'reviewed', order.length);
    expect(there.history.map((h: any) => h.status)).toEqual(order);
    const times = there.history.map((h: any) => Date.parse(h.at));
    expect(times.every((t: number, i: number) => Number.isFinite(t) && (i === 0 || t >= times[i - 1]))).toBe(true);
    // Both sides list the same job the same way: la-mlsw (the responder) translates.
    const comparable = (t: any) => ({ document: t.document, sourceLang: t.sourceLang, targetLang: t.targetLang, status: t.status, side: t.side, heldBy: t.heldBy, history: t.history });
    expect(comparable(there)).toEqual(comparable(here));
    expect(there).toMatchObject({ side: 'responder', heldBy: 'la-mlsw', updatedAt: there.history[5].at });
    // The translation itself stays at la-mlsw, beside the original in its case view.
    expect(here.translation).toEqual({ version: 2, kind: 'human', text: 'ຄຳຮ້ອງຂໍສົ່ງກັບຄືນ (ສະບັບແກ້ໄຂ)', attachment: null, reviewed: true });
    expect(there.translation).toBeUndefined();
    // Reviewed: the clock runs again, net of the time it waited for translation.
    for (const api of [lao, thai]) {
      const d = await decide(api);
      expect(d.paused).toBe(false);
      expect(d.netElapsedMs).toBeLessThan(d.rawElapsedMs);
    }

    // The audit reads the status from the envelope's clear metadata, never the body. Changes
    // seconds apart went as one message (the others in its sealed `earlier`): the wire has the
    // first status and the last, which is what the pause rule reads, and no status twice running.
    const envelopes = await statusEnvelopes();
    const mine = envelopes.filter((p) => p.thid === caseId);
    const onWire = mine.map((p) => Object.keys(p.stats ?? {})[0]!.replace('translation-', ''));
    expect([onWire[0], onWire.at(-1)]).toEqual(['needed', 'reviewed']);
    expect(onWire.every((s, i) => order.includes(s) && s !== onWire[i - 1])).toBe(true);
    expect(mine.length).toBeLessThanOrEqual(order.length);
    expect(mine.every((p) => p.replyTo === caseId && p.lang === 'lo' && p.from === 'la-mlsw' && p.to === 'th-msdhs')).toBe(true);
  });

  it('tracks a machine draft and a job not needed apart; neither is ever reviewed', async () => {
    const draftCase = await openThaiCase();
    const skipCase = await openThaiCase();
    const draft = await jobOf(draftCase);
    const skip = await jobOf(skipCase);

    expect((await act(noy, draft.id, 'machine-draft', { text: 'ຮ່າງແປດ້ວຍເຄື່ອງ' })).json.status).toBe('machine-draft');
    expect((await act(noy, skip.id, 'not-needed', { reason: 'x' })).status).toBe(403); // a translator does not decide that
    expect((await act(lao, skip.id, 'not-needed', {})).status).toBe(400);
    expect((await act(lao, skip.id, 'not-needed', { reason: 'ຄອບຄົວອ່ານພາສາໄທໄດ້' })).json.status).toBe('not-needed');
    for (const id of [draft.id, skip.id]) expect((await act(kham, id, 'approve')).json.error.code).toBe('invalid-state');

    const byStatus = async (status: string) => (await noy.request('GET', `/api/v1/translations?status=${status}&sourceLang=th&targetLang=lo`)).json;
    expect((await byStatus('machine-draft')).items.map((j: any) => j.id)).toEqual([draft.id]);
    expect((await byStatus('not-needed')).items.map((j: any) => j.id)).toEqual([skip.id]);
    expect((await byStatus('reviewed')).items.map((j: any) => j.id)).not.toContain(draft.id);
    expect((await byStatus('reviewed')).items.map((j: any) => j.id)).not.toContain(skip.id);

    expect((await translationsShown(thai, draftCase, 'machine-draft', 2))[0].history.map((h: any) => h.status)).toEqual(['needed', 'machine-draft']);
    expect((await translationsShown(thai, skipCase, 'not-needed', 2))[0].history.map((h: any) => h.status)).toEqual(['needed', 'not-needed']);
  });

  it('lets a supervisor ask for a translation policy did not create, once', async () => {
    const caseId = await openThaiCase();
    await jobOf(caseId);
    const ask = { document: { kind: 'message', id: caseId }, targetLang: 'en' };
    const made = await lao.request('POST', '/api/v1/translations', ask);
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    expect(made.json).toMatchObject({ case: caseId, sourceLang: 'th', targetLang: 'en', status: 'needed' });
    expect((await lao.request('POST', '/api/v1/translations', ask)).status).toBe(409);
    expect((await noy.request('POST', '/api/v1/translations', ask)).status).toBe(403);
    await eventually(async () => (await caseOf(thai, caseId)).translations.length === 2, 10_000, 'both jobs at th-msdhs');
  });

  it('answers bad input with clear errors', async () => {
    const cases: [string, string, unknown, number, string][] = [
      ['GET', '/api/v1/translations?status=done', undefined, 400, 'invalid-request'],
      ['GET', '/api/v1/translations?targetLang=Lao', undefined, 400, 'invalid-request'],
      ['POST', '/api/v1/translations/not-an-id/claim', undefined, 400, 'invalid-request'],
      ['POST', '/api/v1/translations/019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d/publish', undefined, 400, 'invalid-request'],
      ['POST', '/api/v1/translations/019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d/claim', undefined, 404, 'not-found'],
      ['POST', '/api/v1/translations/019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d/submit', { text: 'x', extra: 1 }, 400, 'invalid-request'],
      ['POST', '/api/v1/translations/019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d/submit', '{"text":', 400, 'invalid-request'],
    ];
    for (const [method, path, payload, status, code] of cases) {
      const res = await noy.request(method, path, payload);
      expect([path, res.status, res.json?.error?.code]).toEqual([path, status, code]);
    }
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await lao.request('GET', '/api/v1/openapi.json')).json;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/translations', '/api/v1/translations/{id}', '/api/v1/translations/{id}/{action}']));
  });
});

/** Every translation.status envelope on the stream, payload decoded (signed, not decrypted). */
async function statusEnvelopes(): Promise<any[]> {
  const jsm = await fed.admin.jsm();
  const info = await jsm.streams.info('MOU_V1');
  const out = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage('MOU_V1', { seq }).catch(() => undefined);
    if (!m) continue;
    const payload = JSON.parse(Buffer.from(new TextDecoder().decode(m.data).split('.')[1]!, 'base64url').toString('utf8'));
    if (payload.type === 'translation.status') out.push(payload);
  }
  return out;
}
