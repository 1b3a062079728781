export { natsAuthorization, natsPasswordHash, inboxPrefixFor, connectAs, counterpartsOf, AUDIT_CONSUMER, type NatsAuthorizationOptions, type NatsCredentials, type NatsUsers } from './nats-auth.ts';
export { loadFederationFile, FederationFileSchema, type FederationFile } from './federation/federation-file.ts';
export { prepareFederation, writeAgencyConfig, type PreparedAgency, type PreparedFederation } from './federation/prepare.ts';
export { seedSnapshot, SEED_AGENCY_IDS } from '../seed/index.ts';
export { spawnAgencyNode, type NodeProcess } from './federation/agency-process.ts';
export { launchFederation, type Federation, type LaunchOptions } from './federation/launch.ts';
export { BREAKS, BREAK_KINDS, notePayload, type BreakKind, type ForgeKeys, type Forged } from './forge/breaks.ts';
export { hubServerConfig, leafServerConfig, type HubServerInput, type LeafServerInput, type TlsFiles } from './nats-config.ts';
