export * from './schema.ts';
export { DEFAULT_DIRECTORY_MAX_AGE_MS, Directory, keyValidAt } from './directory.ts';
export type { KeyLookup, Verdict } from './directory.ts';
export { signDirectory, DIRECTORY_TYP } from './sign.ts';
export { verifyDirectory } from './verify.ts';
export type { DirectoryVerification } from './verify.ts';
export { certificateCovers, certifySigningKey, DIRECTORY_CERT_TYP, SigningCertificateSchema, verifySigningCertificate } from './certificate.ts';
export type { CertificateVerification, SigningCertificate } from './certificate.ts';
