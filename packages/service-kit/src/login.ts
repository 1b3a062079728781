import { verifyPassword } from './password.ts';

// A valid scrypt string no password matches: an unknown username costs as much as a wrong password.
const DECOY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * Checks a login against the stored account, if any, in the same time whether the username
 * exists or not, so usernames cannot be probed. The one login check of every service: a
 * `false` is answered 401 `invalid-credentials`.
 * @example if (!(await checkLogin(password, user?.passwordHash))) throw new HttpError(401, 'invalid-credentials', 'wrong username or password');
 */
export async function checkLogin(password: string, storedHash: string | undefined): Promise<boolean> {
  const ok = await verifyPassword(password, storedHash ?? DECOY_HASH);
  return ok && storedHash !== undefined;
}
