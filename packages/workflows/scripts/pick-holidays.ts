/**
 * `pnpm -C packages/workflows holidays`: writes src/calendar/library-holidays.json, the rules of
 * the installed `date-holidays` for the hub's countries (see library-holidays.ts). Run it after
 * upgrading `date-holidays`; the test in library-holidays.test.ts says when it is due.
 */
import { writeFileSync } from 'node:fs';
import { data } from 'date-holidays/data';
import { LIBRARY_COUNTRIES, pickHolidayData, type HolidayData } from '../src/calendar/library-holidays.ts';

const out = new URL('../src/calendar/library-holidays.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(pickHolidayData(data as HolidayData, LIBRARY_COUNTRIES), null, 2)}\n`);
console.log(`wrote ${out.pathname}`);
