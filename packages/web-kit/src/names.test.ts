import { describe, expect, it } from 'vitest';
import { SHARED_CATALOGS, translators } from './i18n.ts';
import { agencyName, agreementName, languageName, type DirectoryNames } from './names.ts';

const t = translators(SHARED_CATALOGS);
const directory: DirectoryNames = {
  agencies: [
    { id: 'la-mlsw', country: 'LA', names: { lo: 'ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ', th: 'กระทรวงแรงงานและสวัสดิการสังคม', en: 'Ministry of Labour and Social Welfare' } },
    { id: 'th-msdhs', country: 'TH', names: { th: 'กระทรวงการพัฒนาสังคมฯ', en: 'MSDHS' } },
    { id: 'la-emb-beijing', country: 'LA', names: { en: 'Embassy of the Lao PDR in Beijing' } },
  ],
  agreements: [
    { id: 'la-th', parties: ['la-mlsw', 'th-msdhs'] },
    { id: 'la-national', parties: ['la-mlsw', 'la-emb-beijing'] },
  ],
};

describe('names from the directory, in the reader language', () => {
  it('an agency by its name in the page language, else its own language, else English; never the id when known', () => {
    expect(agencyName(directory, 'la-mlsw', 'th')).toBe('กระทรวงแรงงานและสวัสดิการสังคม');
    expect(agencyName(directory, 'th-msdhs', 'vi')).toBe('กระทรวงการพัฒนาสังคมฯ');
    expect(agencyName(directory, 'la-emb-beijing', 'lo')).toBe('Embassy of the Lao PDR in Beijing');
    expect(agencyName(directory, 'xx-unknown', 'lo')).toBe('xx-unknown');
  });

  it('an agreement by its parties countries, or as a national channel', () => {
    expect(agreementName(t('lo'), directory, 'la-th', 'lo')).toBe('ລາວ – ໄທ');
    expect(agreementName(t('zh-Hans'), directory, 'la-th', 'zh-Hans')).toBe('老挝 – 泰国');
    expect(agreementName(t('th'), directory, 'la-national', 'th')).toBe('ลาว: ช่องทางประสานงานภายในประเทศ');
  });

  it('a language by the catalogs name, else Intl', () => {
    expect(languageName(t('lo'), 'zh-Hans', 'lo')).toBe('ຈີນ');
    expect(languageName(t('vi'), 'km', 'vi')).toBe('Tiếng Khmer');
  });
});
