import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { jsonErrors } from './errors.ts';
import { errorForLog, hashForLog } from './log.ts';

describe('log hygiene', () => {
  it('hashes what a person typed: stable, short, and without the text', () => {
    const h = hashForLog('my-secret-password');
    expect(h).toBe(hashForLog('my-secret-password'));
    expect(h).not.toBe(hashForLog('my-secret-passwore'));
    expect(h).not.toContain('secret');
    expect(h).toMatch(/^h:[A-Za-z0-9_-]{16}$/);
  });

  it('logs an unexpected error by name, code and frames, never its message', async () => {
    const logged: object[] = [];
    const app = new Hono();
    jsonErrors(app, { error: (obj) => logged.push(obj) });
    app.get('/boom', () => {
      JSON.parse('Somchai from Savannakhet');
      return new Response('');
    });
    const res = await app.request('/boom');
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('Somchai');
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged)).not.toContain('Somchai');
    expect(logged[0]).toMatchObject({ err: { name: 'SyntaxError', frames: expect.stringContaining('at ') } });
  });

  it('keeps a string code and drops anything else', () => {
    const err = Object.assign(new Error('the body "Somchai" broke'), { code: 'SQLITE_CONSTRAINT' });
    expect(errorForLog(err)).toMatchObject({ name: 'Error', code: 'SQLITE_CONSTRAINT' });
    expect(JSON.stringify(errorForLog(err))).not.toContain('Somchai');
    expect(errorForLog('Somchai')).toEqual({ name: 'string' });
  });
});
