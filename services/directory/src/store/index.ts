export { migrations } from './schema.ts';
export type { DirectoryDb, VersionRow } from './schema.ts';
export { versionStore } from './versions.ts';
export type { VersionStore, VersionSummary } from './versions.ts';
