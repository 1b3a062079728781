/** A message of a thread, as far as refusals need it. */
export interface SentMessage {
  id: string;
  from_agency: string | null;
  to_agency: string | null;
}

/** A verified receipt or problem, in stream order. */
export interface Answer {
  for_id: string | null;
  type: string | null;
  from_agency: string | null;
  to_agency: string | null;
}

/**
 * The messages of a thread that their recipient refused. A `problem` counts only when it comes
 * from the message's recipient to its sender, and only if no receipt from that recipient came
 * before it: a third party's problem (it knew the id) or a late one after the recipient had
 * committed the message changes nothing. `answers` must be in stream order.
 *
 * @example
 * refusedMessages([{ id: 'm', from_agency: 'th-msdhs', to_agency: 'la-mlsw' }],
 *   [{ for_id: 'm', type: 'problem', from_agency: 'vn-mps', to_agency: 'th-msdhs' }]); // Set {}
 */
export function refusedMessages(messages: readonly SentMessage[], answers: readonly Answer[]): Set<string> {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const receipted = new Set<string>();
  const refused = new Set<string>();
  for (const a of answers) {
    const m = a.for_id ? byId.get(a.for_id) : undefined;
    if (!m || a.from_agency !== m.to_agency || a.to_agency !== m.from_agency) continue;
    if (a.type === 'receipt') receipted.add(m.id);
    else if (a.type === 'problem' && !receipted.has(m.id)) refused.add(m.id);
  }
  return refused;
}
