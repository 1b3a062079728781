import { TRANSLATION_STATUSES, type Deadline, type TranslationStatus } from '@mou-hub/protocol';
import { translationPauses, type Pause, type TranslationStatusChange } from '@mou-hub/workflows';
import type { CaseMessage } from './case-clocks.ts';

const PREFIX = 'translation-';

/** The status a `translation.status` carries in its stats (`{"translation-<status>": 1}`). */
function statusOf(m: CaseMessage): TranslationStatus | undefined {
  const key = Object.keys(m.stats ?? {}).find((k) => k.startsWith(PREFIX));
  const status = key?.slice(PREFIX.length);
  return (TRANSLATION_STATUSES as readonly string[]).includes(status ?? '') ? (status as TranslationStatus) : undefined;
}

/**
 * The translation pauses of a case's clocks from metadata alone, as the nodes compute theirs:
 * for each deadline whose policy pauses for translation, the jobs of its answering side (the
 * side that did not send `starts`), each job being the `translation.status` messages with one
 * `replyTo` (the translated message), merged by `translationPauses` of the workflows.
 *
 * @example
 * translationPausesOf(messages, agreement.deadlines); // [{ from: '…', to: '…', step: 'decide-repatriation' }]
 */
export function translationPausesOf(messages: readonly CaseMessage[], deadlines: readonly Deadline[]): Pause[] {
  const pauses: Pause[] = [];
  for (const d of deadlines.filter((x) => x.pausesForTranslation)) {
    const starts = messages.find((m) => m.type === d.starts);
    if (!starts) continue;
    const jobs = new Map<string, TranslationStatusChange[]>();
    for (const m of messages) {
      const status = m.type === 'translation.status' && m.from !== starts.from ? statusOf(m) : undefined;
      if (!status) continue;
      const key = m.replyTo ?? m.id;
      jobs.set(key, [...(jobs.get(key) ?? []), { status, at: m.created }]);
    }
    pauses.push(...translationPauses([...jobs.values()]).map((p) => ({ ...p, step: d.step })));
  }
  return pauses;
}
