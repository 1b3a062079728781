import { describe, expect, it } from 'vitest';
import { ConfigError, parseAgencyConfig } from './config.ts';

const good = {
  agency: 'th-msdhs',
  nats: { servers: 'nats://127.0.0.1:1' },
  database: 'agency.db',
  keyFiles: ['keys/sig.jwk.json', 'keys/enc.jwk.json'],
  rootKeys: [{ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), kid: 'la-secretariat#root-2026a' }],
  officers: [{ username: 'th.officer', password: 'long enough', roles: ['liaison-officer'] }],
};

describe('parseAgencyConfig', () => {
  it('fills defaults and resolves paths against the config file\'s folder', () => {
    const c = parseAgencyConfig(good, '/srv/mou');
    expect(c.database).toBe('/srv/mou/agency.db');
    expect(c.keyFiles).toEqual(['/srv/mou/keys/sig.jwk.json', '/srv/mou/keys/enc.jwk.json']);
    expect(c.limits).toEqual({ maxEnvelopeBytes: 262_144, maxRequestBytes: 524_288, skewMs: 300_000, maxLagMs: 1_296_000_000, directoryMaxAgeMs: 86_400_000, maxAttachmentBytes: 20_971_520,
      login: { perUsername: 5, perAddress: 20, windowSeconds: 900 },
      overload: { maxEventLoopDelayMs: 1_000, maxEventLoopUtilization: 0.9, maxOutboxDepth: 10_000, maxInFlight: 64, retryAfterSeconds: 2 },
    });
    expect(c.http).toEqual({ host: '127.0.0.1', port: 0 });
  });

  it.each([
    ['43 characters that decode to 2 bytes', 'AAA' + '!'.repeat(40)],
    ['31 bytes', Buffer.alloc(31, 7).toString('base64url')],
    ['padded base64', Buffer.alloc(32, 7).toString('base64')],
  ])('refuses a token secret of %s', (_what, tokenSecret) => {
    expect(() => parseAgencyConfig({ ...good, tokenSecret })).toThrow(/tokenSecret/);
  });

  it('takes a token secret of 32 random bytes in base64url', () => {
    const tokenSecret = Buffer.alloc(32, 7).toString('base64url');
    expect(parseAgencyConfig({ ...good, tokenSecret }).tokenSecret).toBe(tokenSecret);
  });

  it('names every bad field', () => {
    const bad = { ...good, agency: 'Thailand', rootKeys: [], officers: [{ username: 'x', roles: [] }] };
    expect(() => parseAgencyConfig(bad)).toThrow(ConfigError);
    try {
      parseAgencyConfig(bad);
    } catch (err) {
      expect((err as Error).message).toMatch(/agency: not an agency id/);
      expect((err as Error).message).toMatch(/rootKeys/);
      expect((err as Error).message).toMatch(/officers\.0\.username/);
    }
  });
});
