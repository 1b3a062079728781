import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { pino, type Logger } from 'pino';
import type { KitVariables } from './auth.ts';

export type { Logger };

/**
 * A structured JSON logger, to stdout or (with `file`) appended to a file. Never log a
 * decrypted body, a password or a token: the fields named in `redact` are censored even by mistake.
 * @example const log = createLogger('agency', { agency: 'th-msdhs' });
 */
export function createLogger(name: string, bindings: Record<string, unknown> = {}, file?: string): Logger {
  const options = {
    name,
    level: process.env['LOG_LEVEL'] ?? (process.env['VITEST'] ? 'silent' : 'info'),
    base: { ...bindings },
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'body', '*.body', 'authorization', '*.authorization'],
      censor: '[redacted]',
    },
  };
  return file ? pino(options, pino.destination({ dest: file, mkdir: true, append: true })) : pino(options);
}

/** Gives each request an id (from `x-request-id` when sane) and logs method, path, status, time. */
export function requestLogger(log: Logger): MiddlewareHandler<{ Variables: KitVariables }> {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const requestId = given && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    c.header('x-request-id', requestId);
    const started = performance.now();
    await next();
    log.info(
      { requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  };
}
