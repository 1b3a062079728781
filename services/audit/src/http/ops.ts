import { consumerPending, senderStreamUse, STREAM, type Bus } from '@mou-hub/bus';
import { opsRoutes, scrapeGauge, scrapeLabelledGauge, serviceMetrics } from '@mou-hub/service-kit';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { AuditDb } from '../store/schema.ts';
import { overdue } from '../store/reports.ts';

/** Broker figures the audit can see: its own consumer, and the stream every agency shares. */
export interface AuditFigures {
  /** Envelopes waiting for (or delivered to and not yet acked by) the audit's consumer. */
  consumerLag(): Promise<number>;
  /** How full MOU_V1 is: when it reaches its limit, every sender waits in its outbox. */
  stream(): Promise<{ bytes: number; maxBytes: number; messages: number }>;
  /**
   * How much of its quota each agency has used (its stream in its own account, which MOU_V1
   * sources): a stolen account that floods fills its own and is refused there. Empty on a broker
   * without per-sender accounts.
   */
  senderQuotas(): Promise<{ sender: string; bytes: number; maxBytes: number }[]>;
}

/** The figures of {@link AuditFigures} read from the broker as the audit user; `senders`: the directory's agencies. */
export function auditFigures(bus: Bus, durable: string, senders: () => readonly string[] = () => []): AuditFigures {
  // One stream info per scrape, not one per gauge.
  let last: { at: number; info: ReturnType<AuditFigures['stream']> } | undefined;
  return {
    consumerLag: () => consumerPending(bus, durable),
    stream() {
      if (!last || Date.now() - last.at > 1_000) {
        const info = bus.jsm().then((jsm) => jsm.streams.info(STREAM)).then((i) => ({ bytes: i.state.bytes, maxBytes: i.config.max_bytes, messages: i.state.messages }));
        last = { at: Date.now(), info };
      }
      return last.info;
    },
    async senderQuotas() {
      const uses = await Promise.all(senders().map(async (sender) => ({ sender, use: await senderStreamUse(bus, sender).catch(() => undefined) })));
      return uses.flatMap(({ sender, use }) => (use && use.maxBytes > 0 ? [{ sender, bytes: use.bytes, maxBytes: use.maxBytes }] : []));
    },
  };
}

/** What the audit's probes and figures read. */
export interface AuditOpsDeps {
  db: Kysely<AuditDb>;
  health: () => { nats: boolean; consuming: boolean; directoryVersion: number };
  figures?: AuditFigures | undefined;
}

/**
 * `/healthz` (liveness), `/readyz` (NATS, the consumer, a directory held) and `/metrics` of the
 * audit service, and HTTP timing for every route after it. Its own figures: envelopes recorded,
 * overdue clocks across all agreements, its consumer's lag, and how full the shared stream is.
 *
 * @example
 * auditOps(app, { db, health, figures: auditFigures(bus, 'audit') });
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function auditOps<A extends Hono<any>>(app: A, deps: AuditOpsDeps): A {
  const metrics = serviceMetrics('audit');
  app.use('*', metrics.http);
  const { registry } = metrics;
  const gauge = (name: string, help: string, read: () => number | undefined | Promise<number | undefined>) => scrapeGauge(registry, name, help, read);
  gauge('mou_audit_envelopes', 'Envelopes recorded by the audit', async () =>
    Number((await deps.db.selectFrom('envelopes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));
  gauge('mou_audit_overdue_clocks', 'Open case clocks past their deadline, all agreements', async () => (await overdue(deps.db, {}, new Date())).length);
  gauge('mou_nats_connected', '1 while the service is connected to NATS', () => (deps.health().nats ? 1 : 0));
  gauge('mou_audit_consuming', '1 while the audit consumer runs', () => (deps.health().consuming ? 1 : 0));
  gauge('mou_directory_version', 'Directory version the audit verifies with', () => deps.health().directoryVersion);
  const figures = deps.figures;
  if (figures) {
    gauge('mou_audit_consumer_lag', "Envelopes not yet recorded by the audit's consumer", () => figures.consumerLag());
    gauge('mou_stream_bytes', 'Bytes held by the shared stream MOU_V1', async () => (await figures.stream()).bytes);
    gauge('mou_stream_max_bytes', 'Byte limit of MOU_V1; past it new messages are refused', async () => (await figures.stream()).maxBytes);
    gauge('mou_stream_messages', 'Messages held by MOU_V1', async () => (await figures.stream()).messages);
    scrapeLabelledGauge(registry, 'mou_sender_quota_used_ratio', "Share of an agency's quota in MOU_V1 it has used; at 1 its new messages are refused, no one else's", 'sender', async () =>
      Object.fromEntries((await figures.senderQuotas()).map((q) => [q.sender, q.bytes / q.maxBytes])));
  }
  return opsRoutes(app, {
    service: 'audit',
    registry,
    ready() {
      const h = deps.health();
      return {
        nats: h.nats ? { ok: true } : { ok: false, detail: 'not connected' },
        consumer: h.consuming ? { ok: true } : { ok: false, detail: 'not consuming' },
        directory: h.directoryVersion > 0 ? { ok: true, detail: `version ${h.directoryVersion}` } : { ok: false, detail: 'no directory yet' },
      };
    },
  });
}
