import { InputError } from './errors.js';

/** Plain JSON values as they come out of JSON.parse. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON.parse for a file the user keeps (lock, approvals): a syntax error becomes an InputError
 * naming the file and the parser's reason, with `hint` as the fix.
 */
export function parseJsonFile(text: string, file: string, hint: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${file} is not valid JSON: ${(error as Error).message}.`, file, hint);
  }
}
