/**
 * Issue 16's China story through the nodes' APIs, as one case: the Chinese police notify the
 * embassy of a Lao woman they hold in Hebei; the embassy's node opens an intake from the notice;
 * the desk asks la-mps to verify her nationality and cn-mps to confirm where she is; the police
 * ask la-mlsw for her return with the embassy as the home side's consular party (three parties,
 * every step to each); la-mlsw refers her to Oudomxay province and assesses, the embassy issues
 * the travel document, and the handover at Boten-Mohan is proposed, confirmed, completed and
 * countersigned. Every wait has a deadline, and the Secretariat's audit, reading the stream
 * alone, shows each step's time on the agency that owed it and the translation wait apart.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuditService, type AuditService } from '@mou-hub/audit';
import { verifyBundle, type EvidenceBundle } from '@mou-hub/evidence';
import { connectAs } from '@mou-hub/infra';
import { createLogger } from '@mou-hub/service-kit';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { ApiClient, eventually } from '../support/api.ts';
import { act, body, bothSides, delivered } from '../support/cases.ts';

let fed: TestFederation;
let desk: ApiClient;
let police: ApiClient;
let verifier: ApiClient;
let welfare: ApiClient;
let audit: AuditService;
let auditor: ApiClient;
const dir = mkdtempSync(join(tmpdir(), 'mou-china-'));

beforeAll(async () => {
  fed = await startTestFederation(['la-emb-beijing', 'cn-mps', 'la-mps', 'la-mlsw']);
  desk = await fed.api('la-emb-beijing');
  police = await fed.api('cn-mps');
  verifier = await fed.api('la-mps');
  welfare = await fed.api('la-mlsw');
  audit = await startAuditService(
    {
      nats: { servers: fed.nats.url, ...connectAs(fed.prepared.natsUsers.audit, 'audit') },
      database: join(dir, 'audit.db'),
      rootKeys: [fed.prepared.rootPublic],
      tokenSecret: 'a'.repeat(32),
      auditors: [{ username: 'auditor', password: 'correct horse battery' }],
    },
    createLogger('audit', {}, join(dir, 'audit.log')),
  );
  auditor = await ApiClient.login(audit.url, 'auditor', 'correct horse battery');
}, 60_000);
afterAll(async () => {
  await audit?.close();
  await fed?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The deadline clocks of a case as `api` sees them, by step. */
async function clocks(api: ApiClient, id: string): Promise<Record<string, any>> {
  const view = await api.request('GET', `/api/v1/cases/${id}`);
  return Object.fromEntries(view.json.deadlines.map((d: any) => [d.step, d]));
}

/** Waits until each of the three parties holds the case in `state` (a step reaches each by an envelope of its own). */
async function allIn(id: string, state: string): Promise<any[]> {
  return eventually(async () => {
    const views = await Promise.all([police, welfare, desk].map(async (api) => (await api.request('GET', `/api/v1/cases/${id}`)).json));
    return views.every((v) => v?.state === state) && views;
  }, 10_000, `the three parties of ${id} in ${state}`);
}

describe('a Lao woman held by the police in Hebei, brought home as one story', () => {
  it('runs from the police notice to a countersigned handover, with a clock on every wait', async () => {
    // 1. The police notify the embassy; its node opens an intake from the notice.
    const notice = body('consular.notification');
    const sent = await police.send({ to: 'la-emb-beijing', agreement: 'la-cn', type: 'consular.notification', lang: 'zh-Hans', body: notice });
    expect(sent.status, JSON.stringify(sent.json)).toBe(202);
    await delivered(police, sent.json.id ?? sent.json.messageId);
    const intake = await eventually(async () => {
      const list = await desk.request('GET', '/api/v1/intakes');
      return list.json.items.find((i: any) => i.source === 'police-notice');
    }, 10_000, 'the intake from the notice');
    const opened = await desk.request('GET', `/api/v1/intakes/${intake.id}`);
    expect(opened.json.details).toMatchObject({ person: { givenName: 'Vanh' }, location: { country: 'CN', province: 'Hebei' }, notice: { consentStatus: 'given' } });
    expect(opened.json.consent).toMatchObject({ given: true, recordedBy: 'cn-mps' });

    // 2. The desk asks la-mps to verify her nationality (la-national), from the intake.
    const ver = await desk.request('POST', '/api/v1/cases', { kind: 'consular-verification', agreement: 'la-national', to: 'la-mps', lang: 'lo', body: body('consular.verification.request'), intake: intake.id });
    expect(ver.status, JSON.stringify(ver.json)).toBe(202);
    await delivered(desk, ver.json.messageId);
    expect((await clocks(desk, ver.json.id))['verify-nationality']).toMatchObject({ status: 'open', by: 'responder' });
    expect((await act(verifier, ver.json.id, 'verify-nationality', 'lo', body('consular.verification.result'))).state).toBe('verified');

    // 3. …and cn-mps to confirm where she is (la-cn).
    const locate = { ...body('investigation.request'), kind: 'locate', urgency: 'normal' };
    const inv = await desk.request('POST', '/api/v1/cases', { kind: 'investigation', agreement: 'la-cn', to: 'cn-mps', lang: 'lo', body: locate, intake: intake.id });
    expect(inv.status, JSON.stringify(inv.json)).toBe(202);
    await delivered(desk, inv.json.messageId);
    expect(Object.keys(await clocks(desk, inv.json.id))).toEqual(expect.arrayContaining(['acknowledge-investigation', 'answer-investigation']));
    await act(police, inv.json.id, 'acknowledge', 'zh-Hans', body('investigation.acknowledgement'));
    const located = { completeness: 'full', findings: 'Held at the Handan exit-entry administration.', results: { locatedAt: { country: 'CN', province: 'Hebei', city: 'Handan' } } };
    expect((await act(police, inv.json.id, 'answer', 'zh-Hans', located)).state).toBe('answered');

    // 4. The police ask la-mlsw for her return, the embassy beside it as the home side's
    //    consular party; the desk links the case (it holds it too) to the intake.
    const v = body('consular.verification.request');
    const returnee = { person: v.person, victim: v.victim, home: v.home, consent: v.consent, returnConsent: v.consent };
    const request = {
      ...body('repatriation.request'),
      persons: [returnee],
      hostShelter: { name: 'Handan exit-entry administration', province: 'Hebei' },
      identifiedOn: '2026-01-20',
      consular: { agency: 'la-emb-beijing', focalPoint: 'la-mlsw' },
    };
    // A consular party that is no embassy of the home side is refused before anything is queued.
    const stranger = await police.request('POST', '/api/v1/cases', { kind: 'repatriation', agreement: 'la-cn', to: 'la-mlsw', lang: 'zh-Hans', body: { ...request, consular: { agency: 'la-mps', focalPoint: 'la-mlsw' } } });
    expect(stranger.status, JSON.stringify(stranger.json)).toBe(400);
    const rep = await police.request('POST', '/api/v1/cases', { kind: 'repatriation', agreement: 'la-cn', to: 'la-mlsw', lang: 'zh-Hans', body: request });
    expect(rep.status, JSON.stringify(rep.json)).toBe(202);
    const id = rep.json.id as string;
    await delivered(police, rep.json.messageId);
    const [hostView, homeView, embassyView] = await allIn(id, 'requested');
    expect(hostView.parties).toEqual({ initiator: 'cn-mps', responder: 'la-mlsw', consular: 'la-emb-beijing' });
    expect(homeView.parties).toEqual(hostView.parties);
    expect(embassyView.parties).toEqual(hostView.parties);
    expect([hostView.party, homeView.party, embassyView.party]).toEqual(['focal-point', 'focal-point', 'consular']);
    expect(embassyView.ref).toBe(hostView.ref);
    // Each agency is offered only its own steps: the embassy none of la-mlsw's.
    expect(embassyView.actions).toEqual([]);
    expect(homeView.actions.map((a: any) => a.name)).toEqual(expect.arrayContaining(['assess', 'refer-to-province']));
    expect((await desk.request('POST', `/api/v1/intakes/${intake.id}/cases`, { case: id })).status).toBe(201);

    // 5. la-mlsw refers her to her home province: the police and the embassy see the case with the province.
    await act(welfare, id, 'refer-to-province', 'lo', { province: 'Oudomxay', assignee: 'Oudomxay Provincial Labour and Social Welfare Department', dueOn: '2026-02-13' });
    await allIn(id, 'with-province');
    expect(Object.keys(await clocks(police, id))).toEqual(expect.arrayContaining(['acknowledge-repatriation', 'decide-repatriation', 'province-assessment']));
    const assessment = { assessedOn: '2026-02-12', persons: [{ personRef: 'C1', nationalityConfirmed: true, nationalityReason: 'Verified by la-mps.', familyFound: true, safeToReturn: true, province: 'Oudomxay' }] };
    await act(welfare, id, 'assess', 'lo', assessment);
    await allIn(id, 'assessed');
    const afterAssessment = await clocks(police, id);
    expect(afterAssessment['province-assessment']).toMatchObject({ status: 'met', by: 'responder', agency: 'la-mlsw' });
    // The travel document is the embassy's to issue: its clock runs in Beijing on Chinese days.
    expect(afterAssessment['issue-travel-document']).toMatchObject({ status: 'open', by: 'responder', agency: 'la-emb-beijing' });
    expect(afterAssessment['propose-handover']).toMatchObject({ status: 'open', by: 'initiator', agency: 'cn-mps' });

    // 6. The embassy issues the travel document as a step of the case; la-mlsw may not.
    const certificate = { personRef: 'C1', documentType: 'travel-certificate', number: 'LA-BJ-2026-0031', issuedBy: 'Embassy of the Lao PDR, Beijing', issuedOn: '2026-02-16', validUntil: '2026-05-16' };
    const byWelfare = await welfare.request('POST', `/api/v1/cases/${id}/actions/issue-travel-document`, { lang: 'lo', body: { documents: [certificate] } });
    expect(byWelfare.status).toBe(409);
    expect(byWelfare.json.error.details.refusal).toMatchObject({ code: 'wrong-agency', params: { party: 'consular' } });
    const direct = await welfare.request('POST', '/api/v1/messages', { to: 'cn-mps', agreement: 'la-cn', type: 'repatriation.travel-document', lang: 'lo', body: { documents: [certificate] }, thid: id });
    expect(direct.status).toBe(409);
    expect(direct.json.error.details.refusal).toMatchObject({ code: 'wrong-agency' });
    const byDesk = await desk.request('POST', `/api/v1/cases/${id}/actions/assess`, { lang: 'lo', body: assessment });
    expect(byDesk.json.error.details.refusal).toMatchObject({ code: 'wrong-agency', params: { party: 'focal-point' } });
    expect((await act(desk, id, 'issue-travel-document', 'lo', { documents: [certificate] })).state).toBe('travel-document-issued');
    await allIn(id, 'travel-document-issued');

    // 7. The handover at Boten-Mohan: proposed, confirmed, completed, countersigned.
    const escorts = [{ name: 'Li Wei', agency: 'cn-mps', role: 'police escort' }];
    const proposal = await act(police, id, 'propose-handover', 'zh-Hans', { date: '2026-03-03', checkpoint: { id: 'boten-mohan' }, escorts, persons: ['C1'] });
    await allIn(id, 'handover-proposed');
    expect((await clocks(welfare, id))['confirm-handover']).toMatchObject({ status: 'open', by: 'responder', agency: 'la-mlsw' });
    await act(welfare, id, 'confirm-handover', 'lo', { proposal: proposal.messageId, confirmed: true });
    await allIn(id, 'handover-agreed');
    expect((await clocks(police, id))['complete-handover']).toMatchObject({ status: 'open', by: 'initiator' });
    const record = {
      personRef: 'C1',
      handedOverAt: '2026-03-03T03:00:00.000Z',
      checkpoint: { id: 'boten-mohan' },
      handingOfficer: escorts[0],
      receivingOfficer: { name: 'Khamphone Vongsa', agency: 'la-mlsw' },
      signatures: { handingOfficer: true, receivingOfficer: true },
    };
    const completion = await act(police, id, 'complete-handover', 'zh-Hans', { proposal: proposal.messageId, records: [record] });
    await allIn(id, 'handover-awaiting-countersign');
    const waiting = await clocks(desk, id);
    expect(waiting['countersign-handover']).toMatchObject({ status: 'open', by: 'responder', agency: 'la-mlsw' });
    expect(waiting['report-reintegration']).toMatchObject({ status: 'open', by: 'responder' });
    expect((await act(welfare, id, 'countersign-handover', 'lo', { proposal: proposal.messageId, records: [record], countersigns: completion.messageId })).state).toBe('handed-over');
    const views = await allIn(id, 'handed-over');
    // The co-signed record verifies at each party, the embassy's from the two envelopes it received.
    for (const view of views) expect(view.handover).toMatchObject({ completion: completion.messageId, cosigned: true });
    // Each step a party sent reached both others: its copy to the third party is delivered too.
    for (const [view, third] of [[views[0], 'la-emb-beijing'], [views[1], 'la-emb-beijing'], [views[2], 'la-mlsw']] as const) {
      const sent = view.timeline.filter((m: any) => m.direction === 'out' && m.type !== 'translation.status');
      expect(sent.length).toBeGreaterThan(0);
      await eventually(async () => {
        const fresh = (await [police, welfare, desk][views.indexOf(view)]!.request('GET', `/api/v1/cases/${id}`)).json;
        const out = fresh.timeline.filter((m: any) => m.direction === 'out' && m.type !== 'translation.status');
        return out.every((m: any) => m.copies.length === 1 && m.copies[0].to === third && m.copies[0].status === 'delivered');
      }, 10_000, `the copies of ${view.party} steps delivered`);
    }

    // Every clock of the case ended by the step it waited for, on the agency that owed it.
    const done = await clocks(desk, id);
    for (const step of ['province-assessment', 'issue-travel-document', 'propose-handover', 'confirm-handover', 'complete-handover', 'countersign-handover']) {
      expect(done[step], step).toMatchObject({ status: expect.stringMatching(/^(met|breached)$/) });
    }
    // The audit, from metadata alone: each step once (two envelopes of one message are one
    // step), its clock on the agency that owed it, and the request's translation into Lao
    // (nobody translated it) as a figure of its own.
    const rows = await eventually(async () => {
      const { json } = await auditor.request('GET', '/api/v1/cases?agreement=la-cn');
      const mineOnly = json.rows.filter((r: any) => r.case === id);
      return mineOnly.some((r: any) => r.step === 'countersign-handover' && r.status !== 'open') && mineOnly;
    }, 20_000, 'the audit clocks of the repatriation');
    const byStep = (step: string) => rows.filter((r: any) => r.step === step);
    for (const [step, agency] of [
      ['province-assessment', 'la-mlsw'],
      ['issue-travel-document', 'la-emb-beijing'],
      ['propose-handover', 'cn-mps'],
      ['confirm-handover', 'la-mlsw'],
      ['complete-handover', 'cn-mps'],
      ['countersign-handover', 'la-mlsw'],
    ] as const) {
      expect(byStep(step), step).toHaveLength(1);
      expect(byStep(step)[0], step).toMatchObject({ agency, status: expect.stringMatching(/^(met|breached)$/) });
      expect(byStep(step)[0].businessMs, step).toBeGreaterThanOrEqual(0);
    }
    expect(rows.every((r: any) => r.state === 'handed-over')).toBe(true);
    expect(byStep('translation-responder')[0]).toMatchObject({ side: 'responder', dueAt: null });

    // Reconciliation: each envelope of a step answered by its own recipient's receipt.
    const recon = await eventually(async () => {
      const { json } = await auditor.request('GET', '/api/v1/reports/reconciliation?agreement=la-cn');
      const rows = json.rows.filter((r: any) => r.id === proposal.messageId);
      return rows.length === 2 && rows.every((r: any) => r.outcome === 'receipt') && rows;
    }, 10_000, 'both receipts of the proposal');
    expect(recon.map((r: any) => r.to).sort()).toEqual(['la-emb-beijing', 'la-mlsw']);
    expect(recon.every((r: any) => r.digestMatches)).toBe(true);

    // The police's evidence log holds each step they sent once per party (two envelopes of one
    // message, each signed to its own recipient) and still verifies.
    const supervisor = await fed.api('cn-mps', 'supervisor');
    const exported = await fetch(`${supervisor.baseUrl}/api/v1/cases/${id}/evidence`, { headers: { authorization: `Bearer ${supervisor.token}` } });
    expect(exported.status).toBe(200);
    const report = await verifyBundle((await exported.json()) as EvidenceBundle, JSON.parse(readFileSync(fed.prepared.rootPublicPath, 'utf8')));
    // No witness runs in this file (evidence.test.ts has one): every other check holds.
    expect(report.failures.filter((f) => f.code !== 'not-witnessed')).toEqual([]);
    expect(report.failures.length).toBeLessThanOrEqual(1);
    const proposals = report.messages.filter((m) => m.type === 'repatriation.handover.proposal');
    expect(proposals.map((m) => m.id)).toEqual([proposal.messageId, proposal.messageId]);
    expect(new Set(proposals.map((m) => m.envelopeHash)).size).toBe(2);

    // The intake shows her whole story: the verification, the search and the return.
    const story = await desk.request('GET', `/api/v1/intakes/${intake.id}`);
    expect(story.json.cases.map((c: any) => c.kind).sort()).toEqual(['consular-verification', 'investigation', 'repatriation']);
  });
});
