/**
 * The registered form an older version of this tool produced (before issue 9): reference names
 * without the leading `/`, no `$id` on shared schemas, the contract's `x-` keywords and `format` in
 * the schema, no metadata. `olderRegisteredForm` derives it from today's registration unit; the unit
 * test in test/unit/register/form-change.test.ts pins it to what that version really registered
 * (test/fixtures/register/older-form/registered.json), so integration tests can pre-fill any
 * registry (with unique subject names) by plain HTTP.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonObject } from '../../generator/core/json.js';
import { mapRefs, annotationsOf, restoreAnnotations, canonicalSchemaText } from '../../generator/registration/index.js';
import type { RegistrationUnit } from '../../generator/registration/index.js';

export const OLDER_FORM_DIR = fileURLToPath(new URL('../fixtures/register/older-form/', import.meta.url));

export interface OlderRegistration {
  subject: string;
  schema: string;
  references: { name: string; subject: string; version: number }[];
}

/** The older name of a reference: today's `/_shared/money.json` was `_shared/money.json`. */
const olderName = (name: string): string => name.replace(/^\//, '');

/** What the older version registered for `unit` (every referenced subject at version 1). */
export function olderRegisteredForm(unit: RegistrationUnit): OlderRegistration {
  const restored = restoreAnnotations(unit.schema, annotationsOf(unit.metadata) ?? {});
  if (unit.kind === 'shared') {
    delete restored.$id;
    delete restored.id;
  }
  const names = new Set(unit.references.map((r) => r.name));
  const schema = mapRefs(restored, (ref) => {
    const base = ref.split('#')[0] as string;
    return names.has(base) ? olderName(base) + ref.slice(base.length) : undefined;
  }) as JsonObject;
  return {
    subject: unit.subject,
    schema: canonicalSchemaText(schema),
    references: unit.references.map((r) => ({ name: olderName(r.name), subject: r.subject, version: 1 })),
  };
}

/** The fixture repository's files (path → text), with `rename` applied to paths and `$ref`s. */
export function olderFormRepo(rename: (text: string) => string = (t) => t): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[rename(relative(OLDER_FORM_DIR, path))] = rename(readFileSync(path, 'utf8'));
    }
  };
  walk(join(OLDER_FORM_DIR, 'schemas'));
  return files;
}

/** Registers the older form by plain HTTP, as the older version did: schema, references, then the subject's level. */
export async function registerOlderForm(registryUrl: string, registrations: readonly OlderRegistration[]): Promise<void> {
  const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' };
  for (const r of registrations) {
    const path = `${registryUrl}/subjects/${encodeURIComponent(r.subject)}`;
    const posted = await fetch(`${path}/versions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ schemaType: 'JSON', schema: r.schema, references: r.references }),
    });
    if (!posted.ok) throw new Error(`pre-filling ${r.subject}: HTTP ${posted.status} ${await posted.text()}`);
    const config = await fetch(`${registryUrl}/config/${encodeURIComponent(r.subject)}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ compatibility: 'FULL_TRANSITIVE', compatibilityPolicy: 'LENIENT' }),
    });
    if (!config.ok) throw new Error(`setting the level of ${r.subject}: HTTP ${config.status} ${await config.text()}`);
  }
}
