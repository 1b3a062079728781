import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import type { ApiClient } from '../support/api.ts';
import { act, body, bothSides, delivered } from '../support/cases.ts';

let fed: TestFederation;
let desk: ApiClient;
let police: ApiClient;
let focal: ApiClient;

beforeAll(async () => {
  fed = await startTestFederation(['la-emb-beijing', 'cn-mps', 'la-mlsw']);
  desk = await fed.api('la-emb-beijing');
  police = await fed.api('cn-mps');
  focal = await fed.api('la-mlsw');
});
afterAll(() => fed?.close());

const woman = { givenName: 'Vanh', familyName: 'Inthavong', gender: 'Feminine', approximateAge: 24, citizenship: ['LA'] };

describe('a Lao woman in China: from the embassy intake to a handover at Boten-Mohan', () => {
  it('links the investigation, the consular verification and the repatriation to one intake', async () => {
    const intake = await desk.request('POST', '/api/v1/intakes', {
      source: 'call-for-help',
      person: woman,
      narrative: 'She called the embassy hotline from a borrowed phone: sold as a wife in Hebei, she ran away and hides near a bus station.',
      location: { country: 'CN', province: 'Hebei', city: 'Handan' },
      contact: { phone: '+863105551234', note: 'borrowed phone, call back only in Lao' },
      consent: { given: true, by: 'self', date: '2026-01-20' },
    });
    expect(intake.status, JSON.stringify(intake.json)).toBe(201);
    const intakeId = intake.json.id as string;

    // 1. Ask the Chinese police to locate her (la-cn), consent taken from the intake.
    const investigationBody = {
      kind: 'locate',
      subjects: [{ type: 'person', role: 'victim', ...woman, lastKnownLocation: { country: 'CN', province: 'Hebei', city: 'Handan' } }],
      facts: 'A Lao woman sold as a wife asked the embassy for help; she hides near the Handan bus station.',
      urgency: 'urgent',
      requestedBy: { name: 'Khamphone Vongsa', agency: 'la-emb-beijing', role: 'consular desk' },
    };
    const inv = await desk.request('POST', '/api/v1/cases', { kind: 'investigation', agreement: 'la-cn', to: 'cn-mps', lang: 'lo', body: investigationBody, intake: intakeId });
    expect(inv.status, JSON.stringify(inv.json)).toBe(202);
    await delivered(desk, inv.json.messageId);
    const invId = inv.json.id as string;
    await act(police, invId, 'acknowledge', 'zh-Hans', body('investigation.acknowledgement'));
    const located = { completeness: 'full', findings: 'Found and taken to the Handan exit-entry office; she is safe.', results: { locatedAt: { country: 'CN', province: 'Hebei', city: 'Handan' } } };
    expect((await act(police, invId, 'answer', 'zh-Hans', located)).state).toBe('answered');
    await bothSides(desk, police, invId);

    // 2. Ask the Lao focal point to verify her nationality (la-national).
    const ver = await desk.request('POST', '/api/v1/cases', { kind: 'consular-verification', agreement: 'la-national', to: 'la-mlsw', lang: 'lo', body: body('consular.verification.request'), intake: intakeId });
    expect(ver.status, JSON.stringify(ver.json)).toBe(202);
    await delivered(desk, ver.json.messageId);
    const verId = ver.json.id as string;
    expect((await act(focal, verId, 'verify-nationality', 'lo', body('consular.verification.result'))).state).toBe('verified');
    await bothSides(desk, focal, verId);

    // 3. The Chinese police ask for her return (la-cn); the desk links it to the intake.
    const consular = body('consular.verification.request');
    // She agreed to go home when the desk interviewed her (consent to return: a handover's gate).
    const returnee = { person: consular.person, victim: consular.victim, home: consular.home, consent: consular.consent, returnConsent: consular.consent };
    const request = { ...body('repatriation.request'), persons: [returnee], hostShelter: { name: 'Handan exit-entry administration', province: 'Hebei' }, identifiedOn: '2026-01-20' };
    const rep = await police.request('POST', '/api/v1/cases', { kind: 'repatriation', agreement: 'la-cn', to: 'la-emb-beijing', lang: 'zh-Hans', body: request });
    expect(rep.status, JSON.stringify(rep.json)).toBe(202);
    await delivered(police, rep.json.messageId);
    const repId = rep.json.id as string;
    const linked = await desk.request('POST', `/api/v1/intakes/${intakeId}/cases`, { case: repId });
    expect(linked.status).toBe(201);

    const assessment = { assessedOn: '2026-02-16', persons: [{ personRef: 'C1', nationalityConfirmed: true, nationalityReason: 'Verified by la-mlsw.', familyFound: true, safeToReturn: true, province: 'Oudomxay' }] };
    await act(desk, repId, 'assess', 'lo', assessment);
    // The embassy issues the travel document itself, as a step of the repatriation.
    const certificate = { personRef: 'C1', documentType: 'travel-certificate', number: 'LA-BJ-2026-0031', issuedBy: 'Embassy of the Lao PDR, Beijing', issuedOn: '2026-02-16', validUntil: '2026-05-16' };
    await act(desk, repId, 'issue-travel-document', 'lo', { documents: [certificate] });
    const escorts = [{ name: 'Li Wei', agency: 'cn-mps', role: 'police escort' }];
    const proposal = await act(police, repId, 'propose-handover', 'zh-Hans', { date: '2026-03-03', checkpoint: { id: 'boten-mohan' }, escorts, persons: ['C1'] });
    await act(desk, repId, 'confirm-handover', 'lo', { proposal: proposal.messageId, confirmed: true });
    const record = {
      personRef: 'C1',
      handedOverAt: '2026-03-03T03:00:00.000Z',
      checkpoint: { id: 'boten-mohan' },
      handingOfficer: escorts[0],
      receivingOfficer: { name: 'Khamphone Vongsa', agency: 'la-emb-beijing' },
      signatures: { handingOfficer: true, receivingOfficer: true },
    };
    const completion = await act(police, repId, 'complete-handover', 'zh-Hans', { proposal: proposal.messageId, records: [record] });
    const done = await act(desk, repId, 'countersign-handover', 'lo', { proposal: proposal.messageId, records: [record], countersigns: completion.messageId });
    expect(done.state).toBe('handed-over');
    const [mine, theirs] = await bothSides(desk, police, repId);
    expect(mine.handover.cosigned).toBe(true);
    expect(theirs.handover.cosigned).toBe(true);
    expect(mine.timeline.find((m: any) => m.type === 'repatriation.handover.proposal').body.checkpoint).toEqual({ id: 'boten-mohan' });

    // The intake shows the whole story of one woman.
    const view = await desk.request('GET', `/api/v1/intakes/${intakeId}`);
    expect(view.status).toBe(200);
    expect(view.json.details.person).toEqual(woman);
    expect(view.json.consent).toMatchObject({ given: true, by: 'self' });
    const states = Object.fromEntries(view.json.cases.map((c: any) => [c.kind, [c.id, c.agreement, c.counterpart, c.state]]));
    expect(states).toEqual({
      investigation: [invId, 'la-cn', 'cn-mps', 'answered'],
      'consular-verification': [verId, 'la-national', 'la-mlsw', 'verified'],
      repatriation: [repId, 'la-cn', 'cn-mps', 'handed-over'],
    });
    // Each case links back to the intake and to its siblings.
    const links = mine.links.map((l: any) => [l.kind, l.relation]);
    expect(links).toEqual(expect.arrayContaining([['intake', 'opened-from'], ['investigation', 'sibling'], ['consular-verification', 'sibling']]));
    expect((await desk.request('GET', '/api/v1/intakes')).json.items).toEqual([{ id: intakeId, source: 'call-for-help', recordedAt: expect.any(String), cases: 3 }]);

    // A case may follow from another: a second request to the police links back to the first.
    const follow = await desk.request('POST', '/api/v1/cases', { kind: 'investigation', agreement: 'la-cn', to: 'cn-mps', lang: 'lo', body: { ...investigationBody, kind: 'share-evidence' }, intake: intakeId, links: [invId] });
    expect(follow.status, JSON.stringify(follow.json)).toBe(202);
    const followView = await desk.request('GET', `/api/v1/cases/${follow.json.id}`);
    expect(followView.json.links).toEqual(expect.arrayContaining([expect.objectContaining({ id: invId, relation: 'opened-from', kind: 'investigation' })]));
    const firstView = await desk.request('GET', `/api/v1/cases/${invId}`);
    expect(firstView.json.links).toEqual(expect.arrayContaining([expect.objectContaining({ id: follow.json.id, relation: 'led-to' })]));
    const unknown = await desk.request('POST', '/api/v1/cases', { kind: 'investigation', agreement: 'la-cn', to: 'cn-mps', lang: 'lo', body: investigationBody, intake: intakeId, links: ['019c4a1e-7b2f-7c3d-9a41-5e6f7a8b9c0d'] });
    expect([unknown.status, unknown.json.error.code]).toEqual([400, 'unknown-case']);
  });
});
