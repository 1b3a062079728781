import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { makeCases } from '@mou-hub/evidence/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliError, type CliIo } from '../io.ts';
import { register } from './evidence.ts';

/** Runs `mou evidence …` in a fresh folder holding only the bundle and the root key. */
async function mou(args: string[]): Promise<{ out: string; error?: unknown }> {
  const lines: string[] = [];
  const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), progress: () => {} };
  const program = new Command('mou').exitOverride();
  register(program, io);
  try {
    await program.parseAsync(['node', 'mou', ...args]);
    return { out: lines.join('\n') };
  } catch (error) {
    return { out: lines.join('\n'), error };
  }
}

let dir: string;
beforeAll(async () => {
  const f = await makeCases();
  dir = mkdtempSync(join(tmpdir(), 'mou-evidence-'));
  const bundle = f.bundle('la-mlsw', f.caseA, await f.head('la-mlsw'));
  writeFileSync(join(dir, 'good.json'), JSON.stringify(bundle));
  bundle.entries[2]!.entry.at = '2026-03-01T10:00:00.000Z';
  writeFileSync(join(dir, 'bad.json'), JSON.stringify(bundle));
  writeFileSync(join(dir, 'root.pub.jwk'), JSON.stringify(f.rootPublic));
});

describe('mou evidence verify', () => {
  it('prints the report in the chosen language and succeeds on an intact bundle', async () => {
    const r = await mou(['evidence', 'verify', join(dir, 'good.json'), '--root', join(dir, 'root.pub.jwk'), '--lang', 'th']);
    expect(r.error).toBeUndefined();
    expect(r.out).toContain('ผลการตรวจสอบ: ถูกต้องทั้งหมด');
    expect(r.out).toContain('บันทึกข้อความ'); // the console's Thai name of case.note
  });

  it('fails (exit code 1) on a tampered bundle, naming the entry', async () => {
    const r = await mou(['evidence', 'verify', join(dir, 'bad.json'), '--root', join(dir, 'root.pub.jwk')]);
    expect(r.error).toBeInstanceOf(CliError);
    expect(r.out).toContain('Entry 2: The entry does not lead to the signed head');
  });

  it('refuses a missing file, a key that is not a JWK and an unknown language', async () => {
    const root = join(dir, 'root.pub.jwk');
    expect(((await mou(['evidence', 'verify', join(dir, 'none.json'), '--root', root])).error as Error).message).toMatch(/cannot read the bundle/);
    expect(((await mou(['evidence', 'verify', join(dir, 'good.json'), '--root', join(dir, 'good.json')])).error as Error).message).toMatch(/not an Ed25519 public JWK/);
    expect(((await mou(['evidence', 'verify', join(dir, 'good.json'), '--root', root, '--lang', 'fr'])).error as Error).message).toMatch(/--lang must be one of/);
  });
});
