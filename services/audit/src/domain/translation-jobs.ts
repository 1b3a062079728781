import { TRANSLATION_STATUSES, type TranslationStatus } from '@mou-hub/protocol';
import type { CaseTranslationJob, Side, TranslationStatusChange } from '@mou-hub/workflows';
import type { CaseMessage } from './case-clocks.ts';

const PREFIX = 'translation-';

/** The status a `translation.status` carries in its stats (`{"translation-<status>": 1}`). */
function statusOf(m: CaseMessage): TranslationStatus | undefined {
  const key = Object.keys(m.stats ?? {}).find((k) => k.startsWith(PREFIX));
  const status = key?.slice(PREFIX.length);
  return (TRANSLATION_STATUSES as readonly string[]).includes(status ?? '') ? (status as TranslationStatus) : undefined;
}

/**
 * A case's translation jobs from metadata alone: the `translation.status` messages with one
 * `replyTo` (the translated message) and one sender are one job of that sender's side. The
 * pause rule and the waiting time are the workflows' (`caseTranslationPauses`,
 * `translationWaits`); this only reads the jobs off the wire.
 *
 * @example
 * translationJobsOf(messages, (from) => (from === initiator ? 'initiator' : 'responder')); // [{ side: 'responder', history: [{ status: 'needed', at: '…' }] }]
 */
export function translationJobsOf(messages: readonly CaseMessage[], sideOf: (from: string) => Side): CaseTranslationJob[] {
  const jobs = new Map<string, { side: Side; history: TranslationStatusChange[] }>();
  for (const m of messages) {
    const status = m.type === 'translation.status' ? statusOf(m) : undefined;
    if (!status) continue;
    const key = `${m.from}\u0000${m.replyTo ?? m.id}`;
    const job = jobs.get(key) ?? { side: sideOf(m.from), history: [] };
    job.history.push({ status, at: m.created });
    jobs.set(key, job);
  }
  return [...jobs.values()];
}
