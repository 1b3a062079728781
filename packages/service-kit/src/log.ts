import { createHash, randomUUID } from 'node:crypto';
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

/**
 * A short, stable digest of something a person typed, to log instead of it: a username field
 * often holds a password typed in the wrong place. Equal inputs give equal digests, so repeated
 * failures for one account can still be followed in the log.
 * @example log.warn({ user: hashForLog(username) }, 'login refused');
 */
export function hashForLog(value: string): string {
  return `h:${createHash('sha256').update(`mou-hub log:${value}`).digest('base64url').slice(0, 16)}`;
}

/**
 * An error as a log may show it: its name, code and stack frames, never its message (a parse
 * or validation error quotes the request's data in it).
 * @example log.error({ err: errorForLog(err) }, 'outbox round failed');
 */
export function errorForLog(err: unknown): { name: string; code?: string; frames?: string } {
  if (!(err instanceof Error)) return { name: typeof err };
  const code = (err as { code?: unknown }).code;
  const frames = err.stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  return { name: err.name, ...(typeof code === 'string' ? { code } : {}), ...(frames ? { frames } : {}) };
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
