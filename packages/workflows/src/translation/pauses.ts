import type { TranslationStatus } from '@mou-hub/protocol';
import { isTranslationOpen } from './machine.ts';

/** One status a job took, and when (RFC 3339). */
export interface TranslationStatusChange {
  status: TranslationStatus;
  at: string;
}

/** A stretch of time a deadline's clock stands still; `end` absent while it still runs. */
export interface PauseInterval {
  start: Date;
  end?: Date | undefined;
}

/**
 * The time a step waited for translation: for each job (its status changes, oldest first),
 * from when it opened until it was `reviewed` or `not-needed` (open jobs pause until now);
 * overlapping jobs merge into one interval. Pass only the jobs the answering side needs.
 * @example translationPauses([[{ status: 'needed', at: '2026-03-02T08:00:00.000Z' }, { status: 'reviewed', at: '2026-03-03T08:00:00.000Z' }]])
 *   // → [{ start: 2026-03-02T08:00Z, end: 2026-03-03T08:00Z }]
 */
export function translationPauses(jobs: readonly (readonly TranslationStatusChange[])[]): PauseInterval[] {
  const raw: PauseInterval[] = [];
  for (const history of jobs) {
    const first = history[0];
    if (!first) continue;
    const closed = history.find((h) => !isTranslationOpen(h.status));
    raw.push({ start: new Date(first.at), end: closed ? new Date(closed.at) : undefined });
  }
  raw.sort((a, b) => a.start.getTime() - b.start.getTime());
  const merged: PauseInterval[] = [];
  for (const p of raw) {
    const last = merged[merged.length - 1];
    if (last && (last.end === undefined || p.start <= last.end)) {
      if (last.end !== undefined) last.end = p.end === undefined || p.end > last.end ? p.end : last.end;
    } else {
      merged.push({ ...p });
    }
  }
  return merged;
}

/** Milliseconds paused between `from` and `until` (open intervals run to `until`). */
export function pausedMs(pauses: readonly PauseInterval[], from: Date, until: Date): number {
  let total = 0;
  for (const p of pauses) {
    const start = Math.max(p.start.getTime(), from.getTime());
    const end = Math.min((p.end ?? until).getTime(), until.getTime());
    if (end > start) total += end - start;
  }
  return total;
}
