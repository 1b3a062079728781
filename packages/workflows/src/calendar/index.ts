export type { BusinessCalendar, CalendarCountry, HolidayEntry, HolidayFile } from './types.ts';
export { calendarAt, calendarFor, countryOfAgency, placeOf, TIMEZONE_OFFSETS } from './calendar.ts';
export type { AgencyPlace } from './calendar.ts';
export { BUNDLED_HOLIDAY_FILES, HolidayFileSchema, LAO_HOLIDAY_FILES, parseHolidayFile } from './holiday-files.ts';
export type { HolidayFileParse } from './holiday-files.ts';
export { addBusinessDays, addPeriod, localDate, runningTime } from './clock.ts';
