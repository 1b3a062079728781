export { startAgencyNode, type AgencyNode } from './node.ts';
export { AgencyConfigSchema, ConfigError, loadAgencyConfig, parseAgencyConfig, type AgencyConfig, type AgencyConfigInput } from './config.ts';
export { checkThreadStep, THREAD_OPENERS, type ThreadFacts, type ThreadStep } from './cases/rules/thread-rules.ts';
export type { AgencyDatabase } from './platform/schema.ts';
export { AtRestError, atRestWithKey, loadAtRest, nodeAtRest, type AtRest } from './platform/at-rest.ts';
export { listCaseAttachments, type CaseAttachment } from './attachments/list.ts';
export { BACKUP_MANIFEST, BackupError, backupNode, readBackup, restoreNode, type BackupManifest } from './platform/backup.ts';
export { nodeFigures, runUsersOnNode, type NodeFigures } from './operator.ts';
export { USAGE as USERS_USAGE } from './users/cli/users.ts';
