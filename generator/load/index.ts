/** The load stage: read a contracts repository into a Catalog. */
export { loadCatalog, type LoadOptions } from './load-catalog.js';
export { bundleEventSchema, catalogRefs, resolveRefTarget, unresolvedRefsOf, valueAt } from './bundle.js';
export type { Catalog, EventContract, SharedSchema, SourceFile, SourceLocation } from './catalog.js';
export { fileDraft, type RefEdge, type RefTarget, type DeclaredId } from './refs.js';
export { LOAD_RULES, applyRuleSettings, type LoadRule, type LoadRuleId } from './rules.js';
export { classifySchemaPath, eventTypeToPath, applyTopicPattern, SCHEMAS_DIR, CONFIG_FILE } from './layout.js';
export { DRAFTS, DRAFT_URI, draftFromSchemaUri, definitionsKeyword } from '../core/drafts.js';
export { walkSchema, cloneJson, type SchemaVisit } from '../core/walk-schema.js';
export { getAtPointer, parsePointer, toPointer, escapePointerToken } from '../core/json-pointer.js';
export { parseSource, DEFAULT_LIMITS, type ParseLimits } from './source.js';
