import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from './errors.ts';

/** A login body is a username, a password and a CSRF token: 16 KiB is ample. */
export const LOGIN_BODY_BYTES = 16 * 1024;

/**
 * Refuses a request body over `maxBytes` with 413 `too-large`: at once from `Content-Length`,
 * or as soon as a streamed (chunked) body passes it, so the refused body is never held in
 * memory. The rest is then read and dropped for at most 500 ms or 64 MiB before the socket is
 * closed (@hono/node-server's drain): closing at once, with the client still sending, would
 * reset the connection and lose the 413 on its way. Put it before any route that reads a body
 * (and before any password is hashed).
 * @example app.use('*', limitBody(256 * 1024)); app.use('/login', limitBody(LOGIN_BODY_BYTES));
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => c.json(errorBody('too-large', `request bodies here are limited to ${maxBytes} bytes`), 413),
  });
}
