import canonicalize from 'canonicalize';

/**
 * The RFC 8785 (JCS) form of a JSON value as UTF-8 bytes: members sorted by UTF-16 code
 * units, no white space, numbers and strings as ECMAScript writes them. Everything this
 * package hashes or signs as JSON goes through here, so two implementations agree byte for
 * byte. Throws on a value JSON cannot carry (NaN, Infinity, undefined at the top).
 *
 * @example
 * new TextDecoder().decode(canonicalJson({ b: 1, a: [true, null] })); // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalText(value));
}

/** {@link canonicalJson} as a string. */
export function canonicalText(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('not a JSON value');
  return text;
}
