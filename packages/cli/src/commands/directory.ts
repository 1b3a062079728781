import type { Command } from 'commander';
import { verifyDirectory, type DirectorySnapshot } from '@mou-hub/protocol';
import { registerSetup } from '../directory-setup.ts';
import { readJson, readPasswordFile, readPublicJwk, writePublicFile } from '../files.ts';
import { CliError, type CliIo } from '../io.ts';

interface Admin {
  url: string;
  user: string;
  passwordFile: string;
}

/** `mou directory`: read the signed directory, and the Secretariat's changes to it. */
export function register(program: Command, io: CliIo): void {
  const directory = program
    .command('directory')
    .description("The signed directory: set it up, read it (anyone), change it (the Secretariat's administrators).");
  registerSetup(directory, io);

  directory
    .command('show')
    .description('Fetch the current directory, check its signature against the pinned root, and list it.')
    .requiredOption('--url <url>', "the directory service's address")
    .requiredOption('--root <file>', "the root's public key (root.pub.jwk)")
    .option('-o, --out <file>', 'also write the verified snapshot there (for mou nats users and mou nats config)')
    .addHelpText('after', '\nExample:\n  mou directory show --url https://directory.mou.example --root root.pub.jwk --out directory.json')
    .action(async (o: { url: string; root: string; out?: string }) => {
      const snapshot = await fetchVerified(o.url, o.root);
      io.out(`directory version ${snapshot.version}, issued ${snapshot.issued}`);
      for (const a of snapshot.agencies) {
        const live = a.keys.filter((k) => !k.revokedAt).map((k) => `${k.kid} from ${k.notBefore}`);
        io.out(`  ${a.id} (${a.country}) ${a.names['en']}: ${live.join(', ') || 'no keys'}`);
      }
      for (const g of snapshot.agreements) io.out(`  agreement ${g.id}: ${g.parties.join(', ')}`);
      if (o.out) writePublicFile(o.out, JSON.stringify(snapshot, null, 2), { replace: true });
    });

  const withAdmin = (c: Command) =>
    c
      .requiredOption('--url <url>', "the directory service's address")
      .requiredOption('--user <name>', 'a directory administrator')
      .requiredOption('--password-file <file>', "a file holding the administrator's password");

  withAdmin(directory.command('add-agency'))
    .description('Add an agency (its names, country, roles and the public keys it sent) as a new signed version.')
    .requiredOption('-f, --file <file>', 'the agency as JSON: { id, country, names, roles, keys }')
    .addHelpText('after', '\nExample:\n  mou directory add-agency --url https://directory.mou.example --user admin --password-file admin.pass --file vn-mps.json')
    .action(async (o: Admin & { file: string }) => {
      const r = await adminCall(o, 'POST', '/api/v1/agencies', readJson(o.file));
      io.out(`directory version ${r.version}: ${r.summary}`);
    });

  withAdmin(directory.command('put-agreement'))
    .description('Create or change an agreement (parties, what each may send, languages, deadlines).')
    .requiredOption('--id <id>', 'the agreement id (e.g. la-vn)')
    .requiredOption('-f, --file <file>', 'the agreement, or the fields to change, as JSON')
    .action(async (o: Admin & { id: string; file: string }) => {
      const r = await adminCall(o, 'PUT', `/api/v1/agreements/${encodeURIComponent(o.id)}`, readJson(o.file));
      io.out(`directory version ${r.version}: ${r.summary}`);
    });

  withAdmin(directory.command('add-keys'))
    .description("Add an agency's new public keys (the file mou agency keys generate or rotate wrote).")
    .requiredOption('-a, --agency <id>', 'the agency')
    .requiredOption('-f, --file <file>', 'the public halves, as mou agency keys wrote them')
    .addHelpText('after', '\nExample:\n  mou directory add-keys --url … --user admin --password-file admin.pass --agency la-mlsw --file la-mlsw-2027a.json')
    .action(async (o: Admin & { agency: string; file: string }) => {
      const entries = readJson(o.file);
      if (!Array.isArray(entries) || entries.length === 0) throw new CliError(`${o.file} should list the keys to add`);
      for (const key of entries) {
        const r = await adminCall(o, 'POST', `/api/v1/agencies/${encodeURIComponent(o.agency)}/keys`, key);
        io.out(`directory version ${r.version}: ${r.summary}`);
      }
    });

  withAdmin(directory.command('revoke-key'))
    .description('Revoke a key: messages it signs from that instant on are refused everywhere.')
    .requiredOption('-a, --agency <id>', 'the agency')
    .requiredOption('--kid <kid>', 'the key id (e.g. la-mlsw#sig-2026a)')
    .option('--at <instant>', 'when the revocation takes effect (RFC 3339); now by default')
    .action(async (o: Admin & { agency: string; kid: string; at?: string }) => {
      const path = `/api/v1/agencies/${encodeURIComponent(o.agency)}/keys/${encodeURIComponent(o.kid)}/revoke`;
      const r = await adminCall(o, 'POST', path, o.at ? { at: o.at } : {});
      io.out(`directory version ${r.version}: ${r.summary}`);
    });
}

/** The directory as served, checked like a node checks it: only the pinned root is trusted. */
export async function fetchVerified(url: string, rootFile: string): Promise<DirectorySnapshot> {
  const root = readPublicJwk(rootFile);
  const body = (await call(`${url.replace(/\/$/, '')}/directory`, { method: 'GET' })) as { jws?: unknown };
  const r = await verifyDirectory(String(body.jws), [root]);
  if (!r.ok) throw new CliError(`the directory at ${url} does not verify with ${rootFile}: ${r.reason}`);
  return r.snapshot;
}

async function adminCall(o: Admin, method: string, path: string, body: unknown): Promise<{ version: number; summary: string }> {
  const base = o.url.replace(/\/$/, '');
  const login = (await call(`${base}/api/v1/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ username: o.user, password: readPasswordFile(o.passwordFile) }),
  })) as { token: string };
  return (await call(`${base}${path}`, { method, body: JSON.stringify(body), token: login.token })) as { version: number; summary: string };
}

async function call(url: string, init: { method: string; body?: string; token?: string }): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      ...(init.body ? { body: init.body } : {}),
    });
  } catch (err) {
    throw new CliError(`cannot reach ${url}: ${err instanceof Error ? (err.cause as Error | undefined)?.message ?? err.message : String(err)}`);
  }
  const text = await res.text();
  let json: { error?: { message?: string; details?: unknown } } | undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const why = json?.error?.message ?? text.slice(0, 200);
    const details = json?.error?.details ? ` ${JSON.stringify(json.error.details)}` : '';
    throw new CliError(`${init.method} ${new URL(url).pathname} answered ${res.status}: ${why}${details}`);
  }
  return json;
}
