import { migrate, openDatabase } from '@mou-hub/db';
import { agencyName, type PageContext } from '@mou-hub/web-kit';
import { describe, expect, it } from 'vitest';
import { translator } from '../http/dashboard/i18n.ts';
import { migrations } from '../store/migrations.ts';
import type { AuditDb } from '../store/schema.ts';
import { WitnessSection } from './witness-section.tsx';
import { recordAlarm, recordWitnessed, witnessOverview } from './witness-store.ts';

const directory = {
  agencies: [
    { id: 'la-mlsw', country: 'LA', names: { th: 'กระทรวงแรงงานและสวัสดิการสังคม (ลาว)', en: 'MLSW' } },
    { id: 'th-msdhs', country: 'TH', names: { th: 'กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์', en: 'MSDHS' } },
  ],
  agreements: [],
};

describe('the dashboard evidence section (real SQLite)', () => {
  it.each(['th', 'en', 'lo', 'vi', 'zh-Hans'] as const)('in %s, names the agency, its witnessed head and an alarm in words, not codes', async (lang) => {
    const { db, close } = openDatabase<AuditDb>(':memory:');
    await migrate(db, migrations);
    const at = new Date('2026-03-01T09:00:00.000Z');
    const pcOf = (t: ReturnType<typeof translator>) => ({ lang, t, number: (n: number) => String(n), dateTime: (iso: string) => iso, date: (iso: string) => iso }) as unknown as PageContext;
    // Nothing witnessed at all: the audit is no witness yet, nobody is singled out.
    expect(String(WitnessSection({ pc: pcOf(translator(lang)), directory, overview: await witnessOverview(db) }))).not.toContain('class="alert"');
    await recordWitnessed(db, { log: 'la-mlsw', size: 8, root: 'r', time: at.toISOString(), headJws: 'h', countersignature: 'c', at });
    await recordAlarm(db, { log: 'la-mlsw', kind: 'fork', detail: 'head of size 12 is not consistent', witnessedSize: 8, headSize: 12, headJws: 'h2', at });
    const t = translator(lang);
    const pc = { lang, t, number: (n: number) => String(n), dateTime: (iso: string) => iso, date: (iso: string) => iso } as unknown as PageContext;
    const html = String(WitnessSection({ pc, directory, overview: await witnessOverview(db) }));
    expect(html).toContain(t('dashboard.evidence.kinds.fork'));
    expect(html).toContain('8 / 12');
    expect(html).not.toContain('>fork<');
    if (lang === 'th') expect(html).toContain('กระทรวงแรงงานและสวัสดิการสังคม (ลาว)');
    expect(t('dashboard.evidence.kinds.fork')).not.toBe('dashboard.evidence.kinds.fork');
    // th-msdhs never had a head witnessed: named, la-mlsw not.
    const silent = t('dashboard.evidence.silent', { agencies: agencyName(directory, 'th-msdhs', lang) });
    expect(silent).not.toBe('dashboard.evidence.silent');
    expect(html).toContain(silent);
    await recordWitnessed(db, { log: 'th-msdhs', size: 3, root: 'r2', time: at.toISOString(), headJws: 'h3', countersignature: 'c3', at });
    expect(String(WitnessSection({ pc, directory, overview: await witnessOverview(db) }))).not.toContain(silent);
    await close();
  });
});
