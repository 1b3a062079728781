/** A small client of the agency API for tests and scripts. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  static async login(baseUrl: string, username: string, password: string): Promise<ApiClient> {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login to ${baseUrl} failed: ${res.status} ${await res.text()}`);
    return new ApiClient(baseUrl, ((await res.json()) as { token: string }).token);
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  send(message: Record<string, unknown>) {
    return this.request('POST', '/api/v1/messages', message);
  }

  message(id: string) {
    return this.request('GET', `/api/v1/messages/${id}`);
  }

  inbox(query = '') {
    return this.request('GET', `/api/v1/inbox${query}`);
  }

  quarantine(query = '') {
    return this.request('GET', `/api/v1/quarantine${query}`);
  }

  /** Polls a sent message until its status is one of `statuses` (or the time is up). */
  async waitForStatus(id: string, statuses: string[], timeoutMs = 20_000): Promise<any> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const { json } = await this.message(id);
      if (json && statuses.includes(json.status)) return json;
      if (Date.now() > until) throw new Error(`message ${id} is ${json?.status}, not ${statuses.join('/')}, after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Polls `probe` until it returns a truthy value (a throw counts as not yet). */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
