import type { Deadline, TranslationStatus } from '@mou-hub/protocol';
import type { Pause } from '../deadlines/types.ts';
import { isTranslationOpen } from './machine.ts';

/** One status a job took, and when (RFC 3339). */
export interface TranslationStatusChange {
  status: TranslationStatus;
  at: string;
}

/**
 * The time a case waited for translation: for each job (its status changes, oldest first),
 * from when it opened until it was `reviewed` or `not-needed` (an open job has no `to`);
 * overlapping jobs merge into one pause. Pass only the jobs the answering side needs.
 * @example translationPauses([[{ status: 'needed', at: '2026-03-02T08:00:00.000Z' }, { status: 'reviewed', at: '2026-03-03T08:00:00.000Z' }]])
 *   // → [{ from: '2026-03-02T08:00:00.000Z', to: '2026-03-03T08:00:00.000Z' }]
 */
export function translationPauses(jobs: readonly (readonly TranslationStatusChange[])[]): Pause[] {
  const raw: { from: number; to: number | undefined }[] = [];
  for (const history of jobs) {
    const first = history[0];
    if (!first) continue;
    const closed = history.find((h) => !isTranslationOpen(h.status));
    raw.push({ from: Date.parse(first.at), to: closed ? Date.parse(closed.at) : undefined });
  }
  raw.sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number | undefined }[] = [];
  for (const p of raw) {
    const last = merged[merged.length - 1];
    if (!last || (last.to !== undefined && p.from > last.to)) merged.push({ ...p });
    else if (last.to !== undefined) last.to = p.to === undefined ? undefined : Math.max(last.to, p.to);
  }
  return merged.map((p) => (p.to === undefined ? { from: iso(p.from) } : { from: iso(p.from), to: iso(p.to) }));
}

/**
 * The pauses for `caseDeadlines`: each translation pause, once for every deadline step whose
 * policy says it pauses for translation (`pausesForTranslation`); none when no step does.
 * @example caseDeadlines({ ...input, pauses: translationPausesFor(agreement.deadlines, histories) })
 */
export function translationPausesFor(deadlines: readonly Deadline[], jobs: readonly (readonly TranslationStatusChange[])[]): Pause[] {
  const steps = [...new Set(deadlines.filter((d) => d.pausesForTranslation).map((d) => d.step))];
  if (steps.length === 0) return [];
  const pauses = translationPauses(jobs);
  return steps.flatMap((step) => pauses.map((p) => ({ ...p, step })));
}

const iso = (ms: number): string => new Date(ms).toISOString();
