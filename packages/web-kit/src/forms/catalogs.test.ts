import { describe, expect, it } from 'vitest';
import { bodySchemas } from '@mou-hub/protocol';
import { catalogProblems } from '../catalog-check.ts';
import { LANGS, mergeCatalogs, SHARED_CATALOGS, translators } from '../i18n.ts';
import { BODY_CATALOGS } from './catalogs.ts';
import { describeBody, type FormNode } from './describe.ts';
import { codeKey, fieldProblem, WORDED_KINDS } from './labels.ts';

const t = translators(mergeCatalogs(SHARED_CATALOGS, BODY_CATALOGS));

describe('the words of bodies', () => {
  it('are complete in all five languages', () => {
    expect(catalogProblems(BODY_CATALOGS)).toEqual([]);
  });

  it('word every field problem kind with its parameters, never leaving a {{…}} behind', () => {
    for (const lang of LANGS) {
      for (const kind of [...WORDED_KINDS, 'invalid', 'something-new']) {
        const text = fieldProblem(t(lang), { kind, params: { min: 1900, max: 2100 } });
        expect(text, `${lang} ${kind}`).not.toMatch(/\{\{|\}\}|^field\./);
      }
    }
    expect(fieldProblem(t('th'), { kind: 'year-out-of-range', params: { min: 1900, max: 2100 } })).toContain('1900');
  });
});

/** Every code list key and value in a description whose words the catalogs of the body or of a service must hold. */
function codesOf(nodes: readonly FormNode[]): string[] {
  return nodes.flatMap((n): string[] => {
    if (n.kind === 'choice' || n.kind === 'choices') return n.options.map((o) => codeKey(n.list, o));
    if (n.kind === 'group') return codesOf(n.fields);
    if (n.kind === 'list') return codesOf([n.item]);
    if (n.kind === 'variant') return [...n.options.map((o) => codeKey(n.list, o.value)), ...n.options.flatMap((o) => codesOf(o.fields))];
    return [];
  });
}

describe('every code a form offers', () => {
  const en = translators(mergeCatalogs(SHARED_CATALOGS, BODY_CATALOGS))('en');
  // Lists the console's own catalog words (urgency, stage, kind…) are checked by its completeness test.
  const own = new Set(['urgency', 'stage', 'kind', 'completeness', 'circumstances', 'by', 'reason']);
  it.each(Object.keys(bodySchemas))('%s has a label for each of its codes', (type) => {
    const keys = codesOf(describeBody(bodySchemas[type as keyof typeof bodySchemas])).filter((k) => !own.has(k.split('.')[1]!) && !k.startsWith('translationStatus.') && !k.startsWith('problem.'));
    const missing = keys.filter((k) => en(k, { defaultValue: '' }) === '');
    expect(missing).toEqual([]);
  });
});
