/**
 * Library entry point of event-contracts. Each pipeline stage exports its entry verb here.
 */
export type { Diagnostic, Severity } from './core/diagnostic.js';
export type { ContractsConfig } from './core/config.js';
export type { CompatibilityLevel, CompatibilityPolicy } from './core/compatibility.js';
export type { Catalog, EventContract, SharedSchema, SourceFile } from './load/catalog.js';
