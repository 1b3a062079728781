/**
 * A case of three parties (issue 16) is told by three senders, each publishing its own
 * envelopes, so a step may reach the third party before the step it follows (a relay retrying
 * one copy, a link slower than another). The recipient holds such a step (its inbox redelivers
 * it) instead of refusing it, and takes it once the step before has arrived; a step that no
 * later step can make right is refused at once, as before.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageSubject } from '@mou-hub/bus';
import { publicJwk, seal, uuidv7, type PrivateJwk } from '@mou-hub/protocol';
import { mergeFactsIntoStats, stepFacts } from '@mou-hub/workflows';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { ApiClient, eventually } from '../support/api.ts';
import { act, body } from '../support/cases.ts';

let fed: TestFederation;
let police: ApiClient;
let welfare: ApiClient;
let desk: ApiClient;

beforeAll(async () => {
  fed = await startTestFederation(['cn-mps', 'la-mlsw', 'la-emb-beijing']);
  [police, welfare, desk] = await Promise.all([fed.api('cn-mps'), fed.api('la-mlsw'), fed.api('la-emb-beijing')]);
}, 60_000);
afterAll(() => fed?.close());

const readJwk = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as PrivateJwk;

/** The police's step to the embassy alone, sealed with the police's real keys and published now. */
async function policeCopyToEmbassy(thid: string, type: 'repatriation.handover.proposal' | 'repatriation.travel-document', b: unknown): Promise<string> {
  const sealed = await seal(
    { type, agreement: 'la-cn', from: 'cn-mps', to: 'la-emb-beijing', body: b, lang: 'zh-Hans', thid, id: uuidv7(), stats: mergeFactsIntoStats(undefined, stepFacts(type, b)) },
    { signer: readJwk(fed.agency('cn-mps').keys.sig), recipientKey: publicJwk(readJwk(fed.agency('la-emb-beijing').keys.enc)) },
  );
  await fed.admin.js.publish(messageSubject('la-emb-beijing', 'cn-mps'), sealed.jws, { msgID: sealed.id });
  return sealed.id;
}

const stateAt = async (api: ApiClient, id: string) => (await api.request('GET', `/api/v1/cases/${id}`)).json.state as string;
const quarantined = async (id: string) => ((await desk.quarantine()).json.items as Array<{ id?: string }>).some((q) => q.id === id);

/** The police ask la-mlsw for a return, the embassy beside it; the case's id. */
async function openWithEmbassy(): Promise<string> {
  const consular = { agency: 'la-emb-beijing', focalPoint: 'la-mlsw' };
  const opened = await police.request('POST', '/api/v1/cases', { kind: 'repatriation', agreement: 'la-cn', to: 'la-mlsw', lang: 'zh-Hans', body: { ...body('repatriation.request'), consular } });
  expect(opened.status, JSON.stringify(opened.json)).toBe(202);
  return opened.json.id as string;
}

describe('a case of three parties whose steps arrive out of order', () => {
  it("holds the police's handover proposal that reached the embassy before la-mlsw's assessment, then takes it", async () => {
    const id = await openWithEmbassy();
    await eventually(async () => (await Promise.all([police, welfare, desk].map((a) => stateAt(a, id)))).every((s) => s === 'requested'), 15_000, 'the case at the three parties');

    // The proposal overtakes the assessment it follows on its way to the embassy.
    const proposal = await policeCopyToEmbassy(id, 'repatriation.handover.proposal', body('repatriation.handover.proposal'));
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // its first try has come and gone
    expect(await stateAt(desk, id)).toBe('requested');
    expect(await quarantined(proposal)).toBe(false);

    await act(welfare, id, 'assess', 'lo', body('repatriation.assessment'));
    await eventually(async () => (await stateAt(desk, id)) === 'handover-proposed', 20_000, 'the held proposal taken after the assessment');
    expect(await quarantined(proposal)).toBe(false);
    const thread = await desk.request('GET', `/api/v1/threads/${id}`);
    expect(JSON.stringify(thread.json)).toContain(proposal);
  });

  it('refuses at once a step that no later step can make right (a travel document the police may not issue)', async () => {
    const id = await openWithEmbassy();
    await eventually(async () => (await stateAt(desk, id)) === 'requested', 15_000, 'the case at the embassy');
    await act(welfare, id, 'assess', 'lo', body('repatriation.assessment'));
    await eventually(async () => (await stateAt(desk, id)) === 'assessed', 15_000, 'the assessment at the embassy');
    const started = Date.now();
    const forged = await policeCopyToEmbassy(id, 'repatriation.travel-document', body('repatriation.travel-document'));
    await eventually(() => quarantined(forged), 10_000, 'the wrong agency refused');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await stateAt(desk, id)).toBe('assessed');
  });
});
