import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundlePath, SERVICES } from '../federation/node-bundle.ts';

// The systemd units and the container image run the same entry points as `pnpm start`: the
// bundles of `pnpm build`, with plain node, as an unprivileged user.
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DEPLOY = join(ROOT, 'infra', 'deploy');
const INSTALLED = '/opt/mou-hub';

/** `[Section]` → key → values (a key may repeat). */
function unit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const section = /^\[(\w+)\]$/.exec(line);
    if (section) sections.set(section[1]!, (current = new Map()));
    else {
      const [key, ...rest] = line.split('=');
      if (!current || rest.length === 0) throw new Error(`not a unit line: ${line}`);
      current.set(key!, [...(current.get(key!) ?? []), rest.join('=')]);
    }
  }
  return sections;
}

const UNITS: Record<(typeof SERVICES)[number], string> = { agency: 'mou-agency@.service', directory: 'mou-directory.service', audit: 'mou-audit.service' };
const HARDENING: Record<string, string> = {
  NoNewPrivileges: 'yes',
  ProtectSystem: 'strict',
  ProtectHome: 'yes',
  PrivateTmp: 'yes',
  PrivateDevices: 'yes',
  CapabilityBoundingSet: '',
  RestrictSUIDSGID: 'yes',
  UMask: '0077',
  User: 'mou',
};

describe('systemd units (infra/deploy/systemd)', () => {
  it.each(SERVICES)('%s: runs its bundle with plain node as the mou user, hardened', (service) => {
    const s = unit(readFileSync(join(DEPLOY, 'systemd', UNITS[service]), 'utf8')).get('Service')!;
    const [exec] = s.get('ExecStart')!;
    // The same file `pnpm build` writes, at the installed place.
    const bundle = bundlePath(service).replace(ROOT.replace(/\/$/, ''), INSTALLED);
    expect(exec!.split(' ').slice(0, 2)).toEqual(['/usr/bin/node', bundle]);
    for (const [key, value] of Object.entries(HARDENING)) expect(s.get(key), `${service} ${key}`).toEqual([value]);
    // A state folder of its own, and no way back to root.
    expect(s.get('StateDirectory')![0]).toMatch(/^mou-hub\//);
    expect(s.get('Restart')).toEqual(['on-failure']);
  });

  it('hands the directory and the audit their configuration (secrets) as a credential, not a readable file', () => {
    for (const service of ['directory', 'audit'] as const) {
      const s = unit(readFileSync(join(DEPLOY, 'systemd', UNITS[service]), 'utf8')).get('Service')!;
      expect(s.get('LoadCredential')).toEqual([`${service}.json:/etc/mou-hub/${service}.json`]);
      expect(s.get('ExecStart')![0]).toContain(`--config \${CREDENTIALS_DIRECTORY}/${service}.json`);
    }
  });
});

describe('the container image (infra/deploy/Dockerfile)', () => {
  const dockerfile = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds in one stage and runs the bundles from a second, as a user that is not root', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/pnpm build/);
    expect(stages[0]).toMatch(/pnpm install --prod/);
    const run = stages[1]!;
    expect(run).toMatch(/^USER mou:mou$/m);
    expect(run).not.toMatch(/^USER root/m);
    expect(run).toMatch(/^ENTRYPOINT \["node"\]$/m);
    expect(run).toContain(`CMD ["/app/services/agency/.build/main.mjs"]`);
    // No dev tool is run in the final stage.
    expect(run).not.toMatch(/\btsx\b|pnpm install(?! --prod)/);
  });

  const docker = spawnSync('docker', ['info'], { encoding: 'utf8', timeout: 20_000 });
  const runtime = docker.status === 0;
  if (!runtime) console.log(`container test skipped: no container runtime answers (${(docker.stderr || docker.error?.message || '').trim().split('\n').pop()})`);
  it.skipIf(!runtime)('builds, and each service starts from its bundle in the image', () => {
    const build = spawnSync('docker', ['build', '-f', join(DEPLOY, 'Dockerfile'), '-t', 'mou-hub:test', ROOT], { encoding: 'utf8', timeout: 600_000 });
    expect(build.status, build.stderr).toBe(0);
    for (const service of SERVICES) {
      // Without a configuration each prints its usage and exits 2: every module of the bundle loaded.
      const r = spawnSync('docker', ['run', '--rm', 'mou-hub:test', `/app/services/${service}/.build/main.mjs`], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, `${service}: ${r.stderr}`).toBe(2);
    }
    const whoami = spawnSync('docker', ['run', '--rm', '--entrypoint', 'id', 'mou-hub:test', '-u'], { encoding: 'utf8' });
    expect(whoami.stdout.trim()).not.toBe('0');
  }, 900_000);
});
