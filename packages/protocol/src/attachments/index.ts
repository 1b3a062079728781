export { encryptAttachment } from './encrypt.ts';
export type { AttachmentRecipient, EncryptAttachmentOptions } from './encrypt.ts';
export { decryptAttachment } from './decrypt.ts';
export type { AttachmentKeyLookup, DecryptAttachmentOptions } from './decrypt.ts';
export { AttachmentError } from './errors.ts';
export type { AttachmentErrorCode } from './errors.ts';
export { DEFAULT_CHUNK_SIZE as ATTACHMENT_CHUNK_SIZE, maxCiphertextBytes } from './format.ts';
export { attachmentRefs } from './ref.ts';
export type { Attachment } from './ref.ts';
