// Loaded with `node --import` (NODE_OPTIONS): an agency node records, per second of wall time,
// its API requests (how long from the connection's accept to the request's parse when the
// request came on a fresh connection, and from the parse to the answer, by status; answers the
// client had given up on), and the worst event-loop delay that second, and writes them to
// `<MOU_HTTP_TIMING_DIR>/http.<pid>.json` at exit. Bench tooling only (`test/bench/overload.ts`).
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const dir = process.env.MOU_HTTP_TIMING_DIR;
if (dir && process.argv.some((a) => /services\/agency\/(src\/main\.ts|\.build\/main\.mjs)$/.test(a))) {
  const seconds = new Map();
  const at = (t) => {
    const s = Math.floor(t / 1000);
    let r = seconds.get(s);
    if (!r) seconds.set(s, (r = { connections: 0, requests: 0, statuses: {}, maxAcceptToParseMs: 0, maxParseToAnswerMs: 0, sumParseToAnswerMs: 0, clientGone: 0, loopDelayMaxMs: 0 }));
    return r;
  };
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  setInterval(() => {
    at(Date.now() - 1).loopDelayMaxMs = Math.round(lag.max / 1e6);
    lag.reset();
  }, 1000).unref();
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, ...args) {
    if (event === 'connection') {
      args[0].acceptedAt = Date.now();
      at(args[0].acceptedAt).connections++;
    }
    if (event === 'request') {
      const [req, res] = args;
      const parsed = Date.now();
      const socket = req.socket;
      const fresh = !socket.requestsSeen;
      socket.requestsSeen = (socket.requestsSeen ?? 0) + 1;
      if (req.url?.startsWith('/api/')) {
        const r = at(parsed);
        r.requests++;
        if (fresh && socket.acceptedAt) r.maxAcceptToParseMs = Math.max(r.maxAcceptToParseMs, parsed - socket.acceptedAt);
        res.once('close', () => {
          const ms = Date.now() - parsed;
          const key = res.writableFinished ? String(res.statusCode) : 'unfinished';
          r.statuses[key] = (r.statuses[key] ?? 0) + 1;
          r.maxParseToAnswerMs = Math.max(r.maxParseToAnswerMs, ms);
          r.sumParseToAnswerMs += ms;
          if (socket.destroyed && !res.writableFinished) r.clientGone++;
        });
      }
    }
    return emit.call(this, event, ...args);
  };
  process.on('exit', () => {
    const rows = [...seconds].sort((a, b) => a[0] - b[0]).map(([s, r]) => ({ at: new Date(s * 1000).toISOString().slice(11, 19), ...r, sumParseToAnswerMs: undefined, meanParseToAnswerMs: r.requests ? Math.round(r.sumParseToAnswerMs / r.requests) : 0 }));
    writeFileSync(join(dir, `http.${process.pid}.json`), JSON.stringify(rows));
  });
}
