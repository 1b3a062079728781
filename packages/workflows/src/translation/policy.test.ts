import { describe, expect, it } from 'vitest';
import { sameLanguage, translationTarget } from './policy.ts';

describe('translationTarget', () => {
  const laTh = ['lo', 'th', 'en'];
  it.each([
    ['Thai to a Lao node under la-th', 'th', laTh, ['lo', 'en'], 'lo'],
    ['Lao to a Lao node', 'lo', laTh, ['lo', 'en'], undefined],
    ['Lao to a Thai node', 'lo', laTh, ['th', 'en'], 'th'],
    ['English where the agreement lists it', 'en', laTh, ['lo', 'en'], undefined],
    ['English where the agreement does not list it', 'en', ['lo', 'th'], ['lo', 'en'], 'lo'],
    ['Vietnamese to a receiver named only in English, English allowed', 'vi', ['vi', 'en'], ['lo', 'en'], 'en'],
    ['no working language in common', 'vi', ['vi', 'th'], ['lo', 'en'], undefined],
    ['a regional tag of a working language', 'th-TH', laTh, ['th', 'en'], undefined],
    ['Chinese with a script to a Lao node', 'zh-Hans', ['lo', 'zh-Hans', 'en'], ['lo', 'en'], 'lo'],
  ])('%s', (_, lang, agreementLanguages, receiverLanguages, target) => {
    expect(translationTarget({ lang, agreementLanguages, receiverLanguages })).toBe(target);
  });
});

describe('sameLanguage', () => {
  it.each([
    ['zh', 'zh-Hans', true],
    ['ZH-hans', 'zh-Hans', true],
    ['lo', 'lo', true],
    ['th', 'tha', false],
    ['en', 'en-GB', true],
    ['lo', 'en', false],
  ])('%s ~ %s', (a, b, same) => {
    expect(sameLanguage(a, b)).toBe(same);
  });
});
