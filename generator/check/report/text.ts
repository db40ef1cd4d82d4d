import { visible } from '../../report/index.js';
import type { DiffReport } from '../diff.js';
import { changedEvents, DIRECTION_READERS, migrationText, pathText, severityWord, statusWord, versionText } from './shared.js';

/** Plain text for terminals. */
export function renderDiffText(report: DiffReport): string {
  const s = report.summary;
  const lines: string[] = [];
  // Every pushed string is one line; schema text inside it is untrusted (controls are made visible).
  const out = { push: (...texts: string[]) => lines.push(...texts.map(visible)) };
  out.push(`Compared with ${report.against}.`);
  for (const e of changedEvents(report)) {
    out.push('', `${e.eventType}  ${statusWord(e)}  ${versionText(e).replace(/`/g, '')}  (${e.file})`);
    for (const c of e.changes) {
      const loc = c.line ? `${c.file}:${c.line}:${c.column}` : c.file;
      // The reviewer's words first, then Confluent's type and path (what the registry will say).
      const kind = `${c.type} ${pathText(c)}${c.direction ? ` [${DIRECTION_READERS[c.direction]}]` : ''}`;
      out.push(`  ${severityWord(c).padEnd(19)} ${c.summary ?? kind}`);
      if (c.summary) out.push(`    ${kind}`);
      out.push(`    ${loc}  ${c.fingerprint}`);
      if (c.severity === 'breaking') out.push(`    ${c.message}`);
    }
  }
  if (report.migrations.length) out.push('', 'Migrations:', ...report.migrations.map((m) => `  ${migrationText(m)}  (${m.file})`));
  out.push(
    '',
    `${s.changed} of ${s.eventTypes} event types changed: ${s.breaking} breaking (${s.blocking} not approved), ${s.compatible} compatible, ${s.documentation} documentation-only changes; ${s.added} added, ${s.removed} removed.`,
  );
  return `${lines.join('\n')}\n`;
}
