export { startDirectoryService } from './service.ts';
export type { DirectoryService } from './service.ts';
export { DirectoryConfigSchema, parseConfig } from './config.ts';
export type { DirectoryConfig, DirectoryConfigInput } from './config.ts';
export { applyChange } from './domain/index.ts';
export type { DirectoryChange } from './domain/index.ts';
