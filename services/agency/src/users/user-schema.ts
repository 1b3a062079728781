/**
 * The one set of rules for an officer's account, read by the agency's configuration, the
 * console's user administration and the `users` CLI alike.
 */
import * as v from 'valibot';
import { ROLES } from '@mou-hub/service-kit';

/** An officer's login name: 2-64 of a-z, 0-9, `.`, `_`, `-`. */
export const Username = v.pipe(v.string(), v.regex(/^[a-z0-9._-]{2,64}$/));
/** A new password: 10 to 256 characters. */
export const Password = v.pipe(v.string(), v.minLength(10), v.maxLength(256));
/** One role or more, each one the service kit knows. */
export const Roles = v.pipe(v.array(v.picklist(ROLES)), v.minLength(1));
/** A display name, as shown on pages. */
export const DisplayName = v.pipe(v.string(), v.maxLength(120));

/** A new officer, as the console's form and the CLI check it. */
export const NewUser = v.strictObject({ username: Username, password: Password, roles: Roles, displayName: v.optional(DisplayName) });
