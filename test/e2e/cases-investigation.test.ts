import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgencyDatabase } from '@mou-hub/agency';
import { openDatabase } from '@mou-hub/db';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { ApiClient } from '../support/api.ts';
import { act, body, bothSides, caseOf, CONSENT, delivered } from '../support/cases.ts';

let fed: TestFederation;
let thai: ApiClient;
let lao: ApiClient;

beforeAll(async () => {
  fed = await startTestFederation(['th-rtp', 'la-mps']);
  thai = await fed.api('th-rtp');
  lao = await fed.api('la-mps');
});
afterAll(() => fed?.close());

async function open(consent: unknown = CONSENT) {
  const res = await thai.request('POST', '/api/v1/cases', { kind: 'investigation', agreement: 'la-th', to: 'la-mps', lang: 'th', body: body('investigation.request'), consent });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  expect(res.json).toMatchObject({ id: res.json.messageId, state: 'requested' });
  await delivered(thai, res.json.messageId);
  return res.json.id as string;
}

describe('an investigation between the Thai and the Lao police', () => {
  it('refuses to open without consent to share, and queues nothing', async () => {
    const res = await thai.request('POST', '/api/v1/cases', { kind: 'investigation', agreement: 'la-th', to: 'la-mps', lang: 'th', body: body('investigation.request') });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('consent-required');
    const refused = await thai.request('POST', '/api/v1/cases', { kind: 'investigation', agreement: 'la-th', to: 'la-mps', lang: 'th', body: body('investigation.request'), consent: { ...CONSENT, given: false } });
    expect(refused.json.error.code).toBe('consent-required');
    expect((await thai.request('GET', '/api/v1/cases?kind=investigation')).json.total).toBe(0);
  });

  it('documents the case routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${thai.baseUrl}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{id}', '/api/v1/cases/{id}/actions/{name}', '/api/v1/intakes', '/api/v1/intakes/{id}', '/api/v1/intakes/{id}/cases', '/api/v1/access-log']),
    );
  });

  it('answers 400 with field paths for a bad opening body', async () => {
    const b = body('investigation.request');
    b.subjects = [];
    const res = await thai.request('POST', '/api/v1/cases', { kind: 'investigation', agreement: 'la-th', to: 'la-mps', lang: 'th', body: b, consent: CONSENT });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.error.details)).toContain('subjects');
  });

  it('runs request → acknowledged → extended → partially answered → answered → closed, both sides equal at each step', async () => {
    const id = await open();
    let [t, l] = await bothSides(thai, lao, id);
    expect([t.role, l.role, t.state]).toEqual(['initiator', 'responder', 'requested']);
    expect(t.actions).toEqual([]);
    expect(l.actions.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['acknowledge', 'decline', 'extend', 'answer']));
    expect(t.consent).toMatchObject({ given: true, source: 'recorded' });
    expect(l.consent).toMatchObject({ source: 'counterpart' });

    const steps: [string, string, string][] = [
      ['acknowledge', 'investigation.acknowledgement', 'acknowledged'],
      ['extend', 'investigation.extension', 'extended'],
      ['answer-partially', 'investigation.response', 'partially-answered'],
    ];
    for (const [name, type, state] of steps) {
      const done = await act(lao, id, name, 'lo', body(type as never));
      expect(done.state).toBe(state);
      [t, l] = await bothSides(thai, lao, id);
      expect(t.state).toBe(state);
    }
    // `answer` with a partial body is another step than the one asked for.
    const mismatch = await lao.request('POST', `/api/v1/cases/${id}/actions/answer`, { lang: 'lo', body: body('investigation.response') });
    expect(mismatch.status).toBe(409);
    expect(mismatch.json.error.details.refusal).toEqual({ code: 'action-mismatch', params: { asked: 'answer', applies: 'answer-partially' } });

    const full = { ...body('investigation.response'), completeness: 'full' };
    expect((await act(lao, id, 'answer', 'lo', full)).state).toBe('answered');
    await bothSides(thai, lao, id);
    const closed = await act(thai, id, 'close', 'th', { status: 'Closed', reason: 'Answered in full.' });
    expect(closed.state).toBe('closed');
    [t, l] = await bothSides(thai, lao, id);
    // Translation jobs (the language policy) add translation.status messages to the thread.
    expect(t.timeline.map((m: { type: string }) => m.type).filter((type: string) => type !== 'translation.status')).toEqual([
      'investigation.request',
      'investigation.acknowledgement',
      'investigation.extension',
      'investigation.response',
      'investigation.response',
      'case.closed',
    ]);
    expect(l.timeline.every((m: { direction: string; from: string }) => (m.direction === 'in') === (m.from === 'th-rtp'))).toBe(true);
    expect(t.timeline.filter((m: { direction: string }) => m.direction === 'out').every((m: { status: string }) => m.status === 'delivered')).toBe(true);

    // The step facts travel in the envelope's stats for the audit.
    const answers = l.timeline.filter((m: { type: string }) => m.type === 'investigation.response');
    const { db, close } = openDatabase<AgencyDatabase>(fed.agency('la-mps').database);
    const stats = await db.selectFrom('outbox').select(['id', 'stats']).where('id', 'in', answers.map((m: { id: string }) => m.id)).orderBy('created').execute();
    await close();
    expect(stats.map((r) => JSON.parse(r.stats ?? '{}').full)).toEqual([0, 1]);
    const list = await thai.request('GET', '/api/v1/cases?state=closed&kind=investigation');
    expect(list.json.items.map((c: { id: string }) => c.id)).toContain(id);
  });

  it('runs a declined request: the requested side closes it before acknowledging', async () => {
    const id = await open();
    const declined = await act(lao, id, 'decline', 'lo', { status: 'Closed', reason: 'Outside our jurisdiction: the suspect lives in Champasak.' });
    expect(declined.state).toBe('declined');
    const [t] = await bothSides(thai, lao, id);
    expect(t.state).toBe('declined');
    expect(t.actions).toEqual([]);
    const late = await lao.request('POST', `/api/v1/cases/${id}/actions/acknowledge`, { lang: 'lo', body: body('investigation.acknowledgement') });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe('invalid-state');
  });

  it('settles a race (a close crossing an acknowledgement) with both sides in the same state', async () => {
    const id = await open();
    const [closing, acking] = await Promise.all([
      thai.request('POST', `/api/v1/cases/${id}/actions/close`, { lang: 'th', body: { status: 'Closed', reason: 'Withdrawn: the victim was found.' } }),
      lao.request('POST', `/api/v1/cases/${id}/actions/acknowledge`, { lang: 'lo', body: body('investigation.acknowledgement') }),
    ]);
    expect(closing.status).toBe(202);
    await delivered(thai, closing.json.messageId);
    // Both were judged before either had arrived: each side moved on its own.
    expect(acking.status).toBe(202);
    // The acknowledgement reached a closed case: refused there, and the Lao side falls back.
    const ack = await lao.waitForStatus(acking.json.messageId, ['delivered', 'rejected']);
    expect(ack).toMatchObject({ status: 'rejected', problem: { code: 'invalid-state' } });
    const [t, l] = await bothSides(thai, lao, id);
    expect([t.state, l.state]).toEqual(['closed', 'closed']);
  });

  it('records every read of case data in the access log, which the supervisor reads', async () => {
    const supervisor = await fed.api('th-rtp', 'supervisor');
    const res = await thai.request('POST', '/api/v1/cases', { kind: 'investigation', agreement: 'la-th', to: 'la-mps', lang: 'th', body: body('investigation.request'), consent: CONSENT });
    const id = res.json.id as string;
    await delivered(supervisor, res.json.messageId);
    expect((await thai.request('GET', `/api/v1/cases/${id}`)).status).toBe(200);
    expect((await thai.request('GET', `/api/v1/threads/${id}`)).status).toBe(200);
    expect((await thai.message(id)).status).toBe(200);
    const officer = fed.agency('th-rtp').officer.username;
    const log = await supervisor.request('GET', `/api/v1/access-log?case=${id}&user=${officer}`);
    expect(log.status).toBe(200);
    expect(log.json).toMatchObject({ total: 3, limit: 50, offset: 0 });
    expect(log.json.items.map((e: { what: string }) => e.what)).toEqual(['case', 'thread', `message:${id}`]);
    expect(log.json.items.every((e: { user: string; case: string; at: string }) => e.user === officer && e.case === id && Date.parse(e.at) > 0)).toBe(true);
    // The supervisor's own polling of the message is a read too.
    const all = await supervisor.request('GET', `/api/v1/access-log?case=${id}`);
    expect(all.json.items.some((e: { user: string }) => e.user === 'supervisor')).toBe(true);
    // The other side logs its own reads.
    await caseOf(lao, id);
    const theirs = await (await fed.api('la-mps', 'supervisor')).request('GET', `/api/v1/access-log?case=${id}`);
    expect(theirs.json.items).toEqual([{ at: expect.any(String), user: fed.agency('la-mps').officer.username, case: id, what: 'case' }]);
    expect((await supervisor.request('GET', '/api/v1/access-log?limit=0')).status).toBe(400);
    // Only a supervisor reads it: a translator of the same agency may not.
    const translator = fed.agency('th-rtp').translators[0]!;
    const other = await ApiClient.login(fed.nodes.get('th-rtp')!.url, translator.username, translator.password);
    expect((await other.request('GET', `/api/v1/access-log?case=${id}`)).status).toBe(403);
  });

  it('lists and filters cases, and shows due dates', async () => {
    const all = await thai.request('GET', '/api/v1/cases?kind=investigation&agreement=la-th&counterpart=la-mps');
    expect(all.status).toBe(200);
    expect(all.json.total).toBe(4);
    expect(all.json.items[0], JSON.stringify(all.json.items[0])).toEqual({ id: expect.any(String), ref: expect.stringMatching(/^LA-TH-\d{4}-\d{4}$/), kind: 'investigation', agreement: 'la-th', counterpart: 'la-mps', state: 'requested', openedAt: expect.any(String), due: expect.any(String) });
    const open2 = await open();
    const item = (await thai.request('GET', '/api/v1/cases?state=requested')).json.items.find((c: { id: string }) => c.id === open2);
    expect(Date.parse(item.due)).toBeGreaterThan(Date.now());
    expect((await thai.request('GET', '/api/v1/cases?overdue=true')).json.total).toBe(0);
    expect((await thai.request('GET', '/api/v1/cases?overdue=false')).json.total).toBe(5);
    expect((await thai.request('GET', '/api/v1/cases?overdue=maybe')).status).toBe(400);
    const view = await caseOf(lao, open2);
    expect(view.state).toBe('requested');
    const ack = view.deadlines.find((d: { step: string }) => d.step === 'acknowledge-investigation');
    expect(ack).toMatchObject({ by: 'responder', status: 'open', overdue: false, source: 'secretariat-policy' });
    expect(ack.due).toBe(item.due);
  });

  // Last: it stops the broker for a while.
  it('takes a step that never left back out of the case (it expired in the outbox while NATS was down)', async () => {
    const id = await open();
    await act(lao, id, 'acknowledge', 'lo', body('investigation.acknowledgement'));
    await fed.nats.stop();
    try {
      const expires = new Date(Date.now() + 1_500).toISOString();
      const res = await lao.send({ to: 'th-rtp', agreement: 'la-th', type: 'investigation.response', lang: 'lo', body: { ...body('investigation.response'), completeness: 'full' }, thid: id, expires });
      expect(res.json.state).toBe('answered');
      const failed = await lao.waitForStatus(res.json.id, ['failed', 'delivered'], 30_000);
      expect(failed.status).toBe('failed');
    } finally {
      await fed.nats.restart();
    }
    const [t, l] = await bothSides(thai, lao, id);
    expect([t.state, l.state]).toEqual(['acknowledged', 'acknowledged']);
    expect(l.actions.map((a: { name: string }) => a.name)).toContain('answer');
  }, 60_000);
});
