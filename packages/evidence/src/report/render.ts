import type { BundleReport } from '../verify/types.ts';
import { REPORT_LANGS, WORDS, type ReportLang } from './words.ts';

/** Optional words the report cannot know itself, such as the console's name of a message type. */
export interface RenderOptions {
  /** The reader's name of a message type (`repatriation.request`), if the caller has a catalog. */
  typeLabel?: (type: string) => string | undefined;
}

/** Whether a language tag is one a report is written in. */
export function isReportLang(tag: string): tag is ReportLang {
  return (REPORT_LANGS as readonly string[]).includes(tag);
}

const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

/** A time in the reader's language, in UTC, followed by the exact instant a machine can compare. */
function when(lang: ReportLang, iso: string): string {
  const locale = lang === 'th' ? 'th-TH-u-ca-buddhist' : lang;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'medium', timeZone: 'UTC' }).format(date);
  return `${text} UTC [${iso}]`;
}

/**
 * The report a court clerk reads: the case, the signed and witnessed head, the directory
 * versions, then each message (who signed it, with which key, valid under which directory
 * version, delivered when, included where), then every problem with its technical detail.
 * Agencies are named as the directory names them in the reader's language, with their id.
 *
 * @example
 * console.log(renderReport(await verifyBundle(bundle, root), 'th'));
 */
export function renderReport(report: BundleReport, lang: ReportLang, options: RenderOptions = {}): string {
  const w = WORDS[lang];
  const t = (s: string, v: Record<string, string | number> = {}): string => fill(s, v);
  const agency = (id: string): string => {
    const names = report.agencies[id];
    const name = names?.[lang] ?? names?.en;
    return name ? `${name} (${id})` : id;
  };
  const type = (code: string): string => {
    const label = options.typeLabel?.(code);
    return label ? `${label} (${code})` : code;
  };
  const out: string[] = [w.title, '='.repeat(w.title.length * 2)];
  out.push(t(w.case, { ref: report.case.reference ?? '', thid: report.case.thid }).replace(/ {2,}/g, ' '));
  out.push(t(w.log, { agency: agency(report.log), time: when(lang, report.exported) }));
  out.push('', report.ok ? w.ok : t(w.notOk, { count: report.failures.length }), '');
  const h = report.head;
  if (h) {
    out.push(t(w.head, { size: h.size, agency: agency(report.log), kid: h.kid, time: when(lang, h.time), version: h.directoryVersion }));
    for (const x of h.witnesses) out.push(`  ${t(w.witness, { agency: agency(x.witness), kid: x.kid, time: when(lang, x.witnessed) })}`);
    if (h.witnesses.length === 0) out.push(`  ${w.notWitnessed}`);
  } else {
    out.push(w.noHead);
  }
  out.push('', w.directories);
  for (const d of report.directories) {
    out.push(`  ${t(w.directory, { version: d.version, issued: when(lang, d.issued), accepted: when(lang, d.accepted), entry: d.index })}`);
  }
  out.push('', w.messages);
  report.messages.forEach((m, i) => {
    out.push(t(w.message, { n: i + 1, type: type(m.type), from: agency(m.from), to: agency(m.to), created: when(lang, m.created) }));
    out.push(`   ${t(w.signed, { agency: agency(m.from), kid: m.kid, version: m.directoryVersion })}`);
    if (m.delivered) out.push(`   ${t(w.delivered, { agency: agency(m.to), kid: m.delivered.kid, time: when(lang, m.delivered.received) })}`);
    else if (m.refused) out.push(`   ${t(w.refused, { agency: agency(m.to), kid: m.refused.kid, code: m.refused.code })}`);
    else out.push(`   ${w.notDelivered}`);
    out.push(`   ${t(w.included, { entry: m.index })}`, `   ${m.disclosed ? w.disclosed : w.sealed}`, `   ${m.envelopeHash}`);
  });
  out.push('', w.completeness);
  if (report.failures.length > 0) {
    out.push('', w.problems);
    for (const f of report.failures) {
      const where = f.entry === undefined ? '' : t(w.entry, { entry: f.entry });
      out.push(`- ${where}${w.failure[f.code]} ${t(w.technical, { detail: f.detail })}`);
    }
  }
  return `${out.join('\n')}\n`;
}
