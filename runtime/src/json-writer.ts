// Helpers the generated (schema-compiled) serializers call. They assume values already validated by the strict
// producer-side validator; anything unusual still falls back to JSON.stringify, so output is always valid JSON.

// Characters JSON must escape, plus lone surrogates (JSON.stringify writes those as \u escapes).
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** JSON text of a string: quotes only, when nothing needs escaping; JSON.stringify otherwise. */
export function jsonString(value: unknown): string {
  if (typeof value === 'string' && value.length < 5000 && !NEEDS_ESCAPE.test(value)) return `"${value}"`;
  return JSON.stringify(value) ?? 'null';
}

/** JSON text of a number (non-finite numbers cannot pass validation; JSON.stringify writes them as null). */
export function jsonNumber(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${value}` : (JSON.stringify(value) ?? 'null');
}

/** JSON text of anything (the fallback for schema constructs the serializer compiler does not specialise). */
export function jsonAny(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}
