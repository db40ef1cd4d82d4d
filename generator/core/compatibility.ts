/** Confluent's compatibility levels and policies (see docs/glossary.md). */
export const COMPATIBILITY_LEVELS = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

export const COMPATIBILITY_POLICIES = ['STRICT', 'LENIENT'] as const;
export type CompatibilityPolicy = (typeof COMPATIBILITY_POLICIES)[number];

/**
 * The project default, defended in the README: every revision must be readable by every
 * earlier and later consumer (FULL_TRANSITIVE); LENIENT so that an optional field can be
 * added to an open content model without a new major. Safe because generated producers
 * only emit declared fields and generated consumers are tolerant readers.
 */
export const DEFAULT_LEVEL: CompatibilityLevel = 'FULL_TRANSITIVE';
export const DEFAULT_POLICY: CompatibilityPolicy = 'LENIENT';
