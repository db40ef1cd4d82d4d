// A large generated contracts repository, shared by bench/catalog.mjs and the asyncapi/catalog tests:
// `types` event types × `revisions` revisions recorded in contracts.lock.json (revision k adds one
// optional property, a compatible change under LENIENT), with owners, shared definitions referenced
// by $ref, deprecated event types with a sunset, several event types sharing an `x-topic`, and examples.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FIELD_KINDS = [
  (i) => ({ type: 'string', maxLength: 64 + (i % 7), description: `Free text ${i}.` }),
  (i) => ({ type: 'integer', minimum: 0, maximum: 1000 + i }),
  () => ({ type: 'boolean' }),
  (i) => ({ type: 'string', enum: ['a', 'b', `c${i % 5}`] }),
  (i) => ({ type: 'array', items: { type: 'string', format: 'uuid' }, maxItems: 10 + (i % 3) }),
  (i) => ({
    type: 'object',
    additionalProperties: true,
    properties: { code: { type: 'string', pattern: `^[A-Z]{${2 + (i % 2)}}$`, maxLength: 3 }, value: { type: 'number' } },
    required: ['code'],
  }),
];

const MONEY = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Money',
  description: 'An amount in minor units with its currency.',
  type: 'object',
  additionalProperties: false,
  required: ['amountMinor', 'currency'],
  properties: { amountMinor: { type: 'integer', minimum: 0 }, currency: { type: 'string', pattern: '^[A-Z]{3}$', maxLength: 3 } },
};

/** Revision `rev` (1-based) of event type `i`. */
export function corpusSchema(i, rev) {
  const properties = {
    id: { type: 'string', format: 'uuid', description: 'Identifier of the entity.' },
    occurredAt: { type: 'string', format: 'date-time' },
    amount: i % 5 === 0 ? { $ref: '../_shared/money.json' } : { type: 'number', minimum: 0 },
    status: { type: 'string', enum: ['created', 'updated', 'closed'] },
    tags: { type: 'array', items: { type: 'string', maxLength: 32 }, uniqueItems: true },
  };
  for (let k = 2; k <= rev; k++) properties[`field${i}_${k}`] = FIELD_KINDS[(i + k) % FIELD_KINDS.length](i + k);
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `Event ${i}`,
    description: `Generated event type ${i}, revision ${rev}.`,
    type: 'object',
    additionalProperties: true,
    'x-partition-key': '/id',
    'x-owner': `team-${i % 13}`,
    required: ['id', 'occurredAt'],
    properties,
    examples: [{ id: '6d1e4c1a-5b0f-4f7e-9a64-2b3c4d5e6f70', occurredAt: '2026-01-01T00:00:00Z', status: 'created' }],
  };
  if (i % 10 === 3) schema['x-topic'] = `dom${i % 40}.shared`;
  if (i % 50 === 7) {
    schema.deprecated = true;
    schema['x-sunset'] = '2027-06-30';
  }
  return schema;
}

/**
 * Writes the repository into `dir`. `tools` are the check stage's `canonicalize`, `schemaFingerprint`
 * and `serializeLock` (from dist/ or the sources), so the lock is byte-identical to what `contracts lock` writes.
 * Returns the event types.
 */
export async function writeCorpus(dir, { types = 1000, revisions = 10 } = {}, tools) {
  const { canonicalize, schemaFingerprint, serializeLock, bundle } = tools;
  const events = {};
  const eventTypes = [];
  await mkdir(join(dir, 'schemas', '_shared'), { recursive: true });
  await writeFile(join(dir, 'schemas', '_shared', 'money.json'), `${JSON.stringify(MONEY, null, 2)}\n`);
  for (let i = 0; i < types; i++) {
    const domain = `dom${i % 40}`;
    const action = `evt${i}`;
    const eventType = `${domain}.${action}.v1`;
    const file = `schemas/${domain}/${action}.v1.json`;
    const revs = [];
    for (let rev = 1; rev <= revisions; rev++) {
      const schema = canonicalize(bundle(corpusSchema(i, rev), MONEY));
      revs.push({
        semver: `1.${rev - 1}.0`,
        fingerprint: schemaFingerprint(schema),
        change: rev === 1 ? 'initial' : 'compatible',
        checked: { level: 'FULL_TRANSITIVE', policy: 'LENIENT' },
        schema,
      });
    }
    const latest = corpusSchema(i, revisions);
    events[eventType] = { file, deprecated: latest.deprecated === true, ...(latest['x-sunset'] ? { sunset: latest['x-sunset'] } : {}), revisions: revs };
    eventTypes.push(eventType);
    await mkdir(join(dir, 'schemas', domain), { recursive: true });
    await writeFile(join(dir, file), `${JSON.stringify(latest, null, 2)}\n`);
  }
  await writeFile(join(dir, 'contracts.config.json'), `${JSON.stringify({ compatibility: { level: 'FULL_TRANSITIVE', policy: 'LENIENT' } }, null, 2)}\n`);
  await writeFile(join(dir, 'contracts.lock.json'), serializeLock({ lockfileVersion: 1, events }));
  return eventTypes;
}

/** The bundle `contracts lock` records: the shared Money inlined under `definitions`, refs made local. */
export function bundleWithMoney(schema, money) {
  const out = structuredClone(schema);
  if (out.properties.amount.$ref) {
    out.properties.amount = { $ref: '#/definitions/_shared.money' };
    const inlined = { ...money };
    delete inlined.$schema;
    out.definitions = { '_shared.money': inlined };
  }
  return out;
}
