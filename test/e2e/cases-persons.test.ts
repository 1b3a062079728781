/**
 * Issue 16 through both nodes' APIs: a child assessed not safe to return cannot be proposed
 * for a handover (409 with the refusal code), goes to alternative care, and comes back later;
 * a person is withdrawn with a reason; a sister found later is added with consent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import type { ApiClient } from '../support/api.ts';
import { act, body, bothSides, delivered } from '../support/cases.ts';

let fed: TestFederation;
let thai: ApiClient;
let lao: ApiClient;

beforeAll(async () => {
  fed = await startTestFederation(['th-msdhs', 'la-mlsw']);
  thai = await fed.api('th-msdhs');
  lao = await fed.api('la-mlsw');
});
afterAll(() => fed?.close());

const personOf = (c: any, ref: string) => c.persons.find((p: any) => p.ref === ref);
const names = (c: any) => [...c.actions, ...c.anytimeActions].map((a: any) => a.name);

describe('persons of a repatriation who part ways', () => {
  it('bars a child not safe to return from a handover, keeps her in alternative care, and brings her back', async () => {
    const opened = await thai.request('POST', '/api/v1/cases', { kind: 'repatriation', agreement: 'la-th', to: 'la-mlsw', lang: 'th', body: body('repatriation.request') });
    expect(opened.status, JSON.stringify(opened.json)).toBe(202);
    const id = opened.json.id as string;
    await delivered(thai, opened.json.messageId);

    // P2 is 16; her uncle, who sold her, lives in the family house.
    const assessment = body('repatriation.assessment');
    assessment.persons[1] = { ...assessment.persons[1], safeToReturn: false };
    await act(lao, id, 'assess', 'lo', assessment);
    await bothSides(thai, lao, id);

    const proposal = body('repatriation.handover.proposal');
    const refused = await thai.request('POST', `/api/v1/cases/${id}/actions/propose-handover`, { lang: 'th', body: proposal });
    expect([refused.status, refused.json.error.code]).toEqual([409, 'invalid-state']);
    expect(refused.json.error.details.refusal).toEqual({ code: 'not-safe-to-return', params: { type: 'repatriation.handover.proposal', index: 1 } });

    // The Thai side moves her to alternative care; the case goes on for P1.
    const [t] = await bothSides(thai, lao, id);
    expect(names(t)).toContain('refer-to-alternative-care');
    await act(thai, id, 'refer-to-alternative-care', 'th', { personRef: 'P2', reason: 'not-safe-to-return', care: 'Baan Kredtrakarn shelter' });
    let [, l] = await bothSides(thai, lao, id);
    expect(personOf(l, 'P2').state).toBe('alternative-care');
    expect((await act(thai, id, 'propose-handover', 'th', { ...proposal, persons: ['P1'] })).state).toBe('handover-proposed');
    await bothSides(thai, lao, id);

    // Later the province finds an aunt: assessed safe, she is back and may go home.
    await act(lao, id, 'assess', 'lo', { ...assessment, persons: [{ ...assessment.persons[1], safeToReturn: true }] });
    [, l] = await bothSides(thai, lao, id);
    expect(personOf(l, 'P2').state).toBe('assessed');
    expect((await act(thai, id, 'propose-handover', 'th', proposal)).state).toBe('handover-proposed');
    const [t2, l2] = await bothSides(thai, lao, id);
    expect([personOf(t2, 'P1').state, personOf(l2, 'P2').state]).toEqual(['handover-proposed', 'handover-proposed']);
  });

  it('withdraws a witness with a reason and adds a sister found later, with her consent', async () => {
    const opened = await thai.request('POST', '/api/v1/cases', { kind: 'repatriation', agreement: 'la-th', to: 'la-mlsw', lang: 'th', body: body('repatriation.request') });
    const id = opened.json.id as string;
    await delivered(thai, opened.json.messageId);

    await act(thai, id, 'withdraw-person', 'th', { personRef: 'P1', reason: 'witness', note: 'Stays to testify.' });
    await act(thai, id, 'add-person', 'th', body('repatriation.person.added'));
    const [t, l] = await bothSides(thai, lao, id);
    expect([personOf(l, 'P1').state, personOf(l, 'P1').reason]).toEqual(['closed', 'withdrawn']);
    // The sister's record travels with the case on both sides.
    expect(personOf(l, 'P3')).toMatchObject({ state: 'requested', record: { person: { givenName: 'Noy' } } });
    expect(personOf(t, 'P3').state).toBe('requested');
    // An unknown reason is refused before anything is sent.
    const bad = await thai.request('POST', `/api/v1/cases/${id}/actions/withdraw-person`, { lang: 'th', body: { personRef: 'P2', reason: 'moved' } });
    expect(bad.status).toBe(400);
  });
});
