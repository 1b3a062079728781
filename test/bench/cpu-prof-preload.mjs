// Loaded with `node --import` (through NODE_OPTIONS, where Node 20 refuses `--cpu-prof`): an
// agency node or audit process profiles itself from start to exit and writes
// `<MOU_CPU_PROF_DIR>/<agency|audit>.<pid>.cpuprofile`. Other processes are left alone.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.MOU_CPU_PROF_DIR;
const service = process.argv.map((a) => /services\/(agency|audit)\/(src\/main\.ts|\.build\/main\.mjs)$/.exec(a)?.[1]).find(Boolean);
if (dir && service) {
  const session = new Session();
  session.connect();
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // A session on the same thread answers synchronously, so this completes inside 'exit'. At
  // SIGTERM too (the service has its own handler, so this adds no exit): a service whose close
  // outlasts its launcher's patience is killed before 'exit'.
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(join(dir, `${service}.${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  };
  process.on('exit', write);
  process.prependListener('SIGTERM', write);
}
