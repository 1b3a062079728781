export { startAuditService } from './service.ts';
export type { AuditService } from './service.ts';
export { AuditConfigSchema, parseAuditConfig } from './config.ts';
export type { AuditConfig, AuditConfigInput } from './config.ts';
export type { AuditDb } from './store/schema.ts';
// For the benchmark (test/bench/audit.ts): the schema, the app and the cell figures.
export { migrations as auditMigrations } from './store/migrations.ts';
export { auditApp } from './http/app.ts';
export { auditLogin } from './http/auth-routes.ts';
export { cellFigures } from './domain/turnaround.ts';
