// Loaded with `node --import` (NODE_OPTIONS) beside cpu-prof-preload.mjs: an agency node (or the audit) times
// every SQLite statement (prepare + run) by SQL text and writes the totals to
// `<MOU_SQL_TIMING_DIR>/sql.<pid>.json` at exit. Bench tooling only.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.MOU_SQL_TIMING_DIR;
if (dir && process.argv.some((a) => /services\/(agency|audit)\/(src\/main\.ts|\.build\/main\.mjs)$/.test(a))) {
  const require = createRequire(new URL('../../packages/db/package.json', import.meta.url));
  const Database = require('better-sqlite3');
  const totals = new Map();
  const note = (sql, ms) => {
    const t = totals.get(sql) ?? { n: 0, ms: 0 };
    t.n++;
    t.ms += ms;
    totals.set(sql, t);
  };
  const prepare = Database.prototype.prepare;
  let patched = false;
  Database.prototype.prepare = function (sql) {
    const t0 = performance.now();
    const stmt = prepare.call(this, sql);
    note('(prepare)', performance.now() - t0);
    if (!patched) {
      patched = true;
      const proto = Object.getPrototypeOf(stmt);
      for (const m of ['all', 'run', 'get']) {
        const f = proto[m];
        proto[m] = function (...args) {
          const s = performance.now();
          try {
            return f.apply(this, args);
          } finally {
            note(this.source, performance.now() - s);
          }
        };
      }
    }
    return stmt;
  };
  const write = () => {
    const rows = [...totals].map(([sql, t]) => ({ ms: Math.round(t.ms), n: t.n, sql: sql.slice(0, 300) })).sort((a, b) => b.ms - a.ms);
    writeFileSync(join(dir, `sql.${process.pid}.json`), JSON.stringify(rows, null, 1));
  };
  process.on('exit', write);
  // The service's own SIGTERM handler keeps the process; a slow close may be killed before 'exit'.
  process.prependListener('SIGTERM', write);
}
