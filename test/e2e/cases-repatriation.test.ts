import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { eventually, type ApiClient } from '../support/api.ts';
import { act, body, bothSides, caseOf, delivered } from '../support/cases.ts';

let fed: TestFederation;
let thai: ApiClient;
let lao: ApiClient;

beforeAll(async () => {
  fed = await startTestFederation(['th-msdhs', 'la-mlsw']);
  thai = await fed.api('th-msdhs');
  lao = await fed.api('la-mlsw');
});
afterAll(() => fed?.close());

const personStates = (c: any) => Object.fromEntries(c.persons.map((p: any) => [p.ref, p.state]));

describe('a repatriation of two Lao women from Thailand', () => {
  it('runs from request to closed; one is not confirmed and stays behind; the handover is co-signed', async () => {
    const opened = await thai.request('POST', '/api/v1/cases', { kind: 'repatriation', agreement: 'la-th', to: 'la-mlsw', lang: 'th', body: body('repatriation.request') });
    expect(opened.status, JSON.stringify(opened.json)).toBe(202);
    const id = opened.json.id as string;
    await delivered(thai, opened.json.messageId);
    let [t, l] = await bothSides(thai, lao, id);
    expect([t.state, t.role, l.role]).toEqual(['requested', 'initiator', 'responder']);
    // The opener numbers the case; the recipient shows the reference its envelope carried.
    expect(t.ref).toMatch(/^LA-TH-\d{4}-\d{4}$/);
    expect(l.ref).toBe(t.ref);
    expect(personStates(l)).toEqual({ P1: 'requested', P2: 'requested' });
    // The HTCDS blocks and the Protocol's elements are on the case; P2 is 16, so no means are needed.
    const p2 = l.persons.find((p: any) => p.ref === 'P2');
    expect(p2.record.victim.act).toEqual(['Recruitment', 'Transport', 'Harbouring']);
    expect(p2.record.victim.means).toBeUndefined();
    expect(t.consent).toMatchObject({ given: true, source: 'request' });
    expect(t.actions).toEqual([]);
    expect(l.actions.map((a: any) => a.name)).toContain('assess');
    // The node sends translation status itself: no side is offered it, and asking for it is refused.
    expect([...l.actions, ...l.anytimeActions, ...t.anytimeActions].map((a: any) => a.name)).not.toContain('translation-status');
    const byHand = await lao.request('POST', `/api/v1/cases/${id}/actions/translation-status`, { lang: 'lo', body: {} });
    expect([byHand.status, byHand.json.error.code]).toEqual([409, 'invalid-state']);

    const assessment = body('repatriation.assessment');
    assessment.persons[0] = { ...assessment.persons[0], nationalityConfirmed: false, nationalityReason: 'No entry in any family book of Ban Nongbua; the village head does not know her.' };
    expect((await act(lao, id, 'assess', 'lo', assessment)).state).toBe('assessed');
    [t, l] = await bothSides(thai, lao, id);
    expect(personStates(t)).toEqual({ P1: 'closed', P2: 'assessed' });
    expect(t.persons.find((p: any) => p.ref === 'P1').reason).toBe('not-confirmed');

    const documents = body('repatriation.travel-document');
    documents.documents = documents.documents.filter((d: any) => d.personRef === 'P2');
    expect((await act(lao, id, 'issue-travel-document', 'lo', documents)).state).toBe('travel-document-issued');
    await bothSides(thai, lao, id);

    const proposal = { ...body('repatriation.handover.proposal'), persons: ['P2'] };
    const first = await act(thai, id, 'propose-handover', 'th', proposal);
    expect(first.state).toBe('handover-proposed');
    await bothSides(thai, lao, id);
    const counter = { proposal: first.messageId, confirmed: false, alternativeDate: '2026-03-19', reason: 'The provincial escort is free only from the 19th.' };
    expect((await act(lao, id, 'counter-propose-handover', 'lo', counter)).state).toBe('handover-counter-proposed');
    [t] = await bothSides(thai, lao, id);
    expect(t.actions.map((a: any) => a.name)).toContain('propose-handover');
    const second = await act(thai, id, 'propose-handover', 'th', { ...proposal, date: '2026-03-19' });
    await bothSides(thai, lao, id);
    expect((await act(lao, id, 'confirm-handover', 'lo', { ...body('repatriation.handover.confirmation'), proposal: second.messageId })).state).toBe('handover-agreed');
    await bothSides(thai, lao, id);

    // The signed handover form, scanned (a few MB), travels as an attachment of the completion.
    const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3 * 1024 * 1024)]);
    const uploaded = await fetch(`${thai.baseUrl}/api/v1/cases/${id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${thai.token}`, 'content-type': 'application/pdf' },
      body: scan,
    });
    expect(uploaded.status).toBe(201);
    const form = (await uploaded.json()) as { name: string };
    const completed = body('repatriation.handover.completed');
    completed.proposal = second.messageId;
    completed.records = completed.records.filter((r: any) => r.personRef === 'P2');
    completed.records[0].signatures.form = form;
    const completion = await act(thai, id, 'complete-handover', 'th', completed);
    expect(completion.state).toBe('handover-awaiting-countersign');
    [t, l] = await bothSides(thai, lao, id);
    expect(t.handover).toMatchObject({ completion: completion.messageId, countersign: null, cosigned: false });
    // The home side cannot countersign other records than those handed over.
    const wrong = { ...completed, countersigns: completion.messageId, records: body('repatriation.handover.completed').records };
    const refused = await lao.request('POST', `/api/v1/cases/${id}/actions/countersign-handover`, { lang: 'lo', body: wrong });
    expect(refused.status).toBe(409);
    expect(refused.json.error.details.refusal.code).toBe('countersign-mismatch');

    const countersign = await act(lao, id, 'countersign-handover', 'lo', { ...completed, countersigns: completion.messageId });
    expect(countersign.state).toBe('handed-over');
    [t, l] = await bothSides(thai, lao, id);
    for (const side of [t, l]) {
      expect(side.handover).toEqual({
        completion: completion.messageId,
        countersign: countersign.messageId,
        signatures: [
          { message: completion.messageId, by: 'th-msdhs', verified: true },
          { message: countersign.messageId, by: 'la-mlsw', verified: true },
        ],
        cosigned: true,
      });
    }
    expect(personStates(l)).toEqual({ P1: 'closed', P2: 'handed-over' });
    const scanned = await eventually(async () => {
      const a = (await caseOf(lao, id)).attachments.find((x: any) => x.name === form.name);
      return a?.state === 'verified' && a;
    }, 20_000, 'the scanned form verified on the Lao side');
    expect(scanned).toMatchObject({ digest: `sha256:${createHash('sha256').update(scan).digest('base64url')}`, size: scan.length, direction: 'in' });

    const update = { ...body('repatriation.reintegration.update'), stage: 'follow-up' };
    expect((await act(lao, id, 'report-reintegration', 'lo', update)).state).toBe('in-reintegration');
    await bothSides(thai, lao, id);
    expect((await act(lao, id, 'close', 'lo', body('case.closed'))).state).toBe('closed');
    [t, l] = await bothSides(thai, lao, id);
    expect(t.state).toBe('closed');
    expect(personStates(t)).toEqual({ P1: 'closed', P2: 'closed' });
    expect(t.actions).toEqual([]);
    // Eleven case steps; translation jobs add their translation.status messages beside them.
    expect(t.timeline.filter((m: any) => m.type !== 'translation.status')).toHaveLength(11);
    expect(l.timeline.map((m: any) => m.id)).toEqual(t.timeline.map((m: any) => m.id));
  });

  it('refuses an action that is not open now with invalid-state, and a bad body with field paths', async () => {
    const opened = await thai.request('POST', '/api/v1/cases', { kind: 'repatriation', agreement: 'la-th', to: 'la-mlsw', lang: 'th', body: body('repatriation.request') });
    const id = opened.json.id as string;
    await delivered(thai, opened.json.messageId);
    const early = await thai.request('POST', `/api/v1/cases/${id}/actions/propose-handover`, { lang: 'th', body: body('repatriation.handover.proposal') });
    expect(early.status).toBe(409);
    expect(early.json.error).toMatchObject({ code: 'invalid-state', details: { refusal: { code: 'action-not-open', params: { action: 'propose-handover', state: 'requested' } } } });
    const bad = body('repatriation.assessment');
    bad.persons[0].familyFound = 'yes';
    const badBody = await lao.request('POST', `/api/v1/cases/${id}/actions/assess`, { lang: 'lo', body: bad });
    expect(badBody.status).toBe(400);
    expect(JSON.stringify(badBody.json.error.details)).toContain('persons.0.familyFound');
    expect((await lao.request('GET', `/api/v1/cases/019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d`)).status).toBe(404);
    expect((await caseOf(lao, id)).state).toBe('requested');
  });
});
