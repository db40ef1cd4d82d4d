import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORDER, ORDER_TEXT, json } from './endpoint-fixtures.js';
import { startTestRegistry, type TestRegistry } from './helpers.js';

// Every Confluent error the registry answers: status, error_code, message and content type.

let registry: TestRegistry;
beforeEach(async () => {
  registry = await startTestRegistry();
});
afterEach(async () => {
  await registry.close();
});

type Step = [method: string, path: string, body?: unknown];

interface ErrorCase {
  name: string;
  given?: Step[];
  when: Step;
  status: number;
  errorCode: number;
  /** A fragment the message must contain. */
  message?: string;
}

const REGISTERED: Step[] = [['POST', '/subjects/orders-value/versions', json(ORDER)]];
const SOFT_DELETED: Step[] = [...REGISTERED, ['DELETE', '/subjects/orders-value']];

const ERROR_CASES: ErrorCase[] = [
  { name: 'unknown path', when: ['GET', '/nope'], status: 404, errorCode: 404 },
  { name: 'method not allowed', when: ['PATCH', '/subjects'], status: 405, errorCode: 405 },
  { name: 'body is not JSON', when: ['POST', '/subjects/s/versions', '{nope'], status: 400, errorCode: 400 },
  {
    name: 'schemaType omitted means AVRO',
    when: ['POST', '/subjects/s/versions', { schema: ORDER_TEXT }],
    status: 422,
    errorCode: 42201,
    message: 'schemaType": "JSON"',
  },
  {
    name: 'PROTOBUF is refused',
    when: ['POST', '/subjects/s/versions', { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";' }],
    status: 422,
    errorCode: 42201,
    message: 'PROTOBUF is not supported',
  },
  {
    name: 'schema text is not JSON',
    when: ['POST', '/subjects/s/versions', { schemaType: 'JSON', schema: '{"type": ' }],
    status: 422,
    errorCode: 42201,
    message: 'not valid JSON',
  },
  { name: 'schema is not a JSON Schema', when: ['POST', '/subjects/s/versions', json({ type: 5 })], status: 422, errorCode: 42201, message: 'meta-schema' },
  // Issue 9 item 4: every supported draft is checked against its meta-schema; an unknown dialect is refused.
  {
    name: 'unknown $schema',
    when: ['POST', '/subjects/s/versions', json({ $schema: 'http://example.com/x', properties: 5, items: 'zz', anyOf: 7 })],
    status: 422,
    errorCode: 42201,
    message: 'names no supported JSON Schema draft',
  },
  {
    name: 'invalid draft-04 schema',
    when: ['POST', '/subjects/s/versions', json({ $schema: 'http://json-schema.org/draft-04/schema#', type: 12, properties: 5 })],
    status: 422,
    errorCode: 42201,
    message: 'draft-04/schema# meta-schema',
  },
  {
    name: 'invalid draft-06 schema',
    when: ['POST', '/subjects/s/versions', json({ $schema: 'http://json-schema.org/draft-06/schema#', required: 'a' })],
    status: 422,
    errorCode: 42201,
    message: 'meta-schema',
  },
  {
    name: 'invalid 2019-09 schema',
    when: ['POST', '/subjects/s/versions', json({ $schema: 'https://json-schema.org/draft/2019-09/schema', minItems: -1 })],
    status: 422,
    errorCode: 42201,
    message: 'meta-schema',
  },
  {
    name: 'invalid 2020-12 schema',
    when: ['POST', '/subjects/s/versions', json({ $schema: 'https://json-schema.org/draft/2020-12/schema', prefixItems: 'x' })],
    status: 422,
    errorCode: 42201,
    message: 'meta-schema',
  },
  {
    name: 'unknown $schema in a compatibility check',
    given: REGISTERED,
    when: ['POST', '/compatibility/subjects/orders-value/versions/latest', json({ $schema: 'urn:x', type: 'object' })],
    status: 422,
    errorCode: 42201,
    message: 'names no supported',
  },
  {
    name: 'schema nested too deeply',
    when: ['POST', '/subjects/s/versions', { schemaType: 'JSON', schema: '{"items":'.repeat(300) + '{}' + '}'.repeat(300) }],
    status: 422,
    errorCode: 42201,
    message: 'the limit is 200',
  },
  { name: 'schema is an array', when: ['POST', '/subjects/s/versions', json([1])], status: 422, errorCode: 42201, message: 'object or a boolean' },
  { name: 'empty schema', when: ['POST', '/subjects/s/versions', { schemaType: 'JSON', schema: '' }], status: 422, errorCode: 42201, message: 'Empty schema' },
  {
    name: 'malformed reference',
    when: ['POST', '/subjects/s/versions', { ...json(ORDER), references: [{ name: 'x' }] }],
    status: 422,
    errorCode: 42201,
    message: 'references[0]',
  },
  {
    name: 'reference to nothing',
    when: ['POST', '/subjects/s/versions', { ...json(ORDER), references: [{ name: 'm.json', subject: 'money', version: 1 }] }],
    status: 422,
    errorCode: 42201,
    message: 'not registered',
  },
  { name: 'subject with a control character', when: ['POST', '/subjects/a%01b/versions', json(ORDER)], status: 422, errorCode: 42208 },
  {
    name: 'version 0',
    given: REGISTERED,
    when: ['GET', '/subjects/orders-value/versions/0'],
    status: 422,
    errorCode: 42202,
    message: "'0' is not a valid version",
  },
  { name: 'version text', given: REGISTERED, when: ['GET', '/subjects/orders-value/versions/first'], status: 422, errorCode: 42202 },
  { name: 'version above 2^31-1', given: REGISTERED, when: ['GET', '/subjects/orders-value/versions/2147483648'], status: 422, errorCode: 42202 },
  { name: 'unknown subject', when: ['GET', '/subjects/nope/versions/1'], status: 404, errorCode: 40401, message: "Subject 'nope' not found." },
  {
    name: 'unknown version',
    given: REGISTERED,
    when: ['GET', '/subjects/orders-value/versions/7'],
    status: 404,
    errorCode: 40402,
    message: 'Version 7 not found.',
  },
  { name: 'soft-deleted version is hidden', given: SOFT_DELETED, when: ['GET', '/subjects/orders-value/versions/1'], status: 404, errorCode: 40401 },
  { name: 'unknown schema id', when: ['GET', '/schemas/ids/99'], status: 404, errorCode: 40403, message: 'Schema 99 not found' },
  { name: 'schema id text', when: ['GET', '/schemas/ids/abc'], status: 404, errorCode: 40403 },
  { name: 'lookup in unknown subject', when: ['POST', '/subjects/nope', json(ORDER)], status: 404, errorCode: 40401 },
  {
    name: 'lookup of an unregistered schema',
    given: REGISTERED,
    when: ['POST', '/subjects/orders-value', json({ type: 'string' })],
    status: 404,
    errorCode: 40403,
  },
  {
    name: 'lookup of an invalid schema',
    given: REGISTERED,
    when: ['POST', '/subjects/orders-value', { schemaType: 'JSON', schema: '[' }],
    status: 422,
    errorCode: 42201,
  },
  { name: 'delete unknown subject', when: ['DELETE', '/subjects/nope'], status: 404, errorCode: 40401 },
  { name: 'soft delete twice', given: SOFT_DELETED, when: ['DELETE', '/subjects/orders-value'], status: 404, errorCode: 40404, message: 'permanent=true' },
  { name: 'permanent delete without soft delete', given: REGISTERED, when: ['DELETE', '/subjects/orders-value?permanent=true'], status: 404, errorCode: 40405 },
  {
    name: 'soft delete a version twice',
    given: [...REGISTERED, ['DELETE', '/subjects/orders-value/versions/1']],
    when: ['DELETE', '/subjects/orders-value/versions/1'],
    status: 404,
    errorCode: 40406,
  },
  {
    name: 'permanent version delete without soft delete',
    given: REGISTERED,
    when: ['DELETE', '/subjects/orders-value/versions/1?permanent=true'],
    status: 404,
    errorCode: 40407,
  },
  { name: 'delete unknown version', given: REGISTERED, when: ['DELETE', '/subjects/orders-value/versions/3'], status: 404, errorCode: 40402 },
  { name: 'delete invalid version', given: REGISTERED, when: ['DELETE', '/subjects/orders-value/versions/-2'], status: 422, errorCode: 42202 },
  { name: 'subject config not set', when: ['GET', '/config/orders-value'], status: 404, errorCode: 40408, message: 'defaultToGlobal=true' },
  { name: 'invalid compatibility level', when: ['PUT', '/config', { compatibility: 'SIDEWAYS' }], status: 422, errorCode: 42203, message: 'FULL_TRANSITIVE' },
  { name: 'invalid compatibility policy', when: ['PUT', '/config/s', { compatibilityPolicy: 'LOOSE' }], status: 422, errorCode: 42203, message: 'LENIENT' },
  { name: 'config body without fields', when: ['PUT', '/config/s', {}], status: 422, errorCode: 42203 },
  { name: 'delete absent subject config', when: ['DELETE', '/config/s'], status: 404, errorCode: 40401 },
  { name: 'subject mode not set', when: ['GET', '/mode/s'], status: 404, errorCode: 40409 },
  { name: 'invalid mode', when: ['PUT', '/mode', { mode: 'SLEEPY' }], status: 422, errorCode: 42204, message: 'READWRITE' },
  { name: 'delete absent subject mode', when: ['DELETE', '/mode/s'], status: 404, errorCode: 40401 },
  {
    name: 'read-only registry refuses registration',
    given: [['PUT', '/mode', { mode: 'READONLY' }]],
    when: ['POST', '/subjects/s/versions', json(ORDER)],
    status: 422,
    errorCode: 42205,
    message: 'read-only',
  },
  {
    name: 'read-only subject refuses deletion',
    given: [...REGISTERED, ['PUT', '/mode/orders-value', { mode: 'READONLY' }]],
    when: ['DELETE', '/subjects/orders-value'],
    status: 422,
    errorCode: 42205,
  },
  {
    name: 'IMPORT on a non-empty registry',
    given: REGISTERED,
    when: ['PUT', '/mode', { mode: 'IMPORT' }],
    status: 422,
    errorCode: 42205,
    message: 'force=true',
  },
  {
    name: 'IMPORT overwriting an id',
    given: [
      ['PUT', '/mode', { mode: 'IMPORT' }],
      ['POST', '/subjects/a/versions', { ...json(ORDER), id: 5 }],
    ],
    when: ['POST', '/subjects/b/versions', { ...json({ type: 'string' }), id: 5 }],
    status: 422,
    errorCode: 42205,
    message: 'id 5',
  },
  {
    name: 'compatibility against an invalid version',
    given: REGISTERED,
    when: ['POST', '/compatibility/subjects/orders-value/versions/zero', json(ORDER)],
    status: 422,
    errorCode: 42202,
  },
  {
    name: 'compatibility against an unknown version',
    given: REGISTERED,
    when: ['POST', '/compatibility/subjects/orders-value/versions/4', json(ORDER)],
    status: 404,
    errorCode: 40402,
  },
  {
    name: 'compatibility of an invalid schema',
    given: REGISTERED,
    when: ['POST', '/compatibility/subjects/orders-value/versions/latest', { schemaType: 'JSON', schema: '{' }],
    status: 422,
    errorCode: 42201,
  },
  { name: 'content type text/plain', when: ['POST', '/subjects/s/versions', json(ORDER)], status: 415, errorCode: 415 },
];

describe('error codes and bodies', () => {
  it.each(ERROR_CASES)('$name → $status/$errorCode', async ({ name, given = [], when, status, errorCode, message }) => {
    for (const [method, path, body] of given) {
      const reply = await registry.call(method, path, body);
      expect(reply.status, `setup ${method} ${path}: ${reply.text}`).toBe(200);
    }
    const headers: Record<string, string> = name === 'content type text/plain' ? { 'Content-Type': 'text/plain' } : {};
    const reply = await registry.call(when[0], when[1], when[2], headers);
    expect(reply.status, reply.text).toBe(status);
    expect(reply.body.error_code).toBe(errorCode);
    expect(typeof reply.body.message).toBe('string');
    if (message) expect(reply.body.message).toContain(message);
    expect(reply.headers.get('content-type')).toBe('application/vnd.schemaregistry.v1+json');
  });
});
