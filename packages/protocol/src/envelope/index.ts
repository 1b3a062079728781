export * from './schema.ts';
export { envelopeHash, sha256Digest } from './hash.ts';
