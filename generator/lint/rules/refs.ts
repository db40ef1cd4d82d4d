/** Rules across files: unique ids, one draft per reference graph. */
import { isJsonObject } from '../../core/json.js';
import { getAtPointer } from '../../core/json-pointer.js';
import type { Draft } from '../../core/config.js';
import type { DeclaredId } from '../../load/index.js';
import { fileDraft } from '../../load/index.js';
import type { LintRuleRow } from '../context.js';
import { q } from './shared.js';

export const REFS_RULES = [
  {
    id: 'ID_COLLISION',
    stage: 'lint',
    generate: 'refuse',
    severity: 'error',
    purpose: 'Each `$id` is declared once in the repository; two schemas with one id make `$ref` resolution ambiguous.',
    check(ctx, report) {
      for (const [uri, declared] of ctx.catalog.ids ?? new Map<string, readonly DeclaredId[]>()) {
        if (declared.length < 2 || uri.startsWith('repo:')) continue;
        for (const d of declared) {
          const others = declared.filter((o) => o !== d).map((o) => (o.pointer ? `${o.file}#${o.pointer}` : o.file));
          const isAnchor = uri.includes('#');
          const json = ctx.catalog.files.get(d.file)?.json;
          const node = getAtPointer(json, d.pointer);
          const key =
            isJsonObject(node) && node.$anchor !== undefined && isAnchor
              ? '$anchor'
              : isJsonObject(node) && node.$id === undefined && node.id !== undefined
                ? 'id'
                : '$id';
          report({
            file: d.file,
            pointer: `${d.pointer}/${key}`,
            message: `${isAnchor ? 'Anchor' : '`$id`'} ${q(uri)} is also declared in ${others.map((o) => `\`${o}\``).join(', ')}; references to it are ambiguous. Give each schema its own id.`,
          });
        }
      }
    },
  },
  {
    id: 'MIXED_DRAFT_REFERENCE',
    stage: 'lint',
    // The validators of one event compile with one draft's semantics: a reference across drafts would be misread.
    generate: 'refuse',
    severity: 'error',
    purpose:
      "A schema and the files its `$ref`s reach use one draft: registry clients compile a registered schema and its references with the validator of the root's draft, which cannot load another draft's meta-schema.",
    check(ctx, report) {
      const draftOf = (file: string): Draft => fileDraft(ctx.catalog.files.get(file)?.json, ctx.catalog.config.defaultDraft);
      const seen = new Set<string>();
      for (const edge of ctx.catalog.refs ?? []) {
        const target = edge.target?.file;
        if (target === undefined || target === edge.file || seen.has(`${edge.file}\u0000${target}`)) continue;
        const [from, to] = [draftOf(edge.file), draftOf(target)];
        if (from === to) continue;
        seen.add(`${edge.file}\u0000${target}`);
        report({
          file: edge.file,
          pointer: `${edge.pointer}/$ref`,
          message: `${q(edge.file)} (${from}) references ${q(target)}, which is ${to}: other teams' decoders compile the registered schema and its references with one ${from} validator, which cannot load ${to}'s meta-schema. Use one draft for both: change \`$schema\` in one of the files (with \`$defs\` ↔ \`definitions\`), or copy the definition.`,
        });
      }
    },
  },
] as const satisfies readonly LintRuleRow[];
