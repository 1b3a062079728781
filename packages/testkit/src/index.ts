export { freePort, freePorts } from './free-port.ts';
export { natsServerBinary } from './binary.ts';
export { startNats } from './nats-server.ts';
export type { NatsServer, StartNatsOptions } from './nats-server.ts';
export { startCluster } from './cluster.ts';
export type { NatsCluster } from './cluster.ts';
