import type { Agreement } from '@mou-hub/protocol';

/** For tests: a small Lao-Thai agreement between la-mlsw and th-msdhs. */
export const laThAgreement = (): Agreement => ({
  id: 'la-th',
  title: 'Lao-Thai MOU',
  parties: ['la-mlsw', 'th-msdhs'],
  languages: ['lo', 'th', 'en'],
  send: { 'la-mlsw': ['case.note'], 'th-msdhs': ['case.note', 'repatriation.request'] },
  deadlines: [],
});
