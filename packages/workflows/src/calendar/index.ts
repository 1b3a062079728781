export type { BusinessCalendar, CalendarCountry, HolidayEntry, HolidayFile } from './types.ts';
export { calendarFor, countryOfAgency } from './calendar.ts';
export { HolidayFileSchema, LAO_HOLIDAY_FILES, parseHolidayFile } from './holiday-files.ts';
export type { HolidayFileParse } from './holiday-files.ts';
export { addBusinessDays, addPeriod, localDate, runningTime } from './clock.ts';
