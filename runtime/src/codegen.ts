// @event-contracts/runtime/codegen — generate-time helpers (used by `contracts generate`, never by generated code).
export type { SerializerSourceOptions } from './serializer-source.js';
export { serializerModuleSource } from './serializer-source.js';
