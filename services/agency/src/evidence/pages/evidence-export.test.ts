import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageContext } from '../../console/context.ts';
import { translator } from '../../console/i18n/index.ts';
import { consoleForTest } from '../../http/test-app.ts';
import { EvidenceExport } from './evidence-export.tsx';

let t: Awaited<ReturnType<typeof consoleForTest>>;
beforeAll(async () => {
  t = await consoleForTest();
});
afterAll(() => t.close());

const ID = '01890a5d-ac96-774b-bcce-b302099a8057';

describe("the supervisor's evidence button", () => {
  it.each(['lo', 'th', 'vi', 'zh-Hans', 'en'] as const)('in %s: a form to the case evidence, with the disclosure box, in words', (lang) => {
    const tr = translator(lang);
    const html = String(EvidenceExport({ pc: { lang, t: tr } as unknown as PageContext, caseId: ID }));
    expect(html).toContain(`action="/cases/${ID}/evidence"`);
    expect(html).toContain('name="disclose"');
    for (const key of ['title', 'help', 'disclose', 'download']) {
      expect(tr(`evidence.${key}`)).not.toBe(`evidence.${key}`);
      expect(html).toContain(tr(`evidence.${key}`).slice(0, 12));
    }
  });

  it('is for supervisors only: others get 403; a node without its evidence log answers 503', async () => {
    const officer = await t.login('liaison-officer');
    expect((await t.get(`/cases/${ID}/evidence`, officer)).res.status).toBe(403);
    const supervisor = await t.login('supervisor');
    expect((await t.get(`/cases/${ID}/evidence`, supervisor)).res.status).toBe(503);
  });
});
