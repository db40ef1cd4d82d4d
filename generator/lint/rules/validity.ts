/** Rules on whether a schema is a valid, compilable schema whose data is an object. */
import { isJsonObject } from '../../core/json.js';
import { escapePointerToken } from '../../core/json-pointer.js';
import { getMetaValidator } from '../../ajv/index.js';
import { walkSchema } from '../../core/walk-schema.js';
import { quote } from '../../core/quote.js';
import type { LintContext, LintedFile, LintRuleRow, Report } from '../context.js';
import { q, typesOf } from './shared.js';
import { followLocalRefs } from '../../core/json-pointer.js';

function checkMetaSchema(ctx: LintContext, f: LintedFile, report: Report): void {
  const validate = getMetaValidator(f.draft);
  if (!validate(f.schema)) {
    const byPath = new Map<string, string[]>();
    for (const err of validate.errors ?? []) {
      if (err.keyword === 'anyOf' || err.keyword === 'oneOf' || err.keyword === '$ref' || err.keyword === 'if') continue;
      let message = err.message ?? 'is invalid';
      if (err.keyword === 'enum') message += ` (${((err.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => quote(v)).join(', ')})`;
      const list = byPath.get(err.instancePath) ?? [];
      if (!list.includes(message)) list.push(message);
      byPath.set(err.instancePath, list);
    }
    for (const [pointer, messages] of byPath) {
      report({
        file: f.file,
        pointer,
        message: `${q(pointer || '/')} in ${q(f.file)} is not valid ${f.draft} JSON Schema: it ${messages.join(' or ')}. Fix the keyword's value (see the ${f.draft} specification).`,
      });
    }
    return;
  }
  // Meta-schemas do not check `format: "regex"`; a pattern that is no regular expression is pinned here.
  let badPattern = false;
  walkSchema(f.schema, ({ schema, pointer }) => {
    const candidates: [string, unknown][] = [[`${pointer}/pattern`, schema.pattern]];
    if (isJsonObject(schema.patternProperties)) {
      for (const key of Object.keys(schema.patternProperties)) candidates.push([`${pointer}/patternProperties/${escapePointerToken(key)}`, key]);
    }
    for (const [at, source] of candidates) {
      if (typeof source !== 'string') continue;
      try {
        new RegExp(source, 'u');
      } catch (error) {
        badPattern = true;
        report({
          file: f.file,
          pointer: at,
          message: `Pattern ${q(source)} in ${q(f.file)} is not a regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '').slice(0, 120)}). Fix it: patterns are ECMA-262 regular expressions with the \`u\` flag.`,
        });
      }
    }
  });
  // Valid against the meta-schema but still not compilable by ajv.
  if (badPattern || !f.event || ctx.hasLoadErrors(f.file)) return;
  const compiled = ctx.compile(f.event);
  if ('error' in compiled) {
    report({
      file: f.file,
      pointer: '',
      message: `\`${f.event.eventType}\` does not compile as ${f.draft} JSON Schema: ${compiled.error.message.slice(0, 200)}. Fix the schema so a validator can be generated from it.`,
    });
  }
}

export const VALIDITY_RULES = [
  {
    id: 'SCHEMA_INVALID',
    stage: 'lint',
    generate: 'refuse',
    severity: 'error',
    purpose: 'Each schema is valid against the meta-schema of its draft and compiles, so every tool reads it the same way.',
    check(ctx, report) {
      for (const f of ctx.schemaFiles) checkMetaSchema(ctx, f, report);
    },
  },
  {
    id: 'DATA_NOT_OBJECT',
    stage: 'lint',
    generate: 'refuse',
    severity: 'error',
    purpose: 'The `data` payload is a JSON object (`"type": "object"`), so it can grow fields and carry a partition key.',
    check(ctx, report) {
      for (const e of ctx.catalog.events) {
        // A root `$ref` (common in schemas generated from code) declares what its target declares.
        const root = typeof e.schema.$ref === 'string' && !ctx.hasLoadErrors(e.file) ? followLocalRefs(ctx.bundle(e), ctx.bundle(e)) : e.schema;
        const types = isJsonObject(root) ? typesOf(root) : [];
        if (types.length === 1 && types[0] === 'object') continue;
        const viaRef = root !== e.schema;
        report({
          file: e.file,
          pointer: viaRef ? '/$ref' : e.schema.type === undefined ? '' : '/type',
          message: viaRef
            ? `The root \`$ref\` of \`${e.eventType}\` points at a schema that is ${types.length ? `of type ${types.map((t) => q(t)).join(' | ')}` : 'not declared an object'}; event data is always one JSON object. Point it at an object schema (\`"type": "object"\` there).`
            : `The root of \`${e.eventType}\` is ${types.length ? `of type ${types.map((t) => q(t)).join(' | ')}` : 'not declared an object'}; event data is always one JSON object. Set \`"type": "object"\` at the root.`,
        });
      }
    },
  },
] as const satisfies readonly LintRuleRow[];
