/**
 * What is registered: `buildRegistrationView(catalog)` (pure) gives every subject, its schema in the registered
 * form and its references. The register stage sends it; generate, asyncapi and catalog describe the same schemas.
 */
export { buildRegistrationView, canonicalSchemaText, envelopeSchema, isOurEnvelope, DATA_POINTER } from './view.js';
export type { RegistrationUnit, RegistrationView, RegistrationViewOptions } from './view.js';
export { eventSubject, sharedSubject } from './subjects.js';
export { mapRefs, resolveSharedRef, rewriteForRepository, type SchemaReferenceSpec } from './references.js';
export { toRegisteredForm, annotationsOf, restoreAnnotations, ANNOTATIONS_PROPERTY, type SchemaMetadata } from './registered-form.js';
