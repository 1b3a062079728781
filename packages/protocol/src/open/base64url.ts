import { hasDuplicateKeys } from './duplicate-keys.ts';

const B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes base64url only in its canonical form (no padding, no stray bits): two spellings of
 * the same bytes would let a relay alter an envelope without touching what it says.
 *
 * @example
 * decodeCanonical('aGk'); // Uint8Array [0x68, 0x69]
 * decodeCanonical('aGl'); // undefined (same bytes, non-canonical)
 */
export function decodeCanonical(part: string): Uint8Array | undefined {
  if (!B64URL.test(part) || part.length % 4 === 1) return undefined;
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : undefined;
}

/** UTF-8 text of some bytes, or `undefined` if they are not valid UTF-8. */
export function utf8(bytes: Uint8Array): string | undefined {
  try {
    // ignoreBOM keeps a BOM in the text, so it fails as malformed instead of vanishing.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** `JSON.parse` that answers `undefined` instead of throwing, and for a text that names a key twice. */
export function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return hasDuplicateKeys(text) ? undefined : value;
  } catch {
    return undefined;
  }
}
