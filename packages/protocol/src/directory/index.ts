export * from './schema.ts';
export { DEFAULT_DIRECTORY_MAX_AGE_MS, Directory, keyValidAt } from './directory.ts';
export type { KeyLookup, Verdict } from './directory.ts';
export { signDirectory, DIRECTORY_TYP } from './sign.ts';
export { verifyDirectory } from './verify.ts';
export type { DirectoryVerification } from './verify.ts';
