import { beforeAll, describe, expect, it } from 'vitest';
import { makeCases } from '../test-support.ts';
import { verifyBundle } from '../verify/verify-bundle.ts';
import type { BundleReport } from '../verify/types.ts';
import { renderReport } from './render.ts';
import { REPORT_LANGS, WORDS } from './words.ts';

let good: BundleReport;
let bad: BundleReport;
beforeAll(async () => {
  const f = await makeCases();
  const h = await f.head('la-mlsw');
  good = await verifyBundle(f.bundle('la-mlsw', f.caseA, h), f.rootPublic);
  const tampered = f.bundle('la-mlsw', f.caseA, h);
  tampered.entries[1]!.entry.at = '2026-03-01T09:00:00.000Z';
  bad = await verifyBundle(tampered, f.rootPublic);
});

describe('the clerk report', () => {
  it.each(REPORT_LANGS)('in %s says everything verifies and lists each message with signer, key, directory, receipt and head', (lang) => {
    const text = renderReport(good, lang, { typeLabel: (t) => (t === 'case.note' ? 'NOTE-LABEL' : undefined) });
    const w = WORDS[lang];
    expect(text).toContain(w.ok);
    // What the bundle cannot show is said, in every language.
    expect(text).toContain(w.completeness);
    expect(text).not.toContain('{'); // every value filled in
    for (const m of good.messages) {
      expect(text).toContain(m.kid);
      expect(text).toContain(m.envelopeHash);
      expect(text).toContain(m.delivered!.kid);
    }
    expect(text).toContain('NOTE-LABEL (case.note)');
    expect(text).toContain('MLSW (la-mlsw)'); // the directory's name, and the id
  });

  it('uses the Buddhist era in Thai', () => {
    expect(renderReport(good, 'th')).toContain('2569');
  });

  it.each(REPORT_LANGS)('in %s lists each problem in the reader\'s words with its technical detail', (lang) => {
    const text = renderReport(bad, lang);
    expect(text).toContain(WORDS[lang].failure['not-included']);
    expect(text).toContain('does not lead to the head');
    expect(text).not.toContain(WORDS[lang].ok);
  });

  it('has every sentence in every language, none left in English by mistake', () => {
    for (const lang of REPORT_LANGS.filter((l) => l !== 'en')) {
      for (const [key, value] of Object.entries(WORDS[lang].failure)) expect(value, `${lang} ${key}`).not.toBe(WORDS.en.failure[key as keyof typeof WORDS.en.failure]);
    }
  });
});
