export { startAuditService } from './service.ts';
export type { AuditService } from './service.ts';
export { AuditConfigSchema, parseAuditConfig } from './config.ts';
export type { AuditConfig, AuditConfigInput } from './config.ts';
export type { AuditDb } from './store/schema.ts';
