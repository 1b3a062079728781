export * from './schema.ts';
export { Directory, keyValidAt } from './directory.ts';
export type { KeyLookup, Verdict } from './directory.ts';
export { signDirectory, DIRECTORY_TYP } from './sign.ts';
export { verifyDirectory } from './verify.ts';
export type { DirectoryVerification } from './verify.ts';
