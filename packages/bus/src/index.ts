export { BusError } from './bus-error.ts';
export type { BusErrorCode } from './bus-error.ts';
export {
  DIRECTORY_BUCKET,
  DIRECTORY_KEY,
  inboxConsumerName,
  inboxFilterSubject,
  messageSubject,
  OUT_SUBJECT_PREFIX,
  outSubject,
  parseMessageSubject,
  senderAccountName,
  senderApiPrefix,
  senderDeliverSubject,
  senderStreamName,
  STREAM,
  SUBJECT_PREFIX,
  AUDIT_CONSUMER,
  EVIDENCE_SUBJECT_PREFIX,
  evidenceHeadSubject,
  evidencePeerSubject,
} from './subjects.ts';
export { connectBus } from './connect.ts';
export type { Bus, BusStatus, ConnectBusOptions } from './connect.ts';
export { DEFAULT_SENDER_QUOTA_BYTES, DEFAULT_STREAM_MAX_BYTES, DEFAULT_STREAM_MAX_MESSAGE_BYTES, ensureStream, purgeSenderStream, senderStreamUse } from './stream.ts';
export type { SenderStreamUse } from './stream.ts';
export type { EnsureStreamOptions } from './stream.ts';
export { consumerPending, ensureAuditConsumer, ensureInboxConsumer, INBOX_MAX_DELIVER } from './consumers.ts';
export { publishMessage } from './publish.ts';
export type { OutgoingMessage, PublishOptions } from './publish.ts';
export { consumeDurable, consumeInbox } from './consume.ts';
export type { ConsumeOptions, ConsumerHandle } from './consume.ts';
export { nakDelayFor } from './delivery.ts';
export type { Delivery, DeliveryHandler, Verdict } from './delivery.ts';
export { directoryKv, openKv } from './stores.ts';
export { inboxPosition, rewindInboxConsumer } from './rewind.ts';
export type { InboxPosition } from './rewind.ts';
export { ATTACHMENT_SUBJECT_PREFIX, attachmentStreamName, attachmentStreamSubject, attachmentSubject, legacyAttachmentStreamName } from './attachment-subjects.ts';
export {
  ATTACHMENT_MAX_MSG_SIZE,
  attachmentStreamUse,
  DEFAULT_ATTACHMENT_QUOTA_BYTES,
  ensureAttachmentStream,
  ensureAttachmentStreams,
} from './attachment-stream.ts';
export type { AttachmentStreamUse, EnsureAttachmentStreamOptions } from './attachment-stream.ts';
export { ATTACHMENT_PART_BYTES, getAttachment, putAttachment, removeAttachment } from './attachments.ts';
export type { AttachmentAddress } from './attachments.ts';
export type { OpenKvOptions } from './stores.ts';
