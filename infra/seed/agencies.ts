import type { Agency } from '@mou-hub/protocol';

/** An agency of the seed, without keys (the caller brings them). */
export type SeedAgency = Omit<Agency, 'keys'>;

/**
 * The agencies of DOMAIN.md. Names in the agency's own language are given as the agencies
 * write them in public documents; the English name is the one used in MOU texts and reports.
 * The names in the other pages' languages (lo, th, vi, zh-Hans) are the hub's renderings, for
 * the console and the dashboard, where an officer reads each agency in their own language;
 * each agency should confirm its own.
 */
export const SEED_AGENCIES: readonly SeedAgency[] = [
  {
    id: 'la-mlsw',
    country: 'LA',
    timezone: 'Asia/Vientiane',
    calendar: 'LA',
    names: {
      lo: 'ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ',
      th: 'กระทรวงแรงงานและสวัสดิการสังคม สปป. ลาว',
      vi: 'Bộ Lao động và Phúc lợi Xã hội Lào',
      'zh-Hans': '老挝劳动和社会福利部',
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
      th: 'กระทรวงป้องกันความสงบ สปป. ลาว กรมต่อต้านการค้ามนุษย์',
      vi: 'Bộ An ninh Lào, Cục Phòng chống mua bán người',
      'zh-Hans': '老挝公安部反拐卖人口局',
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
      th: 'สถานเอกอัครราชทูต สปป. ลาว ประจำกรุงปักกิ่ง',
      vi: 'Đại sứ quán Lào tại Bắc Kinh',
      'zh-Hans': '老挝驻华大使馆',
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
      th: 'สำนักงานเลขาธิการคณะกรรมการแห่งชาติว่าด้วยการต่อต้านการค้ามนุษย์ สปป. ลาว',
      vi: 'Văn phòng Ủy ban Quốc gia phòng chống mua bán người của Lào',
      'zh-Hans': '老挝国家反拐卖人口委员会秘书处',
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
      lo: 'ກະຊວງພັດທະນາສັງຄົມ ແລະ ຄວາມໝັ້ນຄົງຂອງມະນຸດ ຂອງໄທ',
      vi: 'Bộ Phát triển Xã hội và An ninh Con người Thái Lan',
      'zh-Hans': '泰国社会发展与人类安全部',
      en: 'Ministry of Social Development and Human Security',
    },
    roles: ['focal-point', 'social-welfare'],
  },
  {
    id: 'th-rtp',
    country: 'TH',
    timezone: 'Asia/Bangkok',
    calendar: 'TH',
    names: { th: 'สำนักงานตำรวจแห่งชาติ', lo: 'ສຳນັກງານຕຳຫຼວດແຫ່ງຊາດໄທ', vi: 'Cảnh sát Hoàng gia Thái Lan', 'zh-Hans': '泰国皇家警察', en: 'Royal Thai Police' },
    roles: ['police'],
  },
  {
    id: 'vn-mps',
    country: 'VN',
    timezone: 'Asia/Ho_Chi_Minh',
    calendar: 'VN',
    names: { vi: 'Bộ Công an', lo: 'ກະຊວງປ້ອງກັນຄວາມສະຫງົບ ຫວຽດນາມ', th: 'กระทรวงความมั่นคงสาธารณะเวียดนาม', 'zh-Hans': '越南公安部', en: 'Ministry of Public Security of Viet Nam' },
    roles: ['focal-point', 'police'],
  },
  {
    id: 'cn-mps',
    country: 'CN',
    timezone: 'Asia/Shanghai',
    calendar: 'CN',
    names: {
      'zh-Hans': '中华人民共和国公安部',
      lo: 'ກະຊວງປ້ອງກັນຄວາມສະຫງົບ ສປ ຈີນ',
      th: 'กระทรวงความมั่นคงสาธารณะแห่งสาธารณรัฐประชาชนจีน',
      vi: 'Bộ Công an Trung Quốc',
      en: "Ministry of Public Security of the People's Republic of China",
    },
    roles: ['focal-point', 'police'],
  },
];
