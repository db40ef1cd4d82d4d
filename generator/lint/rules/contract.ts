/**
 * Rules on what an event contract promises beyond its shape: the partition key and examples (payload), then
 * deprecation, sunset, topic and owner (metadata). Two tables because the rule order interleaves families.
 */
import type { JsonObject } from '../../core/json.js';
import { isJsonObject } from '../../core/json.js';
import { escapePointerToken, parsePointer, toPointer } from '../../core/json-pointer.js';
import type { EventContract } from '../../load/index.js';
import { quote } from '../../core/quote.js';
import type { LintContext, LintRuleRow, Report } from '../context.js';
import { allOfParts, q, typesOf } from './shared.js';
import { followLocalRefs } from '../../core/json-pointer.js';

/** Kafka's legal topic names. */
const TOPIC_RE = /^[a-zA-Z0-9._-]{1,249}$/;

function checkPartitionKey(ctx: LintContext, e: EventContract, report: Report): void {
  const raw = e.schema['x-partition-key'];
  if (raw === undefined) {
    report({
      file: e.file,
      pointer: '',
      message: `\`${e.eventType}\` has no \`x-partition-key\`. Add \`"x-partition-key": "/<id property>"\` naming the required string or integer property whose value keys the Kafka message (e.g. "/orderId").`,
    });
    return;
  }
  const at = '/x-partition-key';
  const tokens = typeof raw === 'string' ? parsePointer(raw) : undefined;
  if (typeof raw !== 'string' || !tokens || tokens.length === 0) {
    report({
      file: e.file,
      pointer: at,
      message: `\`x-partition-key\` ${q(raw)} of \`${e.eventType}\` is not a JSON pointer to a property of \`data\`. Write it as "/<property>" (e.g. "/orderId").`,
    });
    return;
  }
  if (ctx.hasLoadErrors(e.file)) return;
  const bundle = ctx.bundle(e);
  let schema = followLocalRefs(bundle, bundle);
  for (const [i, token] of tokens.entries()) {
    const path = toPointer(tokens.slice(0, i + 1));
    // The object and the `allOf` members it is made of (every one of them applies).
    const parts = isJsonObject(schema) ? [schema, ...allOfParts(bundle, schema)] : [];
    const declaring = parts.find((p) => isJsonObject(p.properties) && Object.prototype.hasOwnProperty.call(p.properties, token));
    if (!declaring) {
      report({
        file: e.file,
        pointer: at,
        message: `\`x-partition-key\` ${q(raw)} of \`${e.eventType}\` points at ${q(path)}, which is not declared in \`properties\`. Point it at a declared property.`,
      });
      return;
    }
    if (!parts.some((p) => Array.isArray(p.required) && p.required.includes(token))) {
      report({
        file: e.file,
        pointer: at,
        message: `\`x-partition-key\` ${q(raw)} of \`${e.eventType}\` points at ${q(path)}, which is optional; a message without it would have no key. Add ${q(token)} to \`required\`.`,
      });
      return;
    }
    schema = followLocalRefs(bundle, (declaring.properties as JsonObject)[token]);
  }
  const types = isJsonObject(schema) ? typesOf(schema) : [];
  if (types.length !== 1 || (types[0] !== 'string' && types[0] !== 'integer')) {
    report({
      file: e.file,
      pointer: at,
      message: `\`x-partition-key\` ${q(raw)} of \`${e.eventType}\` points at a property of type ${types.length ? types.map((t) => q(t)).join(' | ') : 'unstated'}; a Kafka key is one string or integer. Point it at a \`"type": "string"\` or \`"type": "integer"\` property.`,
    });
  }
}

function checkExamples(ctx: LintContext, e: EventContract, report: Report): void {
  if (!Array.isArray(e.schema.examples) || e.examples.length === 0) return; // EXAMPLE_MISSING
  if (ctx.hasLoadErrors(e.file)) return;
  const compiled = ctx.compile(e);
  if ('error' in compiled) return; // SCHEMA_INVALID reports why the schema does not compile
  const validate = compiled.validate;
  e.examples.forEach((example, i) => {
    if (validate(example)) return;
    for (const err of (validate.errors ?? []).slice(0, 20)) {
      let instancePath = err.instancePath;
      let fact = `${instancePath ? q(instancePath) : 'the payload'} ${err.message ?? 'is invalid'}`;
      if (err.keyword === 'additionalProperties') {
        const extra = String((err.params as { additionalProperty?: unknown }).additionalProperty);
        instancePath = `${instancePath}/${escapePointerToken(extra)}`;
        fact = `property ${q(extra)} is not allowed (closed content model)`;
      } else if (err.keyword === 'required') {
        fact = `${instancePath ? q(instancePath) : 'the payload'} lacks required property ${q((err.params as { missingProperty?: unknown }).missingProperty)}`;
      } else if (err.keyword === 'enum') {
        fact += ` (${((err.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => quote(v)).join(', ')})`;
      }
      report({
        file: e.file,
        pointer: `/examples/${i}${instancePath}`,
        message: `Example ${i} of \`${e.eventType}\` does not validate: ${fact}. Fix the example or the schema.`,
      });
    }
  });
}

export const CONTRACT_PAYLOAD_RULES = [
  {
    id: 'PARTITION_KEY',
    stage: 'lint',
    generate: 'refuse',
    severity: 'error',
    purpose:
      '`x-partition-key` is present and points at a required string or integer property of `data`: it becomes the Kafka message key, which decides ordering.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) checkPartitionKey(ctx, e, report);
    },
  },
  {
    id: 'EXAMPLE_MISSING',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'error',
    purpose: 'Every contract carries at least one example payload in `examples`: it documents the event and tests the schema.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) {
        if (Array.isArray(e.schema.examples) && e.schema.examples.length > 0) continue;
        report({
          file: e.file,
          pointer: e.schema.examples === undefined ? '' : '/examples',
          message: `\`${e.eventType}\` has no example${e.schema.examples === undefined ? '' : ' (`examples` must be a non-empty array of payloads)'}. Add \`"examples": [{…}]\` with at least one realistic \`data\` payload.`,
        });
      }
    },
  },
  {
    id: 'EXAMPLE_INVALID',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'error',
    purpose: 'Every example validates against its schema (formats included), so documentation and schema agree.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) checkExamples(ctx, e, report);
    },
  },
] as const satisfies readonly LintRuleRow[];

export const CONTRACT_METADATA_RULES = [
  {
    id: 'DEPRECATED_WITHOUT_SUNSET',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'warning',
    purpose: 'A deprecated event names the date it stops being produced (`x-sunset`), so consumers can plan their migration.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) {
        if (e.schema.deprecated === true && e.schema['x-sunset'] === undefined) {
          report({
            file: e.file,
            pointer: '/deprecated',
            message: `\`${e.eventType}\` is deprecated but has no \`x-sunset\`. Add \`"x-sunset": "YYYY-MM-DD"\`, the date producers stop emitting it.`,
          });
        }
      }
    },
  },
  {
    id: 'SUNSET_INVALID',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'error',
    purpose: '`x-sunset` is a real calendar date (YYYY-MM-DD) on a deprecated event.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) {
        const sunset = e.schema['x-sunset'];
        if (sunset === undefined) continue;
        if (typeof sunset !== 'string' || !isCalendarDate(sunset)) {
          report({
            file: e.file,
            pointer: '/x-sunset',
            message: `\`x-sunset\` ${q(sunset)} of \`${e.eventType}\` is not a calendar date. Write it as "YYYY-MM-DD" (e.g. "2027-06-30").`,
          });
        } else if (e.schema.deprecated !== true) {
          report({
            file: e.file,
            pointer: '/x-sunset',
            message: `\`${e.eventType}\` has \`x-sunset\` ${q(sunset)} but is not deprecated. Add \`"deprecated": true\`, or remove \`x-sunset\`.`,
          });
        }
      }
    },
  },
  {
    id: 'TOPIC_INVALID',
    stage: 'lint',
    generate: 'refuse',
    severity: 'error',
    purpose: 'The topic (`x-topic`, or the configured pattern applied) is a legal Kafka topic name.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) {
        const raw = e.schema['x-topic'];
        const topic = raw === undefined ? e.topic : raw;
        if (typeof topic === 'string' && TOPIC_RE.test(topic) && topic !== '.' && topic !== '..') continue;
        report({
          file: e.file,
          pointer: raw === undefined ? '' : '/x-topic',
          message: `Topic ${q(topic)} of \`${e.eventType}\` is not a legal Kafka topic name. Use 1 to 249 characters from [a-zA-Z0-9._-]${raw === undefined ? ' (fix `topics.pattern` in contracts.config.json)' : ''}.`,
        });
      }
    },
  },
  {
    id: 'OWNER_MISSING',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'info',
    purpose: 'An event names the team that owns it (`x-owner`), so consumers know whom to ask.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) {
        if (typeof e.schema['x-owner'] === 'string' && e.schema['x-owner'] !== '') continue;
        report({
          file: e.file,
          pointer: e.schema['x-owner'] === undefined ? '' : '/x-owner',
          message: `\`${e.eventType}\` names no owner. Add \`"x-owner": "<team>"\`.`,
        });
      }
    },
  },
] as const satisfies readonly LintRuleRow[];

function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
