import type { Agency } from '@mou-hub/protocol';

/** An agency of the seed, without keys (the caller brings them). */
export type SeedAgency = Omit<Agency, 'keys'>;

/**
 * The agencies of DOMAIN.md. Names in the agency's own language are given as the agencies
 * write them in public documents; the English name is the one used in MOU texts and reports.
 * Only those two: the languages an agency is named in are the languages it works in, for the
 * translation policy (`translationTarget`); the pages show another agency by its own name.
 */
export const SEED_AGENCIES: readonly SeedAgency[] = [
  {
    id: 'la-mlsw',
    country: 'LA',
    timezone: 'Asia/Vientiane',
    calendar: 'LA',
    names: {
      lo: 'ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ',
      en: 'Ministry of Labour and Social Welfare',
    },
    roles: ['focal-point', 'social-welfare'],
  },
  {
    id: 'la-mps',
    country: 'LA',
    timezone: 'Asia/Vientiane',
    calendar: 'LA',
    names: {
      lo: 'ກະຊວງປ້ອງກັນຄວາມສະຫງົບ, ກົມຕ້ານການຄ້າມະນຸດ',
      en: 'Ministry of Public Security, Anti-Human Trafficking Department',
    },
    roles: ['focal-point', 'police'],
  },
  {
    id: 'la-emb-beijing',
    country: 'LA',
    // A Lao post abroad: it works on Beijing time and Chinese business days (issue 16).
    timezone: 'Asia/Shanghai',
    calendar: 'CN',
    names: {
      lo: 'ສະຖານເອກອັກຄະລັດຖະທູດ ສປປ ລາວ ປະຈຳ ປັກກິ່ງ',
      en: 'Embassy of the Lao PDR in Beijing',
    },
    roles: ['embassy'],
  },
  {
    id: 'la-secretariat',
    country: 'LA',
    timezone: 'Asia/Vientiane',
    calendar: 'LA',
    names: {
      lo: 'ສຳນັກງານເລຂາ ຄະນະກຳມະການແຫ່ງຊາດ ຕ້ານການຄ້າມະນຸດ',
      en: 'Secretariat to the Lao National Committee on Anti-Trafficking in Persons',
    },
    roles: ['secretariat'],
  },
  {
    id: 'th-msdhs',
    country: 'TH',
    timezone: 'Asia/Bangkok',
    calendar: 'TH',
    names: {
      th: 'กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์',
      en: 'Ministry of Social Development and Human Security',
    },
    roles: ['focal-point', 'social-welfare'],
  },
  {
    id: 'th-rtp',
    country: 'TH',
    timezone: 'Asia/Bangkok',
    calendar: 'TH',
    names: { th: 'สำนักงานตำรวจแห่งชาติ', en: 'Royal Thai Police' },
    roles: ['police'],
  },
  {
    id: 'vn-mps',
    country: 'VN',
    timezone: 'Asia/Ho_Chi_Minh',
    calendar: 'VN',
    names: { vi: 'Bộ Công an', en: 'Ministry of Public Security of Viet Nam' },
    roles: ['focal-point', 'police'],
  },
  {
    id: 'cn-mps',
    country: 'CN',
    timezone: 'Asia/Shanghai',
    calendar: 'CN',
    names: {
      'zh-Hans': '中华人民共和国公安部',
      en: "Ministry of Public Security of the People's Republic of China",
    },
    roles: ['focal-point', 'police'],
  },
];
