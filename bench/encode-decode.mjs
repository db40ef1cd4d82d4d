// Encode and decode paths of @event-contracts/runtime against @kafkajs/confluent-schema-registry (schema cached,
// served by an in-process stand-in registry) and against the floors (JSON.stringify + 5-byte header, JSON.parse).
// Run: npm run build && node bench/encode-decode.mjs   (options: --seconds=0.25 --rounds=15)
// Contenders alternate within each round; ratios are computed per round (same machine state) and their median printed,
// which keeps the ratios stable on a shared, noisy machine even when absolute rates move.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { deepStrictEqual } from 'node:assert/strict';
import { createConsumer, encodeEvent, validatorFromAjv } from '@event-contracts/runtime';
import { serializerModuleSource } from '@event-contracts/runtime/codegen';

const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SECONDS = arg('seconds', 0.25);
const ROUNDS = arg('rounds', 15);
const SCHEMA_ID = 42;

// ---- the event: order.placed.v1 -------------------------------------------------------------------------------
const dataSchema = {
  type: 'object',
  required: ['orderId', 'customerId', 'customerEmail', 'placedAt', 'currency', 'items', 'total', 'shippingAddress'],
  properties: {
    orderId: { type: 'string', format: 'uuid' },
    customerId: { type: 'string', maxLength: 64 },
    customerEmail: { type: 'string', format: 'email' },
    placedAt: { type: 'string', format: 'date-time' },
    currency: { enum: ['EUR', 'USD', 'GBP'] },
    total: { type: 'number', minimum: 0 },
    couponCode: { type: 'string', maxLength: 32 },
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['sku', 'quantity', 'unitPrice'],
        properties: {
          sku: { type: 'string', maxLength: 32 },
          name: { type: 'string', maxLength: 200 },
          quantity: { type: 'integer', minimum: 1 },
          unitPrice: { type: 'number', minimum: 0 },
        },
      },
    },
    shippingAddress: {
      type: 'object',
      required: ['line1', 'city', 'postalCode', 'country'],
      properties: {
        line1: { type: 'string' },
        line2: { type: 'string' },
        city: { type: 'string' },
        postalCode: { type: 'string' },
        country: { type: 'string', minLength: 2, maxLength: 2 },
      },
    },
  },
};
const strict = (s) =>
  s && typeof s === 'object' && !Array.isArray(s)
    ? Object.fromEntries(
        Object.entries({ ...s, ...(s.type === 'object' ? { additionalProperties: false } : {}) }).map(([k, v]) => [
          k,
          k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, strict(ps)])) : k === 'items' ? strict(v) : v,
        ]),
      )
    : s;
const envelopeSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://example.com/order.placed.v1.json',
  title: 'order.placed.v1',
  type: 'object',
  required: ['eventId', 'eventType', 'eventVersion', 'timestamp', 'source', 'data'],
  properties: {
    eventId: { type: 'string', format: 'uuid' },
    eventType: { const: 'order.placed.v1' },
    eventVersion: { type: 'string' },
    timestamp: { type: 'string', format: 'date-time' },
    source: { type: 'string' },
    correlationId: { type: 'string' },
    traceId: { type: 'string' },
    data: dataSchema,
  },
};
const data = {
  orderId: '3b241101-e2bb-4255-8caf-4136c566a962',
  customerId: 'cus_8f3a2b',
  customerEmail: 'ada.lovelace@example.com',
  placedAt: '2026-11-28T07:15:00.000Z',
  currency: 'EUR',
  total: 149.97,
  items: [
    { sku: 'SKU-1001', name: 'Mechanical keyboard, brown switches', quantity: 1, unitPrice: 99.99 },
    { sku: 'SKU-2002', name: 'USB-C cable, 2 m, braided', quantity: 2, unitPrice: 12.49 },
    { sku: 'SKU-3003', name: 'Wrist rest, memory foam', quantity: 1, unitPrice: 25 },
  ],
  shippingAddress: { line1: '12 Analytical Engine Row', line2: 'Flat 3', city: 'London', postalCode: 'SW1A 1AA', country: 'GB' },
};

// Theirs: ajv 2020-12 + ajv-formats (full mode), no allErrors. Ours: the validator module `contracts generate` writes
// for this schema (ajv standalone, same keywords, formats with ajv-formats' full-mode semantics, compiled by the
// generator's own code from dist/), so the bench measures the code a generated package runs.
const newAjv = () => addFormats(new Ajv2020({ strict: false }));
const { compileValidatorModules } = await import('../dist/generator/generate/validators.js');
const compiled = compileValidatorModules([
  { eventType: 'order.placed.v1', draft: '2020-12', dataName: 'OrderPlacedV1', definitions: new Map([['OrderPlacedV1', dataSchema]]) },
]).get('order.placed.v1');
const validatorCode = typeof compiled === 'string' ? compiled : compiled.code;

// The schema-compiled serializer `contracts generate` emits (written to a file and imported, as generated code is).
const dir = mkdtempSync(join(tmpdir(), 'ec-bench-'));
const runtimeUrl = pathToFileURL(createRequire(import.meta.url).resolve('@event-contracts/runtime')).href;
writeFileSync(join(dir, 'serializer.mjs'), serializerModuleSource(strict(dataSchema), { runtimeSpecifier: runtimeUrl }));
writeFileSync(join(dir, 'validators.mjs'), validatorCode);
const { serialize } = await import(pathToFileURL(join(dir, 'serializer.mjs')).href);
const generatedValidators = await import(pathToFileURL(join(dir, 'validators.mjs')).href);
rmSync(dir, { recursive: true, force: true });
const def = {
  eventType: 'order.placed.v1',
  eventVersion: '1.0.0',
  topic: 'order.placed',
  subject: 'order.placed-order.placed.v1',
  partitionKey: (d) => d.orderId,
  validate: validatorFromAjv(generatedValidators.strict), // producer side: strict
};
const tolerant = validatorFromAjv(generatedValidators.tolerant); // consumer side: tolerant
const defWithSerializer = { ...def, serialize };

// ---- stand-in registry for @kafkajs/confluent-schema-registry ---------------------------------------------------
let registryHits = 0;
const server = createServer((req, res) => {
  registryHits++;
  if (req.url?.startsWith(`/schemas/ids/${SCHEMA_ID}`)) {
    res.writeHead(200, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
    res.end(JSON.stringify({ schema: JSON.stringify(envelopeSchema), schemaType: 'JSON' }));
  } else {
    res.writeHead(404, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
    res.end('{"error_code":40403,"message":"Schema not found"}');
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const registry = new SchemaRegistry({ host: `http://127.0.0.1:${server.address().port}` }, { [SchemaType.JSON]: { ajvInstance: newAjv() } });

// ---- the contenders ---------------------------------------------------------------------------------------------
const prebuilt = {
  eventId: randomUUID(),
  eventType: 'order.placed.v1',
  eventVersion: '1.0.0',
  timestamp: new Date().toISOString(),
  source: 'bench',
  data,
};
const ours = encodeEvent(def, data, { source: 'bench', schemaId: SCHEMA_ID }).message.value;
const theirs = await registry.encode(SCHEMA_ID, prebuilt); // warms its cache
const hitsAfterWarmup = registryHits;

let handled = 0;
const consumer = createConsumer({ groupId: 'bench', topics: [], transport: {}, validators: { 'order.placed.v1': tolerant } }).on('order.placed.v1', () => {
  handled++;
});
const incoming = { topic: 'order.placed', partition: 0, offset: '0', key: null, value: ours, headers: {}, timestamp: '0' };

// Sanity: each side reads the other's bytes, and every contender really validates.
if ((await registry.decode(ours)).data.orderId !== data.orderId) throw new Error('their decode of our bytes differs');
const viaSerializer = encodeEvent(defWithSerializer, data, { source: 'bench', schemaId: SCHEMA_ID }).message.value;
deepStrictEqual((await registry.decode(viaSerializer)).data, data); // same value (key order may differ)
if ((await consumer.process({ ...incoming, value: theirs })).status !== 'handled') throw new Error('our decode of their bytes failed');
let rejected = 0;
try {
  encodeEvent(def, { ...data, total: -1 }, { source: 'bench', schemaId: SCHEMA_ID });
} catch {
  rejected++;
}
try {
  await registry.encode(SCHEMA_ID, { ...prebuilt, data: { ...data, total: -1 } });
} catch {
  rejected++;
}
if (rejected !== 2) throw new Error('a contender does not validate');

const encoders = {
  'ours: validate + envelope + compiled serializer + frame + headers': () => encodeEvent(defWithSerializer, data, { source: 'bench', schemaId: SCHEMA_ID }),
  'ours: validate + envelope + JSON.stringify + frame + headers': () => encodeEvent(def, data, { source: 'bench', schemaId: SCHEMA_ID }),
  'theirs: registry.encode (schema cached, envelope prebuilt)': () => registry.encode(SCHEMA_ID, prebuilt),
  'theirs+: envelope built by the caller (randomUUID, toISOString) + registry.encode': () =>
    registry.encode(SCHEMA_ID, {
      eventId: randomUUID(),
      eventType: 'order.placed.v1',
      eventVersion: '1.0.0',
      timestamp: new Date().toISOString(),
      source: 'bench',
      data,
    }),
  'floor: JSON.stringify + 5-byte header': () => {
    const json = JSON.stringify(prebuilt);
    const len = Buffer.byteLength(json);
    const buf = Buffer.allocUnsafe(len + 5);
    buf[0] = 0;
    buf.writeUInt32BE(SCHEMA_ID, 1);
    buf.write(json, 5, len);
    return buf;
  },
};
const decoders = {
  'ours: unframe + parse + envelope check + validate + dispatch (consumer.process)': () => consumer.process(incoming),
  'theirs: registry.decode (schema cached)': () => registry.decode(ours),
  'floor: JSON.parse': () => JSON.parse(ours.toString('utf8', 5)),
  'bound: JSON.parse + the same data validator (no envelope check, no dispatch)': () => tolerant(JSON.parse(ours.toString('utf8', 5)).data),
};

async function rate(fn) {
  const probe = fn();
  const isAsync = probe instanceof Promise;
  if (isAsync) await probe;
  const deadline = performance.now() + SECONDS * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < deadline) {
    if (isAsync) for (let i = 0; i < 1000; i++) await fn();
    else for (let i = 0; i < 1000; i++) fn();
    n += 1000;
  }
  return n / ((performance.now() - start) / 1000);
}

async function measure(title, contenders) {
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) await rate(contenders[n]); // warm-up
  for (let r = 0; r < ROUNDS; r++) for (const n of names) samples[n].push(await rate(contenders[n]));
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const perRound = (a, b) => median(samples[a].map((x, i) => x / samples[b][i]));
  const theirs = names.find((n) => n.startsWith('theirs:'));
  const theirsPlus = names.find((n) => n.startsWith('theirs+'));
  const floor = names.find((n) => n.startsWith('floor'));
  console.log(`\n${title} (${ROUNDS} rounds × ${SECONDS}s per contender, ${ours.length}-byte framed event; rates are medians)`);
  for (const n of names) console.log(`  ${Math.round(median(samples[n])).toLocaleString('en-US').padStart(11)} events/s  ${n}`);
  for (const n of names.filter((x) => x.startsWith('ours'))) {
    const plus = theirsPlus ? `, ${perRound(n, theirsPlus).toFixed(2)}× theirs+` : '';
    console.log(`  ratio ${perRound(n, theirs).toFixed(2)}× theirs (target ≥ 1.50×)${plus}, ${perRound(n, floor).toFixed(2)}× floor — ${n.slice(6)}`);
  }
  const bound = names.find((n) => n.startsWith('bound'));
  if (bound) console.log(`  any decoder that parses and validates data like this one is at most ${perRound(bound, theirs).toFixed(2)}× theirs`);
  return perRound(names[0], theirs);
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
const enc = await measure('Encode path', encoders);
const dec = await measure('Decode path', decoders);
if (registryHits !== hitsAfterWarmup) console.log(`note: their registry was called ${registryHits - hitsAfterWarmup} times after warm-up`);
console.log(
  `\nsummary: encode ${enc.toFixed(2)}× theirs (with the compiled serializer), decode ${dec.toFixed(2)}× theirs (handled ${handled.toLocaleString('en-US')} events)`,
);
server.close();
