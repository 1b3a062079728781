/**
 * Tools for tests that must craft envelopes `seal` refuses to make (wrong digest, tampered
 * ciphertext, foreign headers). Import from `@mou-hub/protocol/testing`; never from service code.
 */
export { encryptRaw, salt, signRaw } from './test-fixtures.ts';
