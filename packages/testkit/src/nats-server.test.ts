import { connect, StringCodec } from 'nats';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './free-port.ts';
import { startNats, type NatsServer } from './nats-server.ts';

const sc = StringCodec();
let server: NatsServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('freePort', () => {
  it('returns a bindable port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
  });
});

describe('startNats', () => {
  it('starts a server that routes messages', async () => {
    server = await startNats();
    const nc = await connect({ servers: server.url });
    const sub = nc.subscribe('hello');
    nc.publish('hello', sc.encode('world'));
    for await (const msg of sub) {
      expect(sc.decode(msg.data)).toBe('world');
      break;
    }
    await nc.close();
  });

  it('keeps JetStream data across a restart on the same port', async () => {
    server = await startNats();
    const { port, storeDir } = server;
    const firstPid = server.pid;
    let nc = await connect({ servers: server.url });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'KEEP', subjects: ['keep.>'] });
    await nc.jetstream().publish('keep.one', sc.encode('1'));
    await nc.close();

    await server.restart();
    expect(server.pid).not.toBe(firstPid);
    expect(server.port).toBe(port);
    expect(server.storeDir).toBe(storeDir);

    nc = await connect({ servers: server.url });
    const info = await (await nc.jetstreamManager()).streams.info('KEEP');
    expect(info.state.messages).toBe(1);
    await nc.close();
  });

  it('keeps acknowledged messages when the server is killed (no fsync needed)', async () => {
    server = await startNats();
    let nc = await connect({ servers: server.url });
    await (await nc.jetstreamManager()).streams.add({ name: 'KILL', subjects: ['kill.>'] });
    const js = nc.jetstream();
    for (let i = 0; i < 50; i++) await js.publish('kill.x', sc.encode(String(i)));
    await server.stop('SIGKILL');
    await nc.close();

    await server.restart();
    nc = await connect({ servers: server.url });
    const info = await (await nc.jetstreamManager()).streams.info('KILL');
    expect(info.state.messages).toBe(50);
    await nc.close();
  });

  it('appends extra config, e.g. users', async () => {
    server = await startNats({ config: 'authorization { users: [{ user: a, password: b }] }' });
    await expect(connect({ servers: server.url, user: 'a', pass: 'x' })).rejects.toThrow();
    const nc = await connect({ servers: server.url, user: 'a', pass: 'b' });
    await nc.close();
  });

  it('reports stderr when the config is bad', async () => {
    await expect(startNats({ config: 'jetstream { sync_interval: always }' })).rejects.toThrow(
      /stderr/,
    );
  });
});
