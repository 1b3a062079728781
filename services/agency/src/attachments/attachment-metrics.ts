import { attachmentStreamUse, type Bus } from '@mou-hub/bus';
import type { Directory } from '@mou-hub/protocol';
import { Gauge, type Registry } from 'prom-client';

/**
 * Gauge `mou_attachment_quota_used_ratio{counterpart, direction}`, read at scrape time: the
 * share of each sender's attachment quota that is held on the broker, for every counterpart
 * this agency shares an agreement with. `in`: what the counterpart sent here and this node has
 * not yet fetched and removed; `out`: what this agency sent there. The broker refuses that
 * sender's new parts at 1, so the alert fires well before (infra/monitoring/alerts.yml).
 *
 * @example
 * registerAttachmentMetrics(metrics.registry, bus, agency, directory);
 */
export function registerAttachmentMetrics(registry: Registry, bus: Bus, agency: string, directory: () => Directory): void {
  new Gauge({
    name: 'mou_attachment_quota_used_ratio',
    help: "Share of a sender's attachment quota at a recipient held on the broker (in: sent to this agency and not yet fetched; out: sent by it)",
    labelNames: ['counterpart', 'direction'],
    registers: [registry],
    async collect() {
      this.reset();
      const parties = directory().snapshot.agreements.filter((a) => a.parties.includes(agency)).flatMap((a) => a.parties);
      const counterparts = [...new Set(parties)].filter((p) => p !== agency);
      const pairs = counterparts.flatMap((c) => [
        { counterpart: c, direction: 'in', to: agency, from: c },
        { counterpart: c, direction: 'out', to: c, from: agency },
      ]);
      await Promise.all(
        pairs.map(async (p) => {
          // A pair without a stream (a counterpart added since the broker was set up) has nothing held.
          const use = await attachmentStreamUse(bus, p.to, p.from).catch(() => undefined);
          if (use && use.maxBytes > 0) this.set({ counterpart: p.counterpart, direction: p.direction }, use.bytes / use.maxBytes);
        }),
      );
    },
  });
}
