import * as v from 'valibot';
import { AttachmentRef, type AttachmentRefValue } from '../bodies/common.ts';

/** An attachment as a message body carries it: name, digest, size, media type. */
export type Attachment = AttachmentRefValue;

/**
 * Every attachment a (schema-valid) body carries, wherever its type puts them (a handover's
 * form, an investigation's evidence, …), each name once. Knowing no field names, it keeps
 * working when a body type gains an attachment field.
 *
 * @example
 * attachmentRefs(body).map((a) => a.name); // ['sha256:…']
 */
export function attachmentRefs(body: unknown): Attachment[] {
  const found = new Map<string, Attachment>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      if (v.is(AttachmentRef, value)) found.set(value.name, value);
      else Object.values(value).forEach(walk);
    }
  };
  walk(body);
  return [...found.values()];
}
