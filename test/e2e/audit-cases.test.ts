import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAuditService, type AuditService } from '@mou-hub/audit';
import { connectAs } from '@mou-hub/infra';
import type { DirectorySnapshot } from '@mou-hub/protocol';
import { createLogger } from '@mou-hub/service-kit';
import { ApiClient, eventually } from '../support/api.ts';
import { act, body, caseOf, CONSENT, delivered } from '../support/cases.ts';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { Forge } from '../support/forge.ts';

// Issue 10: cases driven through real nodes, read by the audit from the stream alone.
const HOUR = 3_600_000;
const MARKER = 'AUDIT-MARKER-5c1e0b7a';
const TH = 'th-msdhs';
const LA = 'la-mlsw';

let fed: TestFederation;
let thai: ApiClient;
let lao: ApiClient;
let audit: AuditService;
let auditor: ApiClient;
const dir = mkdtempSync(join(tmpdir(), 'mou-audit-e2e-'));
const auditDir = join(dir, 'audit');

beforeAll(async () => {
  fed = await startTestFederation([TH, LA]);
  // Directory version 2: the Secretariat's policy for this test acknowledges within 2 hours (so
  // a request 3 hours old is late), and the keys were valid from two days back.
  const v2 = structuredClone(fed.prepared.seed) as DirectorySnapshot;
  v2.version = 2;
  v2.issued = new Date(Date.now() - 4 * HOUR).toISOString();
  for (const a of v2.agencies) for (const k of a.keys) k.notBefore = new Date(Date.now() - 48 * HOUR).toISOString();
  const laTh = v2.agreements.find((a) => a.id === 'la-th')!;
  laTh.deadlines = laTh.deadlines.map((d) => (d.step === 'acknowledge-repatriation' ? { ...d, within: 2, unit: 'hours' as const } : d));
  await fed.publishDirectory(v2);
  for (const id of [TH, LA]) {
    await eventually(async () => (await (await fetch(`${fed.nodes.get(id)!.url}/readyz`)).text()).includes('version 2'), 20_000, `${id} on directory 2`);
  }
  const log = createLogger('audit', {}, join(auditDir, 'audit.log'));
  log.level = 'debug';
  audit = await startAuditService(
    {
      nats: { servers: fed.nats.url, ...connectAs(fed.prepared.natsUsers.audit, 'audit') },
      database: join(auditDir, 'audit.db'),
      rootKeys: [fed.prepared.rootPublic],
      tokenSecret: 'a'.repeat(32),
      auditors: [{ username: 'auditor', password: 'correct horse battery' }],
      // The smallest k, so the two persons returned here show as counts; under it cells are suppressed.
      kAnonymity: 2,
    },
    log,
  );
  auditor = await ApiClient.login(audit.url, 'auditor', 'correct horse battery');
  thai = await fed.api(TH);
  lao = await fed.api(LA);
});
afterAll(async () => {
  await audit?.close();
  await fed?.close();
  if (!process.env['KEEP_AUDIT']) rmSync(dir, { recursive: true, force: true });
  else console.log('audit dir', dir);
});

/** Opens a repatriation case at th-msdhs; answers its id once la-mlsw has it. */
async function openCase(lang: string): Promise<string> {
  const res = await thai.request('POST', '/api/v1/cases', { kind: 'repatriation', agreement: 'la-th', to: LA, lang, body: body('repatriation.request'), consent: CONSENT });
  expect(res.status, JSON.stringify(res.json)).toBe(202);
  await delivered(thai, res.json.messageId);
  return res.json.id as string;
}

/** The audit's clocks of a case, once it has `n` of them. */
async function clocksOf(thid: string, n: number, what = 'clocks'): Promise<any[]> {
  return eventually(async () => {
    const { json } = await auditor.request('GET', '/api/v1/cases?agreement=la-th');
    const rows = json.rows.filter((r: any) => r.case === thid);
    return rows.length >= n && rows;
  }, 20_000, `${what} of ${thid}`);
}

const clock = (rows: any[], step: string) => rows.find((r) => r.step === step);

function filesUnder(path: string): string[] {
  return readdirSync(path).flatMap((name) => (statSync(join(path, name)).isDirectory() ? filesUnder(join(path, name)) : [join(path, name)]));
}

describe('the audit follows cases through real nodes', () => {
  let onTime: string;
  let late: string;
  let paused: string;
  let rejected: string;
  let unanswered: string;

  it('keeps the clocks the nodes keep: one answered on time, one late, one paused for translation', async () => {
    onTime = await openCase('lo');
    await act(lao, onTime, 'assess', 'lo', body('repatriation.assessment'));

    // Opened three hours ago: the Thai node's clock (and only the clock) is set back.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() - 3 * HOUR);
    try {
      late = await openCase('lo');
    } finally {
      vi.useRealTimers();
    }
    await act(lao, late, 'assess', 'lo', body('repatriation.assessment'));

    // In Thai: la-mlsw works in Lao, so a translation job opens there and holds the decision's clock.
    paused = await openCase('th');

    const a = await clocksOf(onTime, 4);
    expect(clock(a, 'acknowledge-repatriation')).toMatchObject({ status: 'met', side: 'responder', agency: LA, state: 'assessed' });
    expect(clock(a, 'decide-repatriation')).toMatchObject({ status: 'met', side: 'responder', agency: LA });
    expect(clock(a, 'receipt')).toMatchObject({ status: 'met', side: 'responder' });
    expect(clock(a, 'close')).toMatchObject({ status: 'open' });

    const b = await clocksOf(late, 4);
    expect(clock(b, 'acknowledge-repatriation')).toMatchObject({ status: 'breached', side: 'responder', agency: LA });
    expect(clock(b, 'acknowledge-repatriation').netMs).toBeGreaterThan(3 * HOUR - 60_000);
    expect(clock(b, 'decide-repatriation')).toMatchObject({ status: 'met' });

    const p = await eventually(async () => {
      const rows = await clocksOf(paused, 4);
      return clock(rows, 'decide-repatriation')?.paused === 1 && rows;
    }, 20_000, 'the paused decision');
    expect(clock(p, 'decide-repatriation')).toMatchObject({ status: 'open', agency: LA });
    expect(clock(p, 'acknowledge-repatriation')).toMatchObject({ status: 'open', paused: 0 });

    // The same clocks as each node's own case view: start, due, status and net time.
    for (const [id, rows] of [[onTime, a], [late, b]] as const) {
      for (const api of [thai, lao]) {
        const view = await caseOf(api, id);
        for (const d of view.deadlines.filter((x: any) => x.status !== 'open')) {
          expect(clock(rows, d.step), `${d.step} of ${id}`).toMatchObject({ startedAt: d.startedAt, dueAt: d.due, status: d.status, netMs: d.netElapsedMs });
        }
      }
    }
  });

  it('reports turnaround, the overdue list with whose side, stalls, agencies and requests', async () => {
    const turnaround = (await auditor.request('GET', '/api/v1/reports/turnaround?agreement=la-th&step=acknowledge-repatriation')).json.rows;
    expect(turnaround).toEqual([expect.objectContaining({ agreement: 'la-th', type: 'repatriation.request', step: 'acknowledge-repatriation', count: 2, withinDeadline: 0.5 })]);
    expect(turnaround[0].maxMs).toBeGreaterThan(3 * HOUR - 60_000);

    const at = new Date(Date.now() + 3 * HOUR).toISOString();
    const overdue = (await auditor.request('GET', `/api/v1/reports/overdue?agreement=la-th&at=${at}`)).json.rows;
    // The paused case's acknowledgement is overdue on la-mlsw's desk; its decision is paused, not overdue.
    expect(overdue).toEqual([expect.objectContaining({ case: paused, step: 'acknowledge-repatriation', side: 'responder', agency: LA })]);
    expect(overdue[0].daysOver).toBeCloseTo(1 / 24, 1); // due 2 h after opening, judged 3 h after

    const stalls = (await auditor.request('GET', `/api/v1/reports/stalls?agreement=la-th&at=${at}`)).json.rows;
    expect(stalls.find((s: any) => s.step === 'acknowledge-repatriation')).toMatchObject({ open: 1, overdue: 1 });
    const agencies = (await auditor.request('GET', `/api/v1/reports/agencies?at=${at}`)).json.rows;
    expect(agencies.find((x: any) => x.agency === LA)).toMatchObject({ answered: 4, breached: 1, overdueNow: 1 });
    const requests = (await auditor.request('GET', '/api/v1/reports/requests?agreement=la-th')).json.rows;
    expect(requests).toContainEqual(expect.objectContaining({ type: 'repatriation.request', outcome: 'assessed', count: 2 }));
    const csv = await fetch(`${audit.url}/api/v1/reports/turnaround?format=csv`, { headers: { authorization: `Bearer ${auditor.token}` } });
    expect((await csv.text()).split('\n')[0]).toBe('agreement,type,step,month,count,medianMs,p90Ms,maxMs,medianBusinessMs,p90BusinessMs,withinDeadline');
  });

  it('counts the persons a completed handover returned, beside imported ones, from stats alone', async () => {
    await act(lao, onTime, 'issue-travel-document', 'lo', body('repatriation.travel-document'));
    const proposal = await act(thai, onTime, 'propose-handover', 'th', body('repatriation.handover.proposal'));
    await act(lao, onTime, 'confirm-handover', 'lo', { ...body('repatriation.handover.confirmation'), proposal: proposal.messageId });
    const completed = { ...body('repatriation.handover.completed'), proposal: proposal.messageId };
    const completion = await act(thai, onTime, 'complete-handover', 'th', completed);
    expect((await act(lao, onTime, 'countersign-handover', 'lo', { ...completed, countersigns: completion.messageId })).state).toBe('handed-over');

    const year = new Date().getUTCFullYear();
    const rows = await eventually(async () => {
      const { json } = await auditor.request('GET', '/api/v1/reports/returns?agreement=la-th&by=year,source');
      return json.rows.length > 0 && json.rows;
    }, 20_000, 'live returns');
    // The host's completion counts; the home side's countersign of the same records does not.
    expect(rows).toEqual([{ year, source: 'live', count: completed.records.length, suppressed: false }]);
    // Two women (P2, born 2009, a minor): the host's node counted them from the case's sealed persons.
    const byGender = (await auditor.request('GET', '/api/v1/reports/returns?agreement=la-th&by=year,gender')).json.rows;
    expect(byGender).toEqual([{ year, gender: 'Feminine', count: 2, suppressed: false }]);
    const byMinor = (await auditor.request('GET', '/api/v1/reports/returns?agreement=la-th&by=year,minor')).json.rows;
    // One person a cell: under k, so suppressed even for an auditor (issue 17).
    expect(byMinor).toEqual(expect.arrayContaining([{ year, minor: true, count: null, suppressed: true }, { year, minor: false, count: null, suppressed: true }]));
    expect(byMinor).toHaveLength(2);
    const requests = (await auditor.request('GET', '/api/v1/reports/requests?agreement=la-th')).json.rows;
    expect(requests).toContainEqual(expect.objectContaining({ type: 'repatriation.request', outcome: 'handed-over', count: 1 }));
  });

  it('reconciles: a rejected message with its problem, and a missing receipt', async () => {
    const forge = new Forge(fed, TH, LA);
    rejected = await forge.viaOutbox(await forge.make('schema-invalid'));
    await thai.waitForStatus(rejected, ['rejected']);

    // la-mlsw is down: the note is published, and nobody signs a receipt for it.
    await fed.stopNode(LA);
    const note = await thai.send({ to: LA, agreement: 'la-th', type: 'case.note', lang: 'th', thid: onTime, body: { text: MARKER } });
    expect(note.status).toBe(202);
    unanswered = note.json.id;
    await thai.waitForStatus(unanswered, ['published']);
    expect((await thai.message(unanswered)).json.body?.text ?? MARKER).toBe(MARKER);

    const at = new Date(Date.now() + HOUR).toISOString();
    const r = await eventually(async () => {
      const { json } = await auditor.request('GET', `/api/v1/reports/reconciliation?agreement=la-th&at=${at}`);
      return json.rows.some((x: any) => x.id === unanswered) && json.rows.some((x: any) => x.id === rejected && x.outcome === 'problem') && json;
    }, 20_000, 'the reconciliation');
    expect(r.rows.find((x: any) => x.id === unanswered)).toMatchObject({ outcome: 'missing', from: TH, to: LA });
    expect(r.rows.find((x: any) => x.id === rejected)).toMatchObject({ outcome: 'problem', problemCode: 'schema-invalid' });
    expect(r.rows.filter((x: any) => x.outcome === 'missing').map((x: any) => x.id)).toEqual([unanswered]);
    expect(r.summary.digestMismatches).toBe(0);
    expect(r.summary.receipts).toBeGreaterThanOrEqual(6);
    const rejectedCase = (await auditor.request('GET', '/api/v1/reports/requests')).json.rows;
    expect(rejectedCase).toContainEqual(expect.objectContaining({ type: 'case.note', outcome: 'rejected', count: 1 }));
    // A refused opener leaves no clock running on anyone's desk.
    expect((await auditor.request('GET', '/api/v1/cases')).json.rows.filter((x: any) => x.case === rejected)).toEqual([]);
  });

  it('holds no body: the marker sent in bodies is in no file under its data folder nor in its log', async () => {
    const files = filesUnder(auditDir);
    expect(files.map((f) => f.slice(auditDir.length + 1)).sort()).toEqual(expect.arrayContaining(['audit.db', 'audit.log']));
    expect(readFileSync(join(auditDir, 'audit.log'), 'utf8')).toContain('envelope recorded');
    for (const f of files) expect(readFileSync(f).includes(MARKER), f).toBe(false);
  });

  it('shows the dashboard to a logged-in auditor, with links from the chart to the cases', async () => {
    // As a browser: the form first (its login CSRF cookie and field), then the login.
    const form = await fetch(`${audit.url}/dashboard/login`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const login = await fetch(`${audit.url}/dashboard/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') },
      body: `username=auditor&password=correct+horse+battery&next=%2Fdashboard%3Fagreement%3Dla-th&_csrf=${csrf}`,
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('mou_session='))!.split(';')[0]!;
    const page = await (await fetch(`${audit.url}/dashboard?agreement=la-th`, { headers: { cookie } })).text();
    expect(page).toContain('<canvas id="turnaround">');
    expect(page).toContain('/dashboard/cases?agreement=la-th&amp;step=acknowledge-repatriation');
    const cases = await (await fetch(`${audit.url}/dashboard/cases?agreement=la-th&step=acknowledge-repatriation`, { headers: { cookie } })).text();
    // The case by the reference its opener signed, the one both nodes show.
    expect(cases).toContain((await caseOf(thai, late)).ref);
    expect(cases).not.toContain(late);
    expect((await fetch(`${audit.url}/dashboard`, { redirect: 'manual' })).status).toBe(303);
  });
});
