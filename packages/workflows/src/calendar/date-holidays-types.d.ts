/**
 * Types of the two entry points of `date-holidays` this package uses that ship none it can
 * resolve: the parser (`date-holidays-parser`: its typings are not named in its `exports`) and
 * the library's data (`date-holidays/data`, read by scripts/pick-holidays.ts and its test).
 */
declare module 'date-holidays-parser' {
  /** A holiday as `getHolidays` lists it (`date` is `YYYY-MM-DD hh:mm:ss` local). */
  interface Holiday {
    date: string;
    name: string;
    type: string;
  }
  /** The library's engine: evaluates a country's rules (`data.holidays[country]`). */
  export default class HolidaysParser {
    constructor(data: object, country: string);
    getHolidays(year?: number | string, lang?: string): Holiday[] | false;
  }
}

declare module 'date-holidays/data' {
  export const data: import('./library-holidays.ts').HolidayData;
}
