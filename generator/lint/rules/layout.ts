/** Rules on how contracts sit in the layout: ids match paths, versions are consecutive. */
import type { EventContract } from '../../load/index.js';
import { idKeyword } from '../../core/drafts.js';
import { eventTypeToPath } from '../../load/index.js';
import type { LintRuleRow } from '../context.js';
import { q } from './shared.js';

export const LAYOUT_RULES = [
  {
    id: 'EVENT_ID_PATH',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'warning',
    purpose: "A contract's `$id` ends with its layout path (`…/<domain>/<action>.v<N>.json`) so ids and files cannot drift apart.",
    check(ctx, report) {
      for (const e of ctx.catalog.events) {
        // The id keyword of the file's draft: `$id` means nothing in draft-04 (`id` does).
        const keyword = idKeyword(e.draft);
        const id = e.schema[keyword];
        if (typeof id !== 'string') continue;
        const tail = `/${e.domain}/${e.action}.v${e.version}`;
        const path = id.replace(/[?#].*$/, '');
        if (!path.endsWith(`${tail}.json`) && !path.endsWith(tail)) {
          report({
            file: e.file,
            pointer: `/${keyword}`,
            message: `\`${keyword}\` ${q(id)} of \`${e.file}\` does not end with \`${tail}.json\`, so it names a different event than the file. Make it end with \`${tail}.json\`.`,
          });
        }
      }
    },
  },
  {
    id: 'VERSION_GAP',
    stage: 'lint',
    generate: 'tolerate',
    severity: 'error',
    purpose: 'Versions of an event are consecutive from v1: a gap means a file was deleted or misnumbered, and consumers pinned to it lose their contract.',
    check(ctx, report) {
      const byName = new Map<string, EventContract[]>();
      for (const e of ctx.catalog.events) {
        const name = `${e.domain}.${e.action}`;
        byName.set(name, [...(byName.get(name) ?? []), e]);
      }
      for (const [name, events] of byName) {
        const have = new Set(events.map((e) => e.version));
        for (const e of [...events].sort((a, b) => a.version - b.version)) {
          const missing: number[] = [];
          for (let v = e.version - 1; v >= 1 && !have.has(v); v--) missing.unshift(v);
          if (missing.length === 0) continue;
          if (missing.length > 20) missing.splice(3, missing.length - 6, NaN);
          const list = missing.map((v) => (Number.isNaN(v) ? '…' : `v${v}`)).join(', ');
          report({
            file: e.file,
            pointer: '',
            message: `\`${name}\` has v${e.version} but no ${list} (${eventTypeToPath(`${name}.v${missing[0]}`)}); versions are consecutive from v1. Restore the missing file (keep retired versions with \`"deprecated": true\` and \`x-sunset\`) or renumber this one.`,
          });
        }
      }
    },
  },
] as const satisfies readonly LintRuleRow[];
