import type { TranslationStatus } from '@mou-hub/protocol';

/** What a person may do to a translation job (`POST /api/v1/translations/:id/:action`). */
export const TRANSLATION_ACTIONS = ['claim', 'submit', 'approve', 'return', 'machine-draft', 'not-needed'] as const;
export type TranslationAction = (typeof TRANSLATION_ACTIONS)[number];

/** A refusal as data: a stable code and its parameters; the words come from the reader's catalog. */
export interface TranslationRefusal {
  code: 'missing-role' | 'invalid-state' | 'not-claimant' | 'own-translation';
  params: Record<string, string | number | boolean>;
}

/** Where a job stands, and who translated and reviewed it (usernames at the holding node). */
export interface TranslationJobState {
  status: TranslationStatus;
  /** Who claimed it; only they submit, and they may never review it. */
  translator?: string | undefined;
  /** Who approved or returned the last translation. */
  reviewer?: string | undefined;
}

/** The person acting, with the roles of their login. */
export interface TranslationActor {
  id: string;
  roles: readonly string[];
}

/**
 * Roles that may take each action. Translators do the work and review each other (ISO 17100:
 * translation, then revision by a second person); a supervisor decides a job is not needed.
 */
export const TRANSLATION_ACTION_ROLES: Readonly<Record<TranslationAction, readonly string[]>> = {
  claim: ['translator'],
  submit: ['translator'],
  approve: ['translator'],
  return: ['translator'],
  'machine-draft': ['translator', 'supervisor'],
  'not-needed': ['supervisor'],
};

/** Each action's move: from which statuses, to which. `reviewed` and `not-needed` are final. */
const MOVES: Readonly<Record<TranslationAction, { from: readonly TranslationStatus[]; to: TranslationStatus }>> = {
  claim: { from: ['needed', 'machine-draft'], to: 'claimed' },
  submit: { from: ['claimed', 'returned'], to: 'translated' },
  approve: { from: ['translated'], to: 'reviewed' },
  return: { from: ['translated'], to: 'returned' },
  // An unofficial machine draft while the job waits for a person; it never counts as reviewed.
  'machine-draft': { from: ['needed'], to: 'machine-draft' },
  'not-needed': { from: ['needed', 'claimed', 'translated', 'returned', 'machine-draft'], to: 'not-needed' },
};

/** Statuses that end a job: a reviewed translation, or a decision that none is needed. */
export const FINAL_TRANSLATION_STATUSES: readonly TranslationStatus[] = ['reviewed', 'not-needed'];

/** `true` while the job still waits for a reviewed translation (a machine draft is still open). */
export function isTranslationOpen(status: TranslationStatus): boolean {
  return !FINAL_TRANSLATION_STATUSES.includes(status);
}

/**
 * The next state of a job after `actor` takes `action`, or a refusal: `missing-role` (403),
 * `invalid-state` (409: the action does not fit the status), `not-claimant` (409: someone
 * else claimed it), `own-translation` (403: nobody reviews their own translation).
 * @example advanceTranslation({ status: 'needed' }, 'claim', { id: 'noy', roles: ['translator'] })
 *   // → { ok: true, state: { status: 'claimed', translator: 'noy' } }
 */
export function advanceTranslation(
  state: TranslationJobState,
  action: TranslationAction,
  actor: TranslationActor,
): { ok: true; state: TranslationJobState } | { ok: false; refusal: TranslationRefusal } {
  const roles = TRANSLATION_ACTION_ROLES[action];
  if (!roles.some((r) => actor.roles.includes(r))) return refuse('missing-role', { action, roles: roles.join(',') });
  const move = MOVES[action];
  if (!move.from.includes(state.status)) return refuse('invalid-state', { action, status: state.status });
  switch (action) {
    case 'claim':
      return { ok: true, state: { status: move.to, translator: actor.id } };
    case 'submit':
      if (state.translator !== actor.id) return refuse('not-claimant', { action, translator: state.translator ?? '' });
      return { ok: true, state: { ...state, status: move.to, reviewer: undefined } };
    case 'approve':
    case 'return':
      if (state.translator === actor.id) return refuse('own-translation', { action });
      return { ok: true, state: { ...state, status: move.to, reviewer: actor.id } };
    default:
      return { ok: true, state: { ...state, status: move.to } };
  }
}

function refuse(code: TranslationRefusal['code'], params: TranslationRefusal['params']) {
  return { ok: false as const, refusal: { code, params } };
}
