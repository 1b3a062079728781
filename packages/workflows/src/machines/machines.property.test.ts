/**
 * Random steps through both parties' copies of a case (and the audit's, from stats alone):
 * whatever the sender's copy accepts, the recipient's accepts too, all copies stay equal, and
 * nothing throws on any input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_COUNTS, PATHS, reach } from '../test-support.ts';
import { CASE_KINDS, type CaseState, type CaseStep, type PersonOutcome, type Side } from '../types.ts';
import { advanceCase, caseActions } from './index.ts';

const OUTCOMES: readonly PersonOutcome[] = [
  'confirmed', 'not-confirmed', 'pending', 'travel-document', 'proposed', 'handed-over', 'reintegration', 'reintegration-closed',
  // Issue 16: the person actions, with the flags the gates read.
  'added', 'information', 'withdrawn', 'alternative-care', 'resumed',
];
const KEYS = ['confirmed', 'not-confirmed', 'pending', 'records', 'countersign', 'full', 'referred', 'persons', 'withdrawn'];

const side = fc.constantFrom<Side>('initiator', 'responder');
const counts = fc.oneof(
  fc.dictionary(fc.constantFrom(...KEYS), fc.integer({ min: 0, max: 3 }), { maxKeys: 5 }),
  fc.constantFrom(...Object.values(ACTION_COUNTS)),
);
const persons = fc.option(
  fc.array(
    fc.record(
      { ref: fc.constantFrom('P1', 'P2', 'P9'), outcome: fc.constantFrom(...OUTCOMES), safeToReturn: fc.boolean(), returnConsent: fc.boolean() },
      { requiredKeys: ['ref', 'outcome'] },
    ),
    { maxLength: 3 },
  ),
  { nil: undefined },
);

describe.each(CASE_KINDS)('%s under random steps', (kind) => {
  const types = [...new Set(caseActions(kind).map((a) => a.type)), 'repatriation.request', 'investigation.extension', 'receipt'];
  const step = fc.record({ type: fc.constantFrom(...types), side, counts, persons }).map(
    (s): CaseStep => ({ type: s.type, side: s.side, facts: s.persons ? { counts: s.counts, persons: s.persons } : { counts: s.counts } }),
  );
  const start = fc.constantFrom(...Object.values(PATHS[kind]));

  it('keeps the sender, the recipient and the audit in the same state', () => {
    fc.assert(
      fc.property(start, fc.array(step, { maxLength: 40 }), (path, steps) => {
        let sender: CaseState = reach(path);
        let recipient: CaseState = reach(path);
        let audit: CaseState = { ...reach(path), persons: {} };
        for (const s of steps) {
          const mine = advanceCase(sender, s);
          if (!mine.ok) continue; // the sender's API refuses it: nothing is sent
          const theirs = advanceCase(recipient, s);
          expect(theirs).toEqual(mine);
          const seen = advanceCase(audit, { type: s.type, side: s.side, facts: { counts: s.facts.counts } });
          sender = mine.state;
          recipient = theirs.ok ? theirs.state : recipient;
          if (seen.ok) audit = seen.state;
          expect(audit.state).toBe(sender.state);
        }
      }),
      { numRuns: 300 },
    );
  });
});
