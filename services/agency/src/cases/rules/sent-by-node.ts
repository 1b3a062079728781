/**
 * Message types only the node sends: receipts and problems answer what arrives, and a
 * `translation.status` follows a translation job as its holder works it. An officer asks for
 * none of them (the API answers 400 `sent-by-node`), so no case action offers them.
 */
import { isProtocolType } from '@mou-hub/protocol';

/** Business types the node sends by itself (receipts and problems are protocol types). */
const NODE_BUSINESS_TYPES: ReadonlySet<string> = new Set(['translation.status']);

/** True when only the node sends messages of `type`. */
export function sentByNode(type: string): boolean {
  return isProtocolType(type) || NODE_BUSINESS_TYPES.has(type);
}

/** The case actions an officer may take: the workflow's, less those the node sends itself. */
export function officerActions<A extends { type: string }>(actions: readonly A[]): A[] {
  return actions.filter((a) => !sentByNode(a.type));
}
