// Typed upcasters, `onLatest` and the publisher bridge (docs: ../../API.md, "Evolving across majors").
export type { MigrationContext, EventMigration } from './context.js';
export type { MigrationSource, MigrationTable, ArrivedAs, LatestContext, LatestHandler } from './types.js';
export { buildFamilies, splitEventType, sunsetPassed, type EventFamily } from './family.js';
export { MigrationError, migrationContext, runMigration, upcastEnvelope, registerLatest, familyOf } from './upcast.js';
export { withBridges, BRIDGED_FROM_HEADER, type BridgeOptions } from './bridge.js';
