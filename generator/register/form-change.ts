/**
 * Registered-form changes: whether the newest live version of a subject holds the same content as
 * what we would register, in a registered form an older version of this tool produced (reference
 * names without the leading `/`, no `$id` on shared schemas, `x-` keywords and `format` in the
 * schema), and what exactly differs. One row per kind (FORM_CHANGES): each rewrites the live
 * version one step toward ours and names what it changed; when the rewritten text equals ours,
 * the content is the same and the plan explains the new version with those phrases.
 * Pure, no I/O.
 */
import { draftFromSchemaUri, idKeyword } from '../core/drafts.js';
import type { Draft } from '../core/config.js';
import type { JsonObject } from '../core/json.js';
import { compareCodePoints } from '../core/order.js';
import { mapRefs, toRegisteredForm, canonicalSchemaText } from '../registration/index.js';
import type { RegisteredSchema } from './client.js';

export type FormChangeKind = 'keywords-moved' | 'reference-renamed' | 'id-changed';

/** A schema with its references (name → subject), the part the form rules look at. */
interface Form {
  schema: JsonObject;
  references: readonly { name: string; subject: string }[];
}

interface FormChangeRule {
  /** What the older form did, for docs and tests. */
  purpose: string;
  /** The live form one step closer to ours, and the phrase naming what this step changed (undefined: nothing). */
  rewrite(live: Form, ours: Form, draft: Draft): { form: Form; said?: string };
}

const FORM_CHANGES = {
  'keywords-moved': {
    purpose: 'contract keywords (x-…, format) were registered in the schema; they are Confluent metadata now',
    rewrite(live, _ours, draft) {
      const { schema, annotations } = toRegisteredForm(live.schema, draft);
      const keywords = [...new Set(Object.values(annotations).flatMap((k) => Object.keys(k)))].sort(compareCodePoints);
      return { form: { ...live, schema }, said: keywords.length ? `contract keywords moved to metadata (${keywords.join(', ')})` : undefined };
    },
  },
  'reference-renamed': {
    purpose: 'shared schemas were referenced as `_shared/money.json`; the name is the absolute `/_shared/money.json` now',
    rewrite(live, ours) {
      const renames = new Map<string, string>();
      for (const r of live.references) {
        const mine = ours.references.find((o) => o.subject === r.subject);
        if (mine && mine.name !== r.name) renames.set(r.name, mine.name);
      }
      if (renames.size === 0) return { form: live };
      const schema = mapRefs(live.schema, (ref) => {
        for (const [from, to] of renames) if (ref === from || ref.startsWith(`${from}#`)) return to + ref.slice(from.length);
        return undefined;
      }) as JsonObject;
      const references = live.references.map((r) => ({ ...r, name: renames.get(r.name) ?? r.name }));
      const list = [...renames].sort(([a], [b]) => compareCodePoints(a, b)).map(([from, to]) => `${from} → ${to}`);
      return { form: { schema, references }, said: `reference name${renames.size === 1 ? '' : 's'} ${list.join(', ')}` };
    },
  },
  'id-changed': {
    purpose: 'shared schemas were registered without `$id`; their `$id` is their reference name now',
    rewrite(live, ours, draft) {
      const key = idKeyword(draft);
      const [was, now] = [live.schema[key], ours.schema[key]];
      if (was === now) return { form: live };
      const schema = { ...live.schema };
      if (now === undefined) delete schema[key];
      else schema[key] = now;
      const said =
        was === undefined ? `${key} ${String(now)} added` : now === undefined ? `${key} ${String(was)} removed` : `${key} ${String(was)} → ${String(now)}`;
      return { form: { ...live, schema }, said };
    },
  },
} satisfies Record<FormChangeKind, FormChangeRule>;

/** Applied in this order: keywords first (the older form's schema as a whole), then names. */
const ORDER: readonly FormChangeKind[] = ['keywords-moved', 'reference-renamed', 'id-changed'];

export interface FormChange {
  /** The live version holding the same content. */
  version: number;
  kinds: FormChangeKind[];
  /** One line: `registered form changed: …` with one phrase per kind and the referenced versions that move. */
  text: string;
}

/**
 * How `live` differs from ours when only the registered form changed, or undefined (same form, or
 * different content). `references` are ours with their planned versions (undefined: registered in this run).
 */
export function registeredFormChange(
  live: RegisteredSchema,
  ours: { schema: JsonObject; schemaText: string; references: readonly { name: string; subject: string; version?: number }[] },
): FormChange | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(live.schema);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const declared = (parsed as JsonObject).$schema ?? ours.schema.$schema;
  const draft = (typeof declared === 'string' ? draftFromSchemaUri(declared) : undefined) ?? '2020-12';
  let form: Form = { schema: parsed as JsonObject, references: live.references };
  const kinds: FormChangeKind[] = [];
  const phrases: string[] = [];
  for (const kind of ORDER) {
    const step = FORM_CHANGES[kind].rewrite(form, { schema: ours.schema, references: ours.references }, draft);
    form = step.form;
    if (step.said) {
      kinds.push(kind);
      phrases.push(step.said);
    }
  }
  if (kinds.length === 0 || canonicalSchemaText(form.schema) !== ours.schemaText || !sameSubjects(form.references, ours.references)) return undefined;
  return { version: live.version, kinds, text: `registered form changed: ${[...phrases, ...movedReferences(live, ours.references)].join('; ')}` };
}

/** Purpose of each kind (docs, tests). */
export const FORM_CHANGE_PURPOSES: Readonly<Record<FormChangeKind, string>> = Object.fromEntries(ORDER.map((k) => [k, FORM_CHANGES[k].purpose])) as Record<
  FormChangeKind,
  string
>;

function sameSubjects(a: readonly { name: string; subject: string }[], b: readonly { name: string; subject: string }[]): boolean {
  const key = (refs: readonly { name: string; subject: string }[]): string =>
    refs
      .map((r) => `${r.name}\u0000${r.subject}`)
      .sort()
      .join('\u0001');
  return key(a) === key(b);
}

/** Phrases for references that will point at another version of their subject than the live version does. */
function movedReferences(live: RegisteredSchema, ours: readonly { subject: string; version?: number }[]): string[] {
  const sorted = [...ours].sort((a, b) => compareCodePoints(a.subject, b.subject));
  const pending = sorted.filter((r) => r.version === undefined).map((r) => r.subject);
  const moved = sorted.filter((r) => r.version !== undefined && r.version !== live.references.find((l) => l.subject === r.subject)?.version);
  return [
    ...(pending.length ? [`references the new version${pending.length === 1 ? '' : 's'} of ${pending.join(', ')} registered in this run`] : []),
    ...moved.map((r) => `references ${r.subject} version ${r.version} (was ${live.references.find((l) => l.subject === r.subject)?.version})`),
  ];
}
