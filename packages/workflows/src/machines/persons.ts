/**
 * Per-person states: persons of one request may part ways (one confirmed, one not). Driven by
 * the per-person outcomes of `stepFacts`; skipped when a step carries none (the audit's view).
 */
import type { CaseState, CaseStep, PersonFact, PersonOutcome, PersonState, Refusal } from '../types.ts';
import { refuse } from './engine.ts';

type Persons = CaseState['persons'];
type PersonStateName = PersonState['state'];

/** How one outcome moves a person: the states it may come from and where it leads. */
export interface PersonMove {
  /** States the person must be in. */
  readonly from: readonly PersonStateName[];
  /** The person's next state (the fact carries the step's flags and reason for this person). */
  readonly to: (p: PersonState, fact: PersonFact) => PersonState;
}

/**
 * Applies the step's per-person outcomes with `moves`. A ref the case does not know is
 * `unknown-person`; a person in the wrong state is `person-not-ready` (by index in the body,
 * never the ref, so the refusal carries nothing of the person).
 */
export function movePersons(
  persons: Persons,
  step: CaseStep,
  moves: Partial<Record<PersonOutcome, PersonMove>>,
): Persons | Refusal {
  const facts = step.facts.persons;
  if (!facts) return persons;
  const out: Record<string, PersonState> = { ...persons };
  for (const [index, fact] of facts.entries()) {
    const current = out[fact.ref];
    if (!current) return refuse('unknown-person', { type: step.type, index });
    const move = moves[fact.outcome];
    if (!move || !move.from.includes(current.state)) {
      return refuse('person-not-ready', { type: step.type, index, state: current.state });
    }
    out[fact.ref] = move.to(current, fact);
  }
  return out;
}

/** Every person in `from` moved by `to` (for steps that name no persons, e.g. a confirmation). */
export function moveAll(persons: Persons, from: readonly PersonStateName[], to: (p: PersonState) => PersonState): Persons {
  const out: Record<string, PersonState> = {};
  for (const [ref, p] of Object.entries(persons)) out[ref] = from.includes(p.state) ? to(p) : p;
  return out;
}

/** Persons named by an opening request, all in `requested`. */
export function openPersons(step: CaseStep): Persons {
  const out: Record<string, PersonState> = {};
  for (const fact of step.facts.persons ?? []) out[fact.ref] = withConsent({ state: 'requested' }, fact);
  return out;
}

/** A person in `state`, keeping what else is known of them. */
export function to(state: PersonStateName): (p: PersonState) => PersonState {
  return (p) => ({ ...p, state });
}

/** `p` with the consent to return `fact` records, when it records one. */
export function withConsent(p: PersonState, fact: PersonFact): PersonState {
  return fact.returnConsent === undefined ? p : { ...p, returnConsent: fact.returnConsent };
}
