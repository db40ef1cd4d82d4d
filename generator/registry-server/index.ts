/**
 * The embedded Confluent-compatible schema registry: `startRegistry()` serves JSON Schemas over
 * node:http, stores them in an fsynced append-only log, and judges compatibility with the compat
 * engine. See docs/stages/registry-server.md.
 */
export { CONNECTION_LIMITS, startRegistry, type RegistryServerOptions, type RunningRegistry } from './server.js';
export { RegistryStorageError, LOG_FILE } from './log.js';
export { REFERENCE_LIMITS } from './context.js';
export type { ReferenceLimits, RegistryDefaults } from './context.js';
