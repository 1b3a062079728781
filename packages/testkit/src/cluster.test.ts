import { connect } from 'nats';
import { describe, expect, it } from 'vitest';
import { startCluster } from './cluster.ts';

describe('startCluster', () => {
  it('runs three nodes that hold an R3 stream', async () => {
    const cluster = await startCluster(3);
    try {
      expect(new Set(cluster.urls).size).toBe(3);
      const nc = await connect({ servers: [...cluster.urls] });
      const jsm = await nc.jetstreamManager();
      const info = await jsm.streams.add({ name: 'R3', subjects: ['r3.>'], num_replicas: 3 });
      expect(info.config.num_replicas).toBe(3);
      const ack = await nc.jetstream().publish('r3.x', new Uint8Array([1]));
      expect(ack.seq).toBe(1);
      await nc.close();
    } finally {
      await cluster.stop();
    }
  });
});
