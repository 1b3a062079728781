export { BusError } from './bus-error.ts';
export type { BusErrorCode } from './bus-error.ts';
export {
  ATTACHMENT_BUCKET,
  DIRECTORY_BUCKET,
  DIRECTORY_KEY,
  inboxConsumerName,
  inboxFilterSubject,
  messageSubject,
  parseMessageSubject,
  STREAM,
  SUBJECT_PREFIX,
} from './subjects.ts';
export { connectBus } from './connect.ts';
export type { Bus, BusStatus, ConnectBusOptions } from './connect.ts';
export { ensureStream } from './stream.ts';
export type { EnsureStreamOptions } from './stream.ts';
export { consumerPending, ensureAuditConsumer, ensureInboxConsumer } from './consumers.ts';
export { publishMessage } from './publish.ts';
export type { OutgoingMessage, PublishOptions } from './publish.ts';
export { consumeDurable, consumeInbox } from './consume.ts';
export type { ConsumeOptions, ConsumerHandle } from './consume.ts';
export type { Delivery, DeliveryHandler, Verdict } from './delivery.ts';
export { attachmentStore, directoryKv, openKv } from './stores.ts';
export type { OpenKvOptions } from './stores.ts';
