import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger, createTokenIssuer, jsonErrors, requireAuth, type KitVariables } from '@mou-hub/service-kit';
import { ownAgencyOnly } from './own-agency.ts';

const tokens = createTokenIssuer({ secret: randomBytes(32), issuer: 'la-mlsw', ttlSeconds: 60 });
const app = new Hono<{ Variables: KitVariables }>();
jsonErrors(app, createLogger('test'));
app.use(requireAuth(tokens), ownAgencyOnly({ agency: 'la-mlsw' })).get('/cases', (c) => c.json({ ok: true }));

describe('ownAgencyOnly', () => {
  it.each([
    ['la-mlsw', 200],
    ['th-msdhs', 403],
  ])('an officer of %s gets %i', async (agency, status) => {
    const token = await tokens.issue({ sub: 'officer', roles: ['liaison-officer'], agency });
    const res = await app.request('/cases', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(status);
  });
});
