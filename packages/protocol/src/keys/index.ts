export { PrivateJwkSchema, publicJwk } from './jwk.ts';
export type { PrivateJwk } from './jwk.ts';
export { generateAgencyKeys, generateDirectorySigningKey, generateRootKey } from './generate.ts';
export { importPublicKey, importPrivateKey } from './import.ts';
export { createKeyRing, isKeyRing } from './key-ring.ts';
export type { KeyRing } from './key-ring.ts';
