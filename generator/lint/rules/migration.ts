/**
 * Lint rows for migrations (migrations/<domain>/<action>.v<N>-to-v<M>.ts). They read `ctx.migrations`, which the
 * CLI fills with the transpiled, loaded migrations (generator/migrations); without it they report nothing.
 * The examples are the migrations' contract: every example of v<N>, upcast, must validate against v<N+1> as
 * written (strict), and every example of v<N+1>, downcast, against v<N>.
 */
import type { EventContract } from '../../load/index.js';
import type { ValidateFunction } from '../../ajv/index.js';
import type { LintContext, LintRuleRow, Report } from '../context.js';

/** The context a migration sees when the gate runs it on an example (fixed values: the output is reproducible). */
export function exampleContext(event: EventContract): Record<string, string> {
  return {
    eventId: '00000000-0000-4000-8000-000000000000',
    eventType: event.eventType,
    eventVersion: `${event.version}.0.0`,
    timestamp: '2026-01-01T00:00:00.000Z',
    source: 'contracts-lint',
  };
}

function sunsetReached(sunset: string | undefined, now: Date): boolean {
  if (!sunset) return false;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(sunset) ? `${sunset}T00:00:00Z` : sunset);
  return !Number.isNaN(t) && now.getTime() >= t;
}

/** The first validation errors in one line (the message names the example; the pointer is into the migrated value). */
function formatErrors(errors: ValidateFunction['errors']): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((e) => {
      const at = e.instancePath || '/';
      if (e.keyword === 'additionalProperties')
        return `${at} has property ${JSON.stringify((e.params as { additionalProperty?: unknown }).additionalProperty)}, which is not allowed`;
      if (e.keyword === 'required') return `${at} lacks required property ${JSON.stringify((e.params as { missingProperty?: unknown }).missingProperty)}`;
      return `${at} ${e.message ?? 'is invalid'}`;
    })
    .join('; ');
}

function byType(ctx: LintContext): Map<string, EventContract> {
  return new Map(ctx.catalog.events.map((e) => [e.eventType, e]));
}

function checkExamples(ctx: LintContext, report: Report): void {
  const events = byType(ctx);
  for (const m of ctx.migrations?.files ?? []) {
    const from = events.get(m.from);
    const to = events.get(m.to);
    if (!from || !to || !m.migrate || ctx.hasLoadErrors(to.file)) continue;
    const compiled = ctx.compile(to);
    if ('error' in compiled) continue;
    from.examples.forEach((example, i) => {
      const where = `example ${i + 1} of \`${m.from}\` (${from.file}#/examples/${i})`;
      let out: unknown;
      try {
        // A structured clone: a migration that mutates its input must not change the next rule's examples.
        out = m.migrate!(structuredClone(example), exampleContext(from));
      } catch (error) {
        report({
          file: m.file,
          pointer: '',
          message: `The ${m.kind} \`${m.file}\` throws on ${where}: ${error instanceof Error ? error.message : String(error)}. Fix the migration, or the example if it is not a valid \`${m.from}\`.`,
        });
        return;
      }
      if (!compiled.validate(out)) {
        report({
          file: m.file,
          pointer: '',
          message: `The ${m.kind} \`${m.file}\` turns ${where} into an invalid \`${m.to}\`: ${formatErrors(compiled.validate.errors)}. Fix the migration so its output validates against ${to.file}.`,
        });
      }
    });
  }
}

/** Found by the migrations stage while reading and compiling (rows document them and make them configurable). */
const FOUND_WHILE_LOADING = [
  {
    id: 'MIGRATION_NAME_INVALID',
    purpose: 'Files in migrations/ are named `<domain>/<action>.v<N>-to-v<N±1>.ts`: the name says which majors a migration connects.',
    severity: 'error',
  },
  {
    id: 'MIGRATION_IMPORT',
    purpose: 'A migration imports types only: it is one self-contained pure function, compiled into the generated package on its own.',
    severity: 'error',
  },
  {
    id: 'MIGRATION_TYPE_ERROR',
    purpose:
      'A migration type-checks as `(data: <From>, ctx: MigrationContext) => <To>` against the generated types (checked by `contracts generate`, which fails with file:line).',
    severity: 'error',
  },
] as const satisfies readonly Omit<LintRuleRow, 'stage' | 'generate' | 'check'>[];

const LOADING_ROWS = FOUND_WHILE_LOADING.map((r) => ({ ...r, stage: 'load' as const, generate: 'refuse' as const, check: () => undefined }));

export const MIGRATION_RULES = [
  ...LOADING_ROWS,
  {
    id: 'MIGRATION_MISSING',
    purpose:
      'A new major whose previous major is still live (not past its x-sunset) has an upcast migration, so consumers read both through `onLatest` instead of writing their own conversion.',
    severity: 'warning',
    stage: 'lint',
    generate: 'tolerate',
    check(ctx, report) {
      if (!ctx.migrations) return;
      const events = byType(ctx);
      const upcasts = new Set(ctx.migrations.files.filter((m) => m.kind === 'upcast').map((m) => m.from));
      for (const e of ctx.catalog.events) {
        const previous = events.get(`${e.domain}.${e.action}.v${e.version - 1}`);
        if (!previous || upcasts.has(previous.eventType) || sunsetReached(previous.sunset, ctx.migrations.now)) continue;
        const file = `migrations/${e.domain}/${e.action}.v${previous.version}-to-v${e.version}.ts`;
        report({
          file: e.file,
          pointer: '',
          message: `\`${e.eventType}\` has no upcast from \`${previous.eventType}\`, which is live${previous.sunset ? ` until ${previous.sunset}` : ' (no x-sunset)'}: every consumer of both majors writes its own conversion. Add \`${file}\` (\`export default function upcast(data: …V${previous.version}): …V${e.version}\`).`,
        });
      }
    },
  },
  {
    id: 'MIGRATION_UNKNOWN_EVENT',
    purpose: 'A migration converts between event types that exist: a typo in its file name would otherwise compile into nothing.',
    severity: 'error',
    stage: 'lint',
    generate: 'tolerate',
    check(ctx, report) {
      const events = byType(ctx);
      for (const m of ctx.migrations?.files ?? []) {
        const missing = [m.from, m.to].filter((t) => !events.has(t));
        if (missing.length === 0) continue;
        const known = ctx.catalog.events
          .filter((e) => e.domain === m.domain)
          .map((e) => e.eventType)
          .sort();
        report({
          file: m.file,
          pointer: '',
          message: `\`${m.file}\` migrates ${m.kind === 'upcast' ? 'from' : 'to'} \`${m.from}\` → \`${m.to}\`, but ${missing.map((t) => `\`${t}\``).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} no event type (known in ${m.domain}: ${known.join(', ') || 'none'}). Rename the file after existing majors, or delete it.`,
        });
      }
    },
  },
  {
    id: 'MIGRATION_EXAMPLE_INVALID',
    purpose: "Examples are the migration's contract: each example of the source major, migrated, validates against the target major as written (strict).",
    severity: 'error',
    stage: 'lint',
    generate: 'tolerate',
    check: checkExamples,
  },
  {
    id: 'MIGRATION_PAST_SUNSET',
    purpose:
      'A downcast (the publisher bridge) to a major past its sunset does nothing any more: the bridge stopped by itself, so the file and the `bridge` option should go.',
    severity: 'warning',
    stage: 'lint',
    generate: 'tolerate',
    check(ctx, report) {
      const events = byType(ctx);
      for (const m of ctx.migrations?.files ?? []) {
        const to = events.get(m.to);
        if (m.kind !== 'downcast' || !to || !sunsetReached(to.sunset, ctx.migrations!.now)) continue;
        report({
          file: m.file,
          pointer: '',
          message: `\`${m.to}\` reached its sunset (${to.sunset}); the bridge built on \`${m.file}\` stopped publishing it. Delete \`${m.file}\` and \`'${m.from}'\` from the publisher's \`bridge\` option.`,
        });
      }
    },
  },
] as const satisfies readonly LintRuleRow[];
