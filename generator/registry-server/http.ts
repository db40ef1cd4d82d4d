import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, RegistryHttpError } from './errors.js';

export const RESPONSE_CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** Request content types Confluent accepts (`Versions.java`), compared without parameters. */
const ACCEPTED_CONTENT_TYPES = new Set([
  'application/vnd.schemaregistry.v1+json',
  'application/vnd.schemaregistry+json',
  'application/json',
  'application/octet-stream',
]);

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads and parses a JSON request body, enforcing the size limit and content type. Empty body → undefined. */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > maxBytes) throw errors.bodyTooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw errors.bodyTooLarge(maxBytes);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (contentType !== '' && !ACCEPTED_CONTENT_TYPES.has(contentType)) throw errors.unsupportedMediaType(contentType);
  let text: string;
  try {
    text = UTF8.decode(Buffer.concat(chunks));
  } catch {
    // Decoding leniently would store U+FFFD in place of the bad bytes: a schema nobody sent.
    throw errors.badRequest('Unrecognized request body: it is not valid UTF-8. Send the JSON encoded as UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw errors.badRequest(`Unrecognized request body: it is not valid JSON (${(error as Error).message}).`);
  }
}

export function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'Content-Type': RESPONSE_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
}

export function sendError(response: ServerResponse, error: RegistryHttpError, closeConnection = false): void {
  send(response, error.status, JSON.stringify(error.body()), {
    ...error.headers,
    ...(closeConnection ? { Connection: 'close' } : {}),
  });
}

/**
 * Basic auth as `user:pass`; checked in constant time (both sides hashed first). The scheme name
 * is case-insensitive (RFC 7617 / RFC 9110 §11.1): `basic` and `BASIC` are the same scheme.
 * Returns undefined when auth is off.
 */
export function basicAuthCheck(credentials: string | undefined): ((request: IncomingMessage) => void) | undefined {
  if (credentials === undefined) return undefined;
  if (!credentials.includes(':')) throw new Error('auth credentials must be given as user:password');
  const expected = digest(Buffer.from(credentials, 'utf8'));
  return (request) => {
    const match = /^basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(request.headers.authorization ?? '');
    const given = digest(match ? Buffer.from(match[1] as string, 'base64') : Buffer.alloc(0));
    if (!timingSafeEqual(given, expected) || !match) throw errors.unauthorized();
  };
}

function digest(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

export function asRegistryError(error: unknown): RegistryHttpError {
  if (error instanceof RegistryHttpError) return error;
  return errors.internal(error instanceof Error ? error.message : String(error));
}
