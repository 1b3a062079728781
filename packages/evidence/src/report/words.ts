import type { FailureCode } from '../verify/types.ts';
import { en } from './words-en.ts';
import { lo } from './words-lo.ts';
import { th } from './words-th.ts';
import { vi } from './words-vi.ts';
import { zhHans } from './words-zh.ts';

/** The languages a report is written in. */
export const REPORT_LANGS = ['lo', 'th', 'vi', 'zh-Hans', 'en'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

/** Every sentence of a report in one language; `{name}` marks a value. */
export interface Words {
  title: string; case: string; log: string; ok: string; notOk: string; head: string; noHead: string;
  witness: string; notWitnessed: string; directories: string; directory: string; messages: string;
  message: string; signed: string; delivered: string; refused: string; notDelivered: string;
  included: string; sealed: string; disclosed: string;
  /** What a bundle cannot show (docs/evidence.md, section 5): that nothing of the case was left out. */
  completeness: string; problems: string; entry: string; technical: string;
  failure: Record<FailureCode, string>;
}

/** The report's words by language (the typed shape makes a missing sentence a compile error). */
export const WORDS: Record<ReportLang, Words> = { lo, th, vi, 'zh-Hans': zhHans, en };
