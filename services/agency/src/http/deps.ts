import type { Kysely } from 'kysely';
import type { Directory } from '@mou-hub/protocol';
import type { Logger, LoginLimiter, TokenIssuer, TrustedProxies } from '@mou-hub/service-kit';
import type { NodeMetrics } from '../metrics.ts';
import type { AttachmentService } from '../attachments/service.ts';
import type { Overload } from '../platform/overload.ts';
import type { AtRest } from '../platform/at-rest.ts';
import type { AgencyDatabase } from '../platform/schema.ts';
import type { NodeEvidence } from '../evidence/evidence-node.ts';

/** One readiness check: ok, and what it saw. */
export interface ReadinessCheck {
  ok: boolean;
  detail: string;
  /** Something an operator should look at that does not make the node unready (a stale directory). */
  warning?: string;
}

/** What the HTTP layer needs from the node. */
export interface AppDeps {
  agency: string;
  db: Kysely<AgencyDatabase>;
  /** Seals victim data before it is stored and opens it on read (bodies, case records). */
  atRest: AtRest;
  /** Checks each token's version against the officer's (logout, new password, removal end them). */
  tokens: TokenIssuer;
  /** Failed logins per username and per client address. */
  loginLimiter: LoginLimiter;
  /** Whose X-Forwarded-For gives the client's address (none: the socket's peer is the client). */
  proxies?: TrustedProxies;
  /** Session and login cookies marked Secure (HTTPS only); true when absent. */
  secureCookies?: boolean;
  directory: () => Directory;
  /** Wakes the outbox relay after a message was queued. */
  wakeRelay: () => void;
  metrics: NodeMetrics;
  log: Logger;
  maxRequestBytes: number;
  readiness: () => Promise<Record<string, ReadinessCheck>>;
  /** Why the node sheds load now (event loop or outbox saturated), or undefined; `/api/*` then answers 503. */
  overload?: () => Overload | undefined;
  /** Most `/api/*` requests in progress at once (64 when absent), or the load monitor's limit now; past it 503 `requests-saturated`. */
  maxInFlight?: number | (() => number);
  /** Takes one write (a request but GET or HEAD) past the load monitor's rate limit, or says no (503 `writes-saturated`); none limited when absent. */
  admitWrite?: () => boolean;
  /** The writes a second `admitWrite` takes now, for the 503's detail. */
  writeRate?: () => number;
  /** Stores, sends, fetches and opens attachments; without it the attachment routes answer 503. */
  attachments?: AttachmentService;
  /** The evidence log; without it the evidence export answers 503. */
  evidence?: NodeEvidence;
}
