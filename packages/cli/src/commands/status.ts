import type { Command } from 'commander';
import { inboxPosition } from '@mou-hub/bus';
import { CliExit, type CliIo } from '../io.ts';
import { connectForNode, loadAgency, readNodeConfig } from '../node-access.ts';

/** `mou status`: is a node up, ready, keeping up, and on which directory version. */
export function register(program: Command, io: CliIo): void {
  program
    .command('status')
    .description("A node's health: HTTP liveness and readiness, its outbox, its inbox consumer's lag, and its directory version.")
    .requiredOption('-c, --config <file>', "the node's configuration file")
    .option('--url <url>', "the node's address, when not the one in its configuration (behind a proxy)")
    .addHelpText(
      'after',
      `
Exit code 0 when the node answers, is ready and NATS reaches its consumer; 1 otherwise, with
the reason on its line.

Example:
  mou status --config /etc/mou/node.json`,
    )
    .action(async (o: { config: string; url?: string }) => {
      const config = await readNodeConfig(o.config);
      const url = (o.url ?? `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${config.http.port}`).replace(/\/$/, '');
      const problems: string[] = [];
      io.out(`node ${config.agency} at ${url}`);

      const health = await getJson(`${url}/healthz`);
      io.out(`  alive: ${health.ok ? 'yes' : `no (${health.why})`}`);
      if (!health.ok) problems.push('not answering');
      const ready = await getJson(`${url}/readyz`);
      const checks = (ready.body as { checks?: Record<string, { ok: boolean; detail?: string; warning?: string }> } | undefined)?.checks ?? {};
      const failing = Object.entries(checks).filter(([, c]) => !c.ok).map(([name, c]) => `${name}: ${c.detail ?? 'failing'}`);
      io.out(`  ready: ${ready.ok ? 'yes' : `no (${failing.join('; ') || ready.why})`}`);
      // What does not make it unready but wants a look: a stale directory, one started on its stored copy.
      for (const [name, c] of Object.entries(checks)) if (c.warning) io.out(`  warning: ${name}: ${c.warning}`);
      if (!ready.ok) problems.push('not ready');

      const { nodeFigures } = await loadAgency();
      const figures = await nodeFigures(config.database);
      const waiting = (figures.outbox['queued'] ?? 0) + (figures.outbox['published'] ?? 0);
      const outbox = Object.entries(figures.outbox).map(([s, n]) => `${n} ${s}`).join(', ') || 'empty';
      io.out(`  outbox: ${outbox} (${waiting} not yet delivered)`);
      const d = figures.directory;
      io.out(`  directory: ${d ? `version ${d.version}, issued ${d.issued}` : 'none accepted yet'}`);
      if (!d) problems.push('no directory');

      io.progress('asking NATS for the inbox consumer');
      try {
        const bus = await connectForNode(config, {}, 10_000);
        try {
          const p = await inboxPosition(bus, config.agency);
          io.out(`  inbox: ${p.pending} to process (lag), acknowledged through stream sequence ${p.ackedThrough}, ${p.waiting > 0 ? 'being read' : 'NOT being read'}`);
          if (p.waiting === 0) problems.push('nobody reads the inbox');
        } finally {
          await bus.close();
        }
      } catch (err) {
        io.out(`  inbox: unknown (${err instanceof Error ? err.message : String(err)})`);
        problems.push('NATS not reached');
      }
      io.out(problems.length === 0 ? 'status: OK' : `status: PROBLEM (${problems.join(', ')})`);
      if (problems.length > 0) throw new CliExit(1);
    });
}

async function getJson(url: string): Promise<{ ok: boolean; body?: unknown; why: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    const body: unknown = await res.json().catch(() => undefined);
    return { ok: res.ok, body, why: `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, why: err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err) };
  }
}
