import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import * as v from 'valibot';
import { hashPassword, isRole } from '@mou-hub/service-kit';
import type { AgencyDatabase } from '../../platform/schema.ts';
import { createUser, listUsers, setDisabled, setPassword } from '../user-admin.ts';
import { setRolesLogged } from '../role-grants.ts';
import { NewUser, Password } from '../user-schema.ts';

/** How to call the CLI; printed on a usage error. */
export const USAGE = `usage: pnpm -s users <agency config.json> <command>
  list
  add <username> --roles r1,r2 [--name "Display Name"] [--password-stdin]
  disable <username> | enable <username>
  reset-password <username> [--password-stdin]
  roles <username> --roles r1,r2
roles: liaison-officer, embassy-desk, translator, supervisor, auditor, administrator
Without --password-stdin a new password is generated and printed once.`;

/** What the CLI reads and writes besides the database (so a test can drive it). */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** The first line of standard input (for `--password-stdin`). */
  readPassword(): Promise<string>;
}

const rolesOf = (list: string | undefined): string[] | undefined => {
  const roles = (list ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  return roles.length > 0 && roles.every(isRole) ? roles : undefined;
};

/**
 * The administrator's user commands, the same as the console's user page: answers the exit
 * code (0 done, 1 refused, 2 usage). Every change but `add` ends the officer's sessions.
 * @example await runUsersCli(db, ['add', 'lo.translator', '--roles', 'translator'], io);
 */
export async function runUsersCli(db: Kysely<AgencyDatabase>, argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { roles: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  });
  const [command, username] = positionals;
  const password = async () => (values['password-stdin'] ? (await io.readPassword()).trim() : randomBytes(12).toString('base64url'));
  const done = (ok: boolean, what: string) => {
    if (ok) io.out(what);
    else io.err(`no user ${username}`);
    return ok ? 0 : 1;
  };
  if (command === 'list') {
    for (const u of await listUsers(db)) io.out(`${u.username}\t${u.roles.join(',')}\t${u.disabled ? 'disabled' : 'active'}\t${u.displayName ?? ''}`);
    return 0;
  }
  if (!username) {
    io.err(USAGE);
    return 2;
  }
  switch (command) {
    case 'add': {
      const secret = await password();
      const parsed = v.safeParse(NewUser, { username, password: secret, roles: (values.roles ?? '').split(',').filter(Boolean), ...(values.name ? { displayName: values.name } : {}) });
      if (!parsed.success) {
        io.err(`refused: ${parsed.issues.map((i) => `${v.getDotPath(i) ?? ''} ${i.type}`).join('; ')}`);
        return 1;
      }
      const { password: _, ...user } = parsed.output;
      if (!(await createUser(db, { ...user, passwordHash: await hashPassword(secret) }))) {
        io.err(`refused: ${username} exists`);
        return 1;
      }
      io.out(values['password-stdin'] ? `created ${username}` : `created ${username}; password: ${secret}`);
      return 0;
    }
    case 'disable':
    case 'enable':
      return done(await setDisabled(db, username, command === 'disable'), `${command}d ${username}; every session ended`);
    case 'reset-password': {
      const secret = await password();
      if (!v.is(Password, secret)) {
        io.err('refused: a password has 10 to 256 characters');
        return 1;
      }
      return done(await setPassword(db, username, await hashPassword(secret)), values['password-stdin'] ? `new password for ${username}` : `new password for ${username}: ${secret}`);
    }
    case 'roles': {
      const roles = rolesOf(values.roles);
      if (!roles) {
        io.err(`refused: --roles needs known roles\n${USAGE}`);
        return 1;
      }
      // The operator's break-glass path, applied at once but access-logged like every role change.
      const actor = `cli:${userInfo().username}`;
      return done(await setRolesLogged(db, { actor, target: username, roles, at: new Date().toISOString() }), `${username}: ${roles.join(',')}; every session ended`);
    }
    default:
      io.err(USAGE);
      return 2;
  }
}
