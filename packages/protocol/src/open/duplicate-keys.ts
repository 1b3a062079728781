/**
 * True when some object in a valid JSON text names the same key twice (after unescaping, so
 * `"to"` and `"t\u006f"` are the same). `JSON.parse` keeps the last silently, another parser
 * may keep the first: an envelope that says two things must be refused, not read one way.
 *
 * @example
 * hasDuplicateKeys('{"to":"a","to":"b"}'); // true
 * hasDuplicateKeys('{"a":{"to":1},"to":2}'); // false
 */
export function hasDuplicateKeys(json: string): boolean {
  // One entry per open container: the keys seen so far, or null for an array.
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (ch === '{') {
      open.push(new Set());
      expectKey = true;
    } else if (ch === '[') {
      open.push(null);
      expectKey = false;
    } else if (ch === '}' || ch === ']') {
      open.pop();
      expectKey = false;
    } else if (ch === ',') {
      expectKey = open[open.length - 1] != null;
    } else if (ch === '"') {
      const end = stringEnd(json, i);
      if (expectKey) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        const keys = open[open.length - 1]!;
        if (keys.has(key)) return true;
        keys.add(key);
        expectKey = false;
      }
      i = end;
    }
  }
  return false;
}

/** Index of the quote that closes the string opening at `start`. */
function stringEnd(json: string, start: number): number {
  for (let i = start + 1; i < json.length; i++) {
    if (json[i] === '\\') i++;
    else if (json[i] === '"') return i;
  }
  return json.length - 1;
}
