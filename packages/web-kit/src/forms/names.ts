/**
 * Names of a form's inputs and paths of its data. An input is named as a reader writes the
 * path (`persons[0].person.givenName`); a field problem names the same place as a dot path
 * (`persons.0.person.givenName`). The fields of a variant's option are named apart
 * (`status:ClosedReferred.reason`) so that two options' fields of one name never clash.
 */

/** `prefix.key`, or `key` at the root. */
export function childName(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/** The input name of list item `index`. */
export function itemName(prefix: string, index: number): string {
  return `${prefix}[${index}]`;
}

/** Where the fields of a variant's option are named. */
export function optionName(prefix: string, discriminator: string, value: string): string {
  return childName(prefix, `${discriminator}:${value}`);
}

/** `a.b`, or `b` at the root, for dot paths. */
export function childPath(prefix: string, key: string | number): string {
  return prefix === '' ? String(key) : `${prefix}.${key}`;
}

/** An id attribute for an input name (letters, digits and `-` only). */
export function inputId(formId: string, name: string): string {
  return `${formId}-${name.replace(/[^A-Za-z0-9]+/g, '-')}`.replace(/-+$/, '');
}
