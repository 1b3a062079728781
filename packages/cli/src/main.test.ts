import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMou } from './main.ts';

const dir = mkdtempSync(join(tmpdir(), 'mou-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function mou(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMou(['node', 'mou', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), progress: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('mou', () => {
  it('lists every command group in English with examples, and each command has its own help', async () => {
    const help = await mou('--help');
    expect(help.code).toBe(0);
    for (const group of ['root', 'directory', 'agency', 'nats', 'node', 'users', 'backup', 'restore', 'status']) expect(help.out).toContain(group);
    expect(help.out).toMatch(/Examples:/);
    const backup = await mou('backup', '--help');
    expect(backup).toMatchObject({ code: 0, out: expect.stringMatching(/Example:\n\s+mou backup --config/) });
  });

  it('answers 2 with the usage for an unknown command or a missing option', async () => {
    expect(await mou('frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining("unknown command 'frobnicate'") });
    expect(await mou('backup', '--config', 'x.json')).toMatchObject({ code: 2, err: expect.stringContaining("required option '-o, --out <folder>'") });
  });

  it('root init writes the private keys 0600, never overwrites them, and refuses a bad label or period', async () => {
    const out = join(dir, 'ceremony');
    const first = await mou('root', 'init', '--out', out, '--label', 'test', '--days', '30');
    expect(first.code, first.err).toBe(0);
    expect(statSync(join(out, 'root.jwk.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(out, 'root.pub.jwk'), 'utf8'))).not.toHaveProperty('d');
    const before = readFileSync(join(out, 'root.jwk.json'), 'utf8');
    expect(await mou('root', 'init', '--out', out)).toMatchObject({ code: 1, err: expect.stringContaining('mou never overwrites a key') });
    expect(readFileSync(join(out, 'root.jwk.json'), 'utf8')).toBe(before);
    expect(await mou('root', 'init', '--out', join(dir, 'x'), '--label', 'no spaces')).toMatchObject({ code: 1, err: expect.stringContaining('bad --label') });
    expect(await mou('root', 'init', '--out', join(dir, 'y'), '--days', '0')).toMatchObject({ code: 1, err: expect.stringContaining('--days must be') });
    expect(await mou('root', 'certify', '--root', join(out, 'root.pub.jwk'), '--out', join(dir, 'z'))).toMatchObject({ code: 1, err: expect.stringContaining('not a private key file') });
  });

  it('agency keys and node config refuse what the node would refuse, saying which', async () => {
    expect(await mou('agency', 'keys', 'generate', '--agency', 'Not An Id', '--dir', join(dir, 'k'), '--out', join(dir, 'k.json'))).toMatchObject({ code: 1, err: expect.stringContaining('cannot make keys') });
    writeFileSync(join(dir, 'pass'), 'a-long-enough-password\n');
    const base = ['node', 'config', '--agency', 'la-mlsw', '--out', join(dir, 'node.json'), '--nats', 'nats://hub.invalid', '--nats-user', 'la-mlsw',
      '--nats-password-file', join(dir, 'pass'), '--root', join(dir, 'ceremony', 'root.pub.jwk'), '--database', join(dir, 'db', 'agency.db')];
    expect(await mou(...base, '--keys', join(dir, 'ceremony'))).toMatchObject({ code: 1, err: expect.stringContaining('holds no key pair of la-mlsw') });
    await mou('agency', 'keys', 'generate', '--agency', 'la-mlsw', '--dir', join(dir, 'keys'), '--out', join(dir, 'la.json'));
    expect(await mou(...base, '--keys', join(dir, 'keys'), '--http', 'nowhere')).toMatchObject({ code: 1, err: expect.stringContaining('is not host:port') });
    const ok = await mou(...base, '--keys', join(dir, 'keys'));
    expect(ok.code, ok.err).toBe(0);
    expect(statSync(join(dir, 'node.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'node.json'), 'utf8'))).toMatchObject({ agency: 'la-mlsw', nats: { pass: 'a-long-enough-password', inboxPrefix: '_INBOX_la-mlsw' }, keyFiles: expect.any(Array) });
  });
});
