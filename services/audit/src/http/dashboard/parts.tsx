import { agencyName, agreementName, type DirectoryNames, type Frame, type PageContext } from '@mou-hub/web-kit';
import { CLOSE_STEP, RECEIPT_STEP } from '../../domain/case-clocks.ts';

/**
 * How a column's values are shown: a count, hours (one decimal), a share, a date and time, a
 * month; or a code worded in the reader's language: a step, a case state, a side, a clock's
 * status, a message type (the catalogs' `step.*`, `state.*`, `side.*`, `clock.*`, `type.*`),
 * an agency or agreement (the directory's names), a case (its reference).
 */
export type ColumnKind = 'count' | 'hours' | 'share' | 'dateTime' | 'month' | 'step' | 'state' | 'side' | 'clock' | 'type' | 'agency' | 'agreement' | 'case';

/** Every column the dashboard shows, and how; each has a label `dashboard.col.<name>` in every catalog. */
export const COLUMNS = {
  step: 'step', agreement: 'agreement', type: 'type', month: 'month', count: 'count', medianHours: 'hours', p90Hours: 'hours', maxHours: 'hours',
  withinDeadline: 'share', agency: 'agency', answered: 'count', breached: 'count', medianResponseHours: 'hours', overdueNow: 'count', open: 'count',
  overdue: 'count', oldestOpenHours: 'hours', case: 'case', side: 'side', dueAt: 'dateTime', daysOver: 'count', state: 'state', startedAt: 'dateTime',
  endedAt: 'dateTime', status: 'clock', netHours: 'hours',
} as const satisfies Record<string, ColumnKind>;

/** Kinds whose cells are words, not figures (left-aligned). */
const WORDS: ReadonlySet<ColumnKind> = new Set(['step', 'state', 'side', 'clock', 'type', 'agency', 'agreement', 'case']);
/** Whether a column holds words (left-aligned) rather than figures. */
const isWords = (column: Column) => WORDS.has(COLUMNS[column]);

/** What a page needs to word a cell: the reader's context and the directory's names. */
export interface Reader {
  pc: PageContext;
  directory: DirectoryNames;
}
/** A column of {@link COLUMNS}. */
export type Column = keyof typeof COLUMNS;

const HOUR = 3_600_000;
/** Milliseconds as hours, or null. */
export const hours = (ms: number | null | undefined): number | null => (ms === null || ms === undefined ? null : ms / HOUR);

/** A month `YYYY-MM` (or a year) in the reader's language and calendar (Thai: Buddhist era). */
export function monthLabel(pc: PageContext, month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y) return month;
  const opts: Intl.DateTimeFormatOptions = m ? { year: 'numeric', month: 'short', timeZone: 'UTC' } : { year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(pc.lang, opts).format(Date.UTC(y, (m ?? 1) - 1, 1));
}

/**
 * One cell's value as the reader reads it: figures through `Intl`, codes as words. A code no
 * catalog knows yet (a step a newer directory added) is shown as it is rather than dropped.
 */
export function cell({ pc, directory }: Reader, column: Column, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const code = String(value);
  switch (COLUMNS[column]) {
    case 'step':
      // The receipt and close clocks time the whole case: named as what they measure, not as steps.
      if (code === RECEIPT_STEP || code === CLOSE_STEP) return pc.t(`dashboard.clock.${code}`);
      return pc.t(`step.${code}`, { defaultValue: code });
    case 'state':
    case 'side':
    case 'clock':
    case 'type':
      return pc.t(`${COLUMNS[column]}.${code}`, { defaultValue: code });
    case 'agency':
      return agencyName(directory, code, pc.lang);
    case 'agreement':
      return agreementName(pc.t, directory, code, pc.lang);
    case 'count':
      return pc.number(Number(value));
    case 'hours':
      return pc.number(Number(value), 1);
    case 'share':
      return new Intl.NumberFormat(pc.lang, { style: 'percent' }).format(Number(value));
    case 'dateTime':
      return pc.dateTime(String(value));
    case 'month':
      return monthLabel(pc, code);
    case 'case':
      return code;
  }
}

/**
 * A table of rows with the given columns, labelled in the reader's language; numbers and dates
 * through `Intl`; the first column links to the cases behind the row when `link` is given.
 */
export function Table({ reader, rows, columns, link }: { reader: Reader; rows: readonly Record<string, unknown>[]; columns: readonly Column[]; link?: (row: Record<string, unknown>) => string }) {
  const { pc } = reader;
  if (rows.length === 0) return <p class="muted">{pc.t('dashboard.none')}</p>;
  return (
    <table>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" class={isWords(c) ? undefined : 'num'}>
              {pc.t(`dashboard.col.${c}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            {columns.map((c, i) => (
              <td class={isWords(c) ? undefined : 'num'}>{i === 0 && link ? <a href={link(r)}>{cell(reader, c, r[c])}</a> : cell(reader, c, r[c])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What dashboard.js draws: labels, series, the unit of the y axis, where a click on a bar goes. */
export interface ChartSpec {
  labels: string[];
  datasets: { label: string; data: number[] }[];
  unit: string;
  links?: string[];
  stacked?: boolean;
  /** The y axis counts whole things (persons): ticks at whole numbers only. */
  whole?: boolean;
}

/**
 * A chart: its data as JSON inside the page (escaped for a script element, never run), drawn by
 * dashboard.js with Chart.js served by this service; `title` names it for screen readers.
 */
export function Chart({ pc, id, title, spec }: { pc: PageContext; id: string; title: string; spec: ChartSpec }) {
  // Nothing to draw: say so rather than leave an empty frame.
  if (spec.labels.length === 0) return <p class="muted">{pc.t('dashboard.none')}</p>;
  const json = JSON.stringify(spec).replace(/</g, '\\u003c');
  return (
    <>
      <div class="chart" role="img" aria-label={title}>
        <canvas id={id}></canvas>
      </div>
      <script type="application/json" data-chart={id} dangerouslySetInnerHTML={{ __html: json }}></script>
    </>
  );
}

/** The dashboard's frame: the audit's name, its two pages, logout; Chart.js instead of htmx. */
export function dashboardFrame(pc: PageContext): Frame {
  return {
    brand: pc.t('dashboard.brand'),
    subtitle: pc.t('dashboard.subtitle'),
    nav: [{ href: '/dashboard', label: pc.t('dashboard.overview') }],
    logoutAction: '/dashboard/logout',
    boost: false,
    scripts: ['/assets/chart.umd.min.js', '/assets/dashboard.js'],
  };
}
