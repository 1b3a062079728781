import { request } from 'node:http';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type ApiClient } from '../support/api.ts';
import { startTestFederation, type TestFederation } from '../support/federation.ts';
import { readNodeDb } from '../support/outbox-stats.ts';

/*
 * A corpus of bad requests to th-msdhs's API, each with its exact answer: a JSON error with a
 * status and a code, never a 500, nothing queued, and the node still serving afterwards.
 */

let fed: TestFederation;
let thai: ApiClient;
let lao: ApiClient;
let url: string;

beforeAll(async () => {
  fed = await startTestFederation(['th-msdhs', 'la-mlsw']);
  thai = await fed.api('th-msdhs');
  lao = await fed.api('la-mlsw');
  url = fed.nodes.get('th-msdhs')!.url;
}, 60_000);
afterAll(() => fed?.close());

const note = { to: 'la-mlsw', agreement: 'la-th', type: 'case.note', lang: 'th', body: { text: 'ok' } };
const secret = () => Buffer.from(fed.agency('th-msdhs').tokenSecret, 'base64url');

/** A token signed with th-msdhs's own secret, but expired an hour ago. */
const expiredToken = () =>
  new SignJWT({ roles: ['liaison-officer'], agency: 'th-msdhs' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(fed.agency('th-msdhs').officer.username)
    .setIssuer('th-msdhs')
    .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
    .sign(secret());

/** A well-formed token signed with a secret the node never had. */
const forgedToken = () =>
  new SignJWT({ roles: ['liaison-officer', 'supervisor', 'administrator'], agency: 'th-msdhs' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(fed.agency('th-msdhs').officer.username)
    .setIssuer('th-msdhs')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new Uint8Array(32).fill(7));

interface Case {
  name: string;
  method?: string;
  path?: string;
  headers?: () => Promise<Record<string, string>> | Record<string, string>;
  body?: () => string;
  status: number;
  /** The error code, when the answer names one. */
  code?: string;
}

const json = { 'content-type': 'application/json' };
const bearer = async (token: string | Promise<string>) => ({ ...json, authorization: `Bearer ${await token}` });
const asThai = () => bearer(thai.token);

const CASES: Case[] = [
  // Authentication.
  { name: 'no token', headers: () => json, body: () => JSON.stringify(note), status: 401 },
  { name: 'an empty bearer', headers: () => ({ ...json, authorization: 'Bearer ' }), body: () => JSON.stringify(note), status: 401 },
  { name: 'a token that is not a JWT', headers: () => bearer('not.a.token'), body: () => JSON.stringify(note), status: 401 },
  { name: 'an expired token', headers: () => bearer(expiredToken()), body: () => JSON.stringify(note), status: 401 },
  { name: 'a token forged with another secret', headers: () => bearer(forgedToken()), body: () => JSON.stringify(note), status: 401 },
  {
    name: 'an unsigned token (alg none)',
    headers: () => bearer(new UnsecuredJWT({ roles: ['administrator'], agency: 'th-msdhs' }).setSubject('th.officer').setIssuer('th-msdhs').setExpirationTime('1h').encode()),
    body: () => JSON.stringify(note),
    status: 401,
  },
  { name: 'la-mlsw\'s token at th-msdhs', headers: () => bearer(lao.token), body: () => JSON.stringify(note), status: 401 },
  { name: 'a Basic authorization', headers: () => ({ ...json, authorization: `Basic ${Buffer.from('th.officer:x').toString('base64')}` }), body: () => JSON.stringify(note), status: 401 },
  // The body.
  { name: 'malformed JSON', headers: asThai, body: () => '{"to": "la-mlsw",', status: 400 },
  { name: 'an array instead of an object', headers: asThai, body: () => JSON.stringify([note]), status: 400 },
  { name: 'to is a number', headers: asThai, body: () => JSON.stringify({ ...note, to: 123 }), status: 400 },
  { name: 'an extra field', headers: asThai, body: () => JSON.stringify({ ...note, priority: 'high' }), status: 400 },
  { name: 'type missing', headers: asThai, body: () => JSON.stringify({ ...note, type: undefined }), status: 400 },
  { name: 'a language tag that is not BCP 47', headers: asThai, body: () => JSON.stringify({ ...note, lang: 'th_TH!!' }), status: 400 },
  { name: 'an agency id with a path in it', headers: asThai, body: () => JSON.stringify({ ...note, to: '../la-mlsw' }), status: 400 },
  { name: 'a thread id that is SQL', headers: asThai, body: () => JSON.stringify({ ...note, thid: "' OR '1'='1" }), status: 400 },
  { name: 'an empty note', headers: asThai, body: () => JSON.stringify({ ...note, body: { text: '' } }), status: 400, code: 'schema-invalid' },
  { name: 'a note of 10,001 characters', headers: asThai, body: () => JSON.stringify({ ...note, body: { text: 'x'.repeat(10_001) } }), status: 400, code: 'schema-invalid' },
  { name: 'a 600 KiB body', headers: asThai, body: () => JSON.stringify({ ...note, body: { text: 'x'.repeat(600 * 1024) } }), status: 413, code: 'too-large' },
  { name: 'a receipt sent by hand', headers: asThai, body: () => JSON.stringify({ ...note, type: 'receipt' }), status: 400 },
  { name: 'a translation status sent by hand', headers: asThai, body: () => JSON.stringify({ ...note, type: 'translation.status' }), status: 400, code: 'sent-by-node' },
  { name: 'an agreement th-msdhs is not party to', headers: asThai, body: () => JSON.stringify({ ...note, agreement: 'la-vn' }), status: 400, code: 'agreement-violation' },
  { name: 'stats keyed by a capitalised name', headers: asThai, body: () => JSON.stringify({ ...note, stats: { Somchai: 1 } }), status: 400 },
  { name: 'stats with text for a count', headers: asThai, body: () => JSON.stringify({ ...note, stats: { persons: 'Somchai, Vientiane' } }), status: 400 },
  { name: 'stats with a huge count', headers: asThai, body: () => JSON.stringify({ ...note, stats: { persons: 1e308 } }), status: 400 },
  { name: 'text/plain instead of JSON', headers: async () => ({ ...(await asThai()), 'content-type': 'text/plain' }), body: () => JSON.stringify(note), status: 400 },
  // Paths and queries.
  { name: 'a message id that is a path', method: 'GET', path: '/api/v1/messages/..%2F..%2Fetc%2Fpasswd', headers: asThai, status: 400 },
  { name: 'a thread filter that is SQL', method: 'GET', path: `/api/v1/inbox?thid=${encodeURIComponent("x' OR 1=1 --")}`, headers: asThai, status: 400 },
  { name: 'a page of 100,000', method: 'GET', path: '/api/v1/inbox?limit=100000', headers: asThai, status: 400 },
  { name: 'a negative offset', method: 'GET', path: '/api/v1/inbox?offset=-1', headers: asThai, status: 400 },
  { name: 'an unknown route', method: 'GET', path: '/api/v1/../../etc/passwd', headers: asThai, status: 404 },
  { name: 'an unknown message', method: 'GET', path: '/api/v1/messages/0193f3b6-0000-7000-8000-000000000000', headers: asThai, status: 404 },
];

/**
 * One HTTP request with node's client, which reads an answer the server sends before the body is
 * all uploaded (a 413), where fetch reports only the closed socket.
 */
function rawRequest(method: string, target: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(target, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe(`a corpus of ${CASES.length} bad requests to th-msdhs's API`, () => {
  it('answers each with its exact status as JSON, queues nothing, and keeps serving', async () => {
    const before = (await readNodeDb(fed.agency('th-msdhs').database)).sent;
    const outcomes = [];
    for (const c of CASES) {
      const res = await rawRequest(c.method ?? 'POST', `${url}${c.path ?? '/api/v1/messages'}`, await (c.headers?.() ?? {}), c.body?.());
      const body = JSON.parse(res.text) as { error?: { code?: string } };
      outcomes.push({ name: c.name, status: res.status, ...(c.code ? { code: body.error?.code } : {}), isError: typeof body.error?.code === 'string' });
    }
    expect(outcomes).toEqual(CASES.map((c) => ({ name: c.name, status: c.status, ...(c.code ? { code: c.code } : {}), isError: true })));
    expect((await readNodeDb(fed.agency('th-msdhs').database)).sent).toEqual(before);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  }, 60_000);

  it('stores SQL-like text verbatim, as text: it travels and arrives as it was written', async () => {
    const text = "Robert'); DROP TABLE inbox; -- \" OR 1=1 /* ../../etc/passwd */";
    const res = await thai.send({ ...note, body: { text } });
    expect(res.status).toBe(202);
    await thai.waitForStatus(res.json.id, ['delivered']);
    const received = await eventually(async () => (await lao.inbox(`?thid=${res.json.id}`)).json.items[0]);
    expect(received.body.text).toBe(text);
  });
});
