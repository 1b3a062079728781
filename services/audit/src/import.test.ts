import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuditBed, type AuditBed } from './test-support.ts';

/**
 * Persons returned from Thailand to Lao PDR, 2001-2017, by year and sex. The totals are the
 * published ones (UN-ACT: 2,455 = 2,330 female + 125 male); the split by year is ILLUSTRATIVE,
 * made up to sum to them, not the published yearly figures.
 */
const YEARS = Array.from({ length: 17 }, (_, i) => 2001 + i);
const FEMALE = [98, 112, 125, 131, 140, 152, 160, 171, 158, 149, 142, 138, 130, 125, 118, 126, 155];
const MALE = [4, 5, 6, 7, 8, 9, 10, 9, 8, 8, 7, 7, 6, 7, 8, 8, 8];

/** One CSV row per person, as the committee's file would have it (with an extra column). */
function returnsCsv(): string {
  const lines = ['year,agreement,gender,minor,source'];
  YEARS.forEach((year, i) => {
    for (let n = 0; n < FEMALE[i]!; n++) lines.push(`${year},la-th,Feminine,,UN-ACT`);
    for (let n = 0; n < MALE[i]!; n++) lines.push(`${year},la-th,Masculine,,UN-ACT`);
  });
  return `${lines.join('\n')}\n`;
}

let bed: AuditBed;
let token: string;
beforeAll(async () => {
  bed = await startAuditBed();
  token = await bed.login();
});
afterAll(() => bed?.close());

const post = (body: string, type = 'text/csv') =>
  fetch(`${bed.audit.url}/api/v1/import/returns`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = async (path: string): Promise<any> => (await fetch(`${bed.audit.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();

describe('historical import of returns', () => {
  it('refuses a file with one bad row whole, naming its line; and a non-CSV body', async () => {
    const lines = returnsCsv().split('\n');
    lines[1234] = '2009,la-th,female,,UN-ACT';
    const res = await post(lines.join('\n'));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { issues: unknown[] } } };
    expect(body.error.code).toBe('invalid-csv');
    expect(body.error.message).toContain('line 1235');
    expect(body.error.details.issues).toEqual([{ line: 1235, code: 'bad-gender', params: expect.objectContaining({ column: 'gender' }) }]);
    expect((await get('/api/v1/reports/returns?agreement=la-th&by=year')).rows).toEqual([]);
    expect((await post('{"year":2001}', 'application/json')).status).toBe(415);
  });

  it('imports 2,455 persons and reproduces the table exactly, marked as imported', async () => {
    const res = await post(returnsCsv());
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ importId: 1, rows: 2455 });

    const table = await get('/api/v1/reports/returns?agreement=la-th&by=year,gender');
    // Every cell under k (11) persons is suppressed here too, not only in the exports.
    expect(table.k).toBe(11);
    expect(table.rows).toEqual(
      YEARS.flatMap((year, i) => [
        { year, gender: 'Feminine', count: FEMALE[i], suppressed: false },
        MALE[i]! < 11 ? { year, gender: 'Masculine', count: null, suppressed: true } : { year, gender: 'Masculine', count: MALE[i], suppressed: false },
      ]),
    );
    expect((await get('/api/v1/reports/returns?agreement=la-th&by=gender')).rows).toEqual([
      { gender: 'Feminine', count: 2330, suppressed: false },
      { gender: 'Masculine', count: 125, suppressed: false },
    ]);
    expect((await get('/api/v1/reports/returns?agreement=la-th&by=source')).rows).toEqual([{ source: 'imported', count: 2455, suppressed: false }]);
    expect((await get('/api/v1/reports/returns?agreement=la-th&by=year,minor')).rows[0]).toEqual({ year: 2001, minor: null, count: 102, suppressed: false });
  });

  it('exports k-anonymous cells: under 11 suppressed, age as bands', async () => {
    const out = await get('/api/v1/exports/returns?agreement=la-th');
    expect(out.k).toBe(11);
    expect(out.rows.find((r: { year: number; gender: string }) => r.year === 2001 && r.gender === 'Masculine')).toEqual({
      year: 2001, agreement: 'la-th', gender: 'Masculine', ageBand: 'unknown', count: null, suppressed: true,
    });
    expect(out.rows.find((r: { year: number; gender: string }) => r.year === 2001 && r.gender === 'Feminine')).toMatchObject({ count: 98, suppressed: false });
  });

  it('refuses an unknown dimension', async () => {
    const res = await fetch(`${bed.audit.url}/api/v1/reports/returns?by=year,name`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
  });
});
