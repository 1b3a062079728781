import {
  CASE_TYPES,
  INVESTIGATION_TYPES,
  REPATRIATION_TYPES,
  type Agreement,
  type BusinessType,
} from '@mou-hub/protocol';
import { CONSULAR_DEADLINES, INVESTIGATION_DEADLINES, REPATRIATION_DEADLINES, TRANSLATION_DEADLINE } from './deadlines.ts';

const welfare: BusinessType[] = [...REPATRIATION_TYPES, ...CASE_TYPES];
const police: BusinessType[] = [...INVESTIGATION_TYPES, ...CASE_TYPES];
const both: BusinessType[] = [...REPATRIATION_TYPES, ...INVESTIGATION_TYPES, ...CASE_TYPES];

/** The three bilateral MOUs and the national channel, with the facts DOMAIN.md found. */
export const SEED_AGREEMENTS: readonly Agreement[] = [
  {
    id: 'la-th',
    title: 'MOU between Lao PDR and Thailand on Cooperation to Combat Trafficking in Persons, Especially Women and Children',
    parties: ['la-mlsw', 'la-mps', 'th-msdhs', 'th-rtp'],
    signed: '2005-07-13, Government House, Thailand',
    languages: ['lo', 'th', 'en'],
    // Social welfare runs repatriation, police run investigations; everyone writes notes.
    send: { 'la-mlsw': welfare, 'th-msdhs': welfare, 'la-mps': police, 'th-rtp': police },
    deadlines: [...REPATRIATION_DEADLINES, ...INVESTIGATION_DEADLINES],
    translation: TRANSLATION_DEADLINE,
    notes:
      'The most active agreement: victim protection and repatriation. Handovers at the Friendship Bridge (Nong Khai-Vientiane). Bilateral review meetings (e.g. June 2016, Phuket); action plans 2023-2025 and 2026-2028.',
  },
  {
    id: 'la-vn',
    title: 'Agreement between Lao PDR and Viet Nam on Cooperation in Preventing and Combating Trafficking in Persons and Protecting Victims',
    parties: ['la-mlsw', 'la-mps', 'vn-mps'],
    signed: '2010-11-03, Hanoi',
    inForce: '2011-03-19',
    languages: ['lo', 'vi', 'en'],
    // Viet Nam's one party in the hub handles both repatriation and investigation.
    send: { 'la-mlsw': welfare, 'la-mps': police, 'vn-mps': both },
    deadlines: [...REPATRIATION_DEADLINES, ...INVESTIGATION_DEADLINES],
    translation: TRANSLATION_DEADLINE,
    notes: 'Handovers at the Cau Treo border gate. Review of 2010-2022 held in February 2023.',
  },
  {
    id: 'la-cn',
    title: 'Lao PDR - China cooperation against trafficking in persons',
    parties: ['la-mlsw', 'la-mps', 'la-emb-beijing', 'cn-mps'],
    signed: 'Text and date not found; a bilateral agreement existed in draft.',
    languages: ['lo', 'zh-Hans', 'en'],
    send: {
      'la-mlsw': welfare,
      'la-mps': police,
      // The embassy takes in cases in China, asks Chinese police to locate or rescue a woman,
      // and issues travel documents.
      'la-emb-beijing': [...REPATRIATION_TYPES, 'investigation.request', ...CASE_TYPES],
      // The Chinese police notify the embassy of a Lao woman they hold (issue 16).
      'cn-mps': [...both, 'consular.notification'],
    },
    deadlines: [...REPATRIATION_DEADLINES, ...INVESTIGATION_DEADLINES],
    translation: TRANSLATION_DEADLINE,
    notes:
      'China set up a police liaison office at Mohan (opposite Boten) in 2009 for information, evidence, suspects and repatriation. Handovers at Boten-Mohan and Phou Lakkham (Oudomxay-Yunnan).',
  },
  {
    id: 'la-national',
    title: 'Lao national coordination channel',
    parties: ['la-mlsw', 'la-mps', 'la-emb-beijing', 'la-secretariat'],
    languages: ['lo', 'en'],
    send: {
      // The embassy asks the focal points to verify a woman's nationality; they answer.
      'la-emb-beijing': ['consular.verification.request', ...CASE_TYPES],
      'la-mlsw': ['consular.verification.result', ...CASE_TYPES],
      'la-mps': ['consular.verification.result', ...CASE_TYPES],
      'la-secretariat': [...CASE_TYPES],
    },
    deadlines: [...CONSULAR_DEADLINES],
    translation: TRANSLATION_DEADLINE,
    notes: 'Domestic coordination between the focal points, the embassy, provinces and the Secretariat. Not an international agreement.',
  },
];
