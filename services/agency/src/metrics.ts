import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { MiddlewareHandler } from 'hono';
import { serviceMetrics } from '@mou-hub/service-kit';
import type { Kysely } from 'kysely';
import { consumerPending, inboxConsumerName, type Bus } from '@mou-hub/bus';
import type { AgencyDatabase } from './platform/schema.ts';
import { outboxCounts, outboxDepth } from './messages/outbox-store.ts';
import { inboxCounts } from './messages/inbox-store.ts';
import { quarantineCounts } from './messages/quarantine-store.ts';

/** The node's Prometheus metrics; one registry per node, so several nodes can share a process. */
export interface NodeMetrics {
  registry: Registry;
  /** Times every request by route (service-kit's `mou_http_request_seconds`). */
  http: MiddlewareHandler;
  sealSeconds: Histogram;
  openSeconds: Histogram;
  /** Publish attempts that failed (NATS unreachable, timeout); each is retried with backoff. */
  publishFailures: Counter;
}

const CRYPTO_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5];

/**
 * Counts come from the database at scrape time (one source of truth, right after a restart);
 * durations are observed as they happen.
 */
export function createMetrics(agency: string, db: Kysely<AgencyDatabase>, bus: () => Bus | undefined): NodeMetrics {
  // Process figures (CPU, memory, event loop) and HTTP timing, labelled as the directory's and the audit's are.
  const { registry, http } = serviceMetrics('agency', { agency });
  const sealSeconds = new Histogram({ name: 'mou_seal_seconds', help: 'Time to sign and encrypt one envelope', buckets: CRYPTO_BUCKETS, registers: [registry] });
  const openSeconds = new Histogram({ name: 'mou_open_seconds', help: 'Time to run the checks on one received envelope', buckets: CRYPTO_BUCKETS, registers: [registry] });

  new Gauge({
    name: 'mou_outbox_messages',
    help: 'Messages sent by this agency, by status and type',
    labelNames: ['status', 'type'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await outboxCounts(db)) this.set({ status: r.status, type: r.type }, Number(r.n));
    },
  });
  new Gauge({
    name: 'mou_outbox_depth',
    help: 'Messages queued and not yet acknowledged by the stream',
    registers: [registry],
    async collect() {
      this.set(await outboxDepth(db));
    },
  });
  new Gauge({
    name: 'mou_inbox_messages',
    help: 'Messages received and committed, by type',
    labelNames: ['type'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await inboxCounts(db)) this.set({ type: r.type }, Number(r.n));
    },
  });
  new Gauge({
    name: 'mou_quarantine_messages',
    help: 'Messages quarantined, by problem code',
    labelNames: ['code'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await quarantineCounts(db)) this.set({ code: r.code }, Number(r.n));
    },
  });
  new Gauge({
    name: 'mou_consumer_lag',
    help: 'Messages waiting in (or delivered and not yet acked by) this agency\'s inbox consumer',
    registers: [registry],
    async collect() {
      const b = bus();
      if (!b?.isConnected()) return;
      try {
        this.set(await consumerPending(b, inboxConsumerName(agency)));
      } catch {
        // The consumer is unreachable during a broker restart; the last value stands.
      }
    },
  });
  const publishFailures = new Counter({ name: 'mou_publish_failures_total', help: 'Publish attempts that failed and will be retried', registers: [registry] });
  return { registry, http, sealSeconds, openSeconds, publishFailures };
}
