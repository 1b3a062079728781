import { CONSULAR_TYPES, type Agreement, type DirectorySnapshot } from '@mou-hub/protocol';
import { fail, ok, type ChangeResult } from './problem.ts';

/** The one agreement under which consular verification travels (PROTOCOL.md). */
export const CONSULAR_AGREEMENT = 'la-national';
/** The police's notice of a Lao woman held travels between countries, never under `la-national` (issue 16). */
const NOTICE = 'consular.notification';

/**
 * Checks an agreement against the directory: parties are distinct agencies, only parties send,
 * a party sends a type once, consular verification travels under `la-national` only and the
 * police's `consular.notification` under a bilateral agreement only.
 */
export function checkAgreement(snapshot: DirectorySnapshot, agreement: Agreement): ChangeResult<Agreement> {
  const agencies = new Set(snapshot.agencies.map((a) => a.id));
  const parties = new Set(agreement.parties);
  if (parties.size !== agreement.parties.length) return fail('invalid', `${agreement.id}: a party is listed twice`);
  const unknown = agreement.parties.filter((p) => !agencies.has(p));
  if (unknown.length > 0) return fail('invalid', `${agreement.id}: ${unknown.join(', ')} is not an agency of the directory`);
  for (const [sender, types] of Object.entries(agreement.send)) {
    if (!parties.has(sender)) return fail('invalid', `${agreement.id}: ${sender} may not send, not being a party`);
    if (new Set(types).size !== types.length) return fail('invalid', `${agreement.id}: ${sender} lists a type twice`);
    const consular = types.filter((t) => t !== NOTICE && (CONSULAR_TYPES as readonly string[]).includes(t));
    if (consular.length > 0 && agreement.id !== CONSULAR_AGREEMENT) {
      return fail('invalid', `${agreement.id}: consular verification travels under ${CONSULAR_AGREEMENT} only`);
    }
    if (types.includes(NOTICE) && agreement.id === CONSULAR_AGREEMENT) {
      return fail('invalid', `${agreement.id}: ${NOTICE} travels between countries, not under ${CONSULAR_AGREEMENT}`);
    }
  }
  const steps = agreement.deadlines.map((d) => d.step);
  if (new Set(steps).size !== steps.length) return fail('invalid', `${agreement.id}: a deadline step is listed twice`);
  return ok(agreement);
}
