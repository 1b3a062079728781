import type { Pause } from '@mou-hub/workflows';
import type { CaseMessage } from './case-clocks.ts';

/** Translation statuses that end a job's pause (`FINAL_TRANSLATION_STATUSES` of the workflows). */
const FINAL = new Set(['reviewed', 'not-needed']);
const PREFIX = 'translation-';

/**
 * The pauses of a case's clocks for translation, from `translation.status` metadata alone:
 * the sender puts `stats: {"translation-<status>": 1}` and `replyTo` = the translated message
 * (packages/protocol README). A job pauses from its first status until `reviewed` or
 * `not-needed`; one still open pauses until now.
 *
 * @example
 * translationPausesOf(messages); // [{ from: '2026-03-02T08:00:00.000Z', to: '2026-03-03T08:00:00.000Z' }]
 */
export function translationPausesOf(messages: readonly CaseMessage[]): Pause[] {
  const jobs = new Map<string, { from: string; to?: string }>();
  for (const m of messages) {
    if (m.type !== 'translation.status') continue;
    const status = Object.keys(m.stats ?? {}).find((k) => k.startsWith(PREFIX))?.slice(PREFIX.length);
    if (!status) continue;
    const key = m.replyTo ?? m.id;
    const job = jobs.get(key) ?? { from: m.created };
    if (FINAL.has(status) && job.to === undefined) job.to = m.created;
    jobs.set(key, job);
  }
  return [...jobs.values()].map((j) => (j.to ? { from: j.from, to: j.to } : { from: j.from }));
}
