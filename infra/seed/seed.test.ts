import { DirectorySnapshotSchema, generateAgencyKeys, generateRootKey, publicJwk, type DirectorySnapshot, type PublicJwk } from '@mou-hub/protocol';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEED_AGENCY_IDS, seedSnapshot } from './index.ts';

async function seedKeys(): Promise<Record<string, { sig: PublicJwk; enc: PublicJwk }>> {
  const entries = await Promise.all(
    SEED_AGENCY_IDS.map(async (id) => {
      const { sig, enc } = await generateAgencyKeys(id, 'seed');
      return [id, { sig: publicJwk(sig), enc: publicJwk(enc) }] as const;
    }),
  );
  return Object.fromEntries(entries);
}

describe('seedSnapshot', () => {
  let snapshot: DirectorySnapshot;
  beforeAll(async () => {
    const root = await generateRootKey('seed');
    snapshot = seedSnapshot({ keys: await seedKeys(), rootKeys: [publicJwk(root)], issued: '2026-01-05T00:00:00.000Z' });
  });

  it('is a valid version 1 directory snapshot', () => {
    const r = v.safeParse(DirectorySnapshotSchema, snapshot);
    expect(r.success ? [] : r.issues.map((i) => `${v.getDotPath(i)}: ${i.message}`)).toEqual([]);
    expect(snapshot.version).toBe(1);
  });

  it('holds the agencies and agreements of DOMAIN.md', () => {
    expect(snapshot.agencies.map((a) => a.id)).toEqual([
      'la-mlsw', 'la-mps', 'la-emb-beijing', 'la-secretariat', 'th-msdhs', 'th-rtp', 'vn-mps', 'cn-mps',
    ]);
    expect(snapshot.agreements.map((a) => a.id)).toEqual(['la-th', 'la-vn', 'la-cn', 'la-national']);
    const laTh = snapshot.agreements.find((a) => a.id === 'la-th');
    expect(laTh?.signed).toContain('2005-07-13');
    expect(laTh?.languages).toEqual(['lo', 'th', 'en']);
    expect(snapshot.agreements.find((a) => a.id === 'la-cn')?.signed).toMatch(/not found/);
  });

  it('names only existing agencies as parties, and lets only parties send', () => {
    const ids = new Set(snapshot.agencies.map((a) => a.id));
    for (const agreement of snapshot.agreements) {
      for (const party of agreement.parties) expect(ids.has(party), `${agreement.id}: ${party}`).toBe(true);
      for (const sender of Object.keys(agreement.send)) expect(agreement.parties).toContain(sender);
      for (const party of agreement.parties) expect(agreement.send[party], `${agreement.id}: ${party}`).toContain('case.note');
    }
  });

  it('keeps consular verification to la-national, the police notice to cn-mps under la-cn, and marks every deadline as Secretariat policy', () => {
    for (const agreement of snapshot.agreements) {
      const consular = Object.values(agreement.send).flat().filter((t) => t.startsWith('consular.verification.'));
      expect(consular.length > 0).toBe(agreement.id === 'la-national');
      const notices = Object.entries(agreement.send).filter(([, types]) => types.includes('consular.notification')).map(([id]) => `${agreement.id}:${id}`);
      expect(notices).toEqual(agreement.id === 'la-cn' ? ['la-cn:cn-mps'] : []);
      for (const d of agreement.deadlines) expect(d.source).toBe('secretariat-policy');
    }
  });

  it('gives urgent investigation requests their own 8-hour deadline, and ordinary ones 10 business days', () => {
    const laTh = snapshot.agreements.find((a) => a.id === 'la-th')!;
    const answers = laTh.deadlines.filter((d) => d.starts === 'investigation.request' && d.endedBy.includes('investigation.response'));
    expect(answers.map((d) => [d.urgency, d.within, d.unit])).toEqual(
      expect.arrayContaining([
        ['urgent', 8, 'hours'],
        ['normal', 10, 'business-days'],
      ]),
    );
  });

  it('counts every day-long deadline in the answering country\'s business days', () => {
    for (const agreement of snapshot.agreements) {
      for (const d of agreement.deadlines) expect([d.step, d.unit]).toEqual([d.step, d.urgency === 'urgent' ? 'hours' : 'business-days']);
    }
  });

  it('lets both sides of a repatriation send the handover completion (the home side countersigns it)', () => {
    for (const [id, home, host] of [['la-th', 'la-mlsw', 'th-msdhs'], ['la-vn', 'la-mlsw', 'vn-mps'], ['la-cn', 'la-mlsw', 'cn-mps']] as const) {
      const send = snapshot.agreements.find((a) => a.id === id)!.send;
      expect(send[home], `${id}: ${home}`).toContain('repatriation.handover.completed');
      expect(send[host], `${id}: ${host}`).toContain('repatriation.handover.completed');
    }
  });

  it('puts a clock on every wait of a repatriation, on the side that owes the next step (issue 16)', () => {
    for (const agreement of snapshot.agreements.filter((a) => a.id !== 'la-national')) {
      const steps = agreement.deadlines.filter((d) => d.starts.startsWith('repatriation.')).map((d) => [d.step, d.starts, d.endedBy.join(' '), d.answeredBy ?? 'other']);
      expect(steps, agreement.id).toEqual([
        ['acknowledge-repatriation', 'repatriation.request', 'case.note repatriation.province-referral repatriation.assessment', 'other'],
        ['decide-repatriation', 'repatriation.request', 'repatriation.assessment', 'other'],
        ['province-assessment', 'repatriation.province-referral', 'repatriation.assessment', 'sender'],
        ['provide-information', 'repatriation.assessment', 'case.note repatriation.person.information', 'other'],
        ['assess-added-person', 'repatriation.person.added', 'repatriation.assessment', 'other'],
        ['issue-travel-document', 'repatriation.assessment', 'repatriation.travel-document', 'sender'],
        ['propose-handover', 'repatriation.assessment', 'repatriation.handover.proposal', 'other'],
        ['confirm-handover', 'repatriation.handover.proposal', 'repatriation.handover.confirmation', 'other'],
        ['repropose-handover', 'repatriation.handover.confirmation', 'repatriation.handover.proposal', 'other'],
        ['complete-handover', 'repatriation.handover.confirmation', 'repatriation.handover.completed', 'other'],
        ['countersign-handover', 'repatriation.handover.completed', 'repatriation.handover.completed', 'other'],
        ['report-reintegration', 'repatriation.handover.completed', 'repatriation.reintegration.update', 'other'],
      ]);
    }
  });

  it('gives every agreement a translation due date, as Secretariat policy', () => {
    for (const agreement of snapshot.agreements) expect(agreement.translation, agreement.id).toMatchObject({ within: 5, unit: 'business-days', source: 'secretariat-policy' });
  });

  it('gives each agency where it works: the embassy in Beijing keeps Beijing time and Chinese business days', () => {
    const places = Object.fromEntries(snapshot.agencies.map((a) => [a.id, [a.country, a.timezone, a.calendar]]));
    expect(places['la-emb-beijing']).toEqual(['LA', 'Asia/Shanghai', 'CN']);
    expect(places['la-mlsw']).toEqual(['LA', 'Asia/Vientiane', 'LA']);
    expect(places['cn-mps']).toEqual(['CN', 'Asia/Shanghai', 'CN']);
    expect(places['th-rtp']).toEqual(['TH', 'Asia/Bangkok', 'TH']);
  });

  it('refuses missing keys and keys of another agency', async () => {
    const keys = await seedKeys();
    const { 'th-rtp': _dropped, ...missing } = keys;
    expect(() => seedSnapshot({ keys: missing, rootKeys: [], issued: snapshot.issued })).toThrow(/th-rtp/);
    const swapped = { ...keys, 'th-rtp': keys['th-msdhs']! };
    expect(() => seedSnapshot({ keys: swapped, rootKeys: [], issued: snapshot.issued })).toThrow(/does not belong/);
  });
});
