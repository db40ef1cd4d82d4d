import { visible } from '../../report/index.js';
import type { DiffReport } from '../diff.js';
import type { JudgedChange } from '../model.js';
import { changedEvents, counts, DIRECTION_READERS, severityWord, statusWord, versionText } from './shared.js';

/** Escape text for a Markdown table cell (pipes, newlines) without touching code spans' content. */
function cell(text: string): string {
  return visible(text.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|');
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `` `#/` (differs at `#/anyOf/0/required/count`) `` */
function pathCell(ch: JudgedChange): string {
  return ch.detailPath ? `\`${cell(ch.path)}\` (differs at \`${cell(ch.detailPath)}\`)` : `\`${cell(ch.path)}\``;
}

/**
 * A PR comment: verdict line, summary table first, then one collapsible section per changed
 * event type with every change, its readers and its fingerprint.
 */
export function renderDiffMarkdown(report: DiffReport): string {
  const s = report.summary;
  const out: string[] = [];
  const changed = changedEvents(report);
  out.push('## Contract changes', '');
  const verdict = s.blocking
    ? `**${s.blocking} breaking change${s.blocking === 1 ? '' : 's'} not approved** — fix ${s.blocking === 1 ? 'it' : 'them'}, publish a new major, or approve in \`contracts.approvals.json\`.`
    : changed.length
      ? 'No unapproved breaking changes.'
      : 'No event type changed.';
  out.push(`Compared with ${cell(report.against)}. ${verdict}`, '');
  if (changed.length === 0) return `${[...out, ...migrationSection(report)].join('\n')}\n`;
  out.push('| Event type | Status | Breaking | Compatible | Docs | Version |', '|---|---|--:|--:|--:|---|');
  for (const e of changed) {
    const c = counts(e);
    out.push(`| \`${e.eventType}\` | ${statusWord(e)} | ${c.breaking} | ${c.compatible} | ${c.documentation} | ${cell(versionText(e))} |`);
  }
  const unchanged = report.events.length - changed.length;
  if (unchanged) out.push('', `${unchanged} other event type${unchanged === 1 ? '' : 's'} unchanged.`);
  for (const e of changed) {
    if (e.changes.length === 0) continue;
    const c = counts(e);
    const parts = [c.breaking && `${c.breaking} breaking`, c.compatible && `${c.compatible} compatible`, c.documentation && `${c.documentation} documentation`]
      .filter(Boolean)
      .join(', ');
    out.push(
      '',
      `<details${c.breaking && e.changes.some((x) => x.severity === 'breaking' && !x.accepted) ? ' open' : ''}>`,
      `<summary><code>${html(e.eventType)}</code> — ${parts} (<code>${html(e.file)}</code>${e.level ? `, ${e.level}/${e.policy}` : ''})</summary>`,
      '',
    );
    // What breaks for whom comes first; Confluent's change type (what the registry says) beside it.
    out.push('| Severity | What breaks | Change | Path | Line | Fingerprint |', '|---|---|---|---|--:|---|');
    for (const ch of e.changes) {
      // A change inside an inlined shared file is located in that file.
      const where = ch.file === e.file ? String(ch.line || '') : `<code>${html(ch.file)}${ch.line ? `:${ch.line}` : ''}</code>`;
      out.push(`| ${severityWord(ch)} | ${ch.summary ? cell(ch.summary) : '—'} | \`${ch.type}\` | ${pathCell(ch)} | ${where} | \`${ch.fingerprint}\` |`);
    }
    const explained = e.changes.filter((ch) => ch.severity === 'breaking');
    if (explained.length) {
      out.push('');
      for (const ch of explained) {
        const accepted = ch.accepted
          ? ch.accepted.by === 'approval'
            ? ` Approved: ${ch.accepted.approval.reason} (expires ${ch.accepted.approval.expires}).`
            : ` Accepted in ${ch.accepted.semver}.`
          : '';
        const lead = ch.summary ? `**${cell(ch.summary)}** ` : '';
        out.push(`- ${lead}\`${ch.type}\` at ${pathCell(ch)}${ch.direction ? ` (${DIRECTION_READERS[ch.direction]})` : ''}: ${cell(ch.message)}${accepted}`);
      }
    }
    out.push('', '</details>');
  }
  if (report.migrations.length) out.push('');
  return `${[...out, ...migrationSection(report)].join('\n')}\n`;
}

/** `### Migrations` with one row per added, changed or removed migration file (nothing when none). */
function migrationSection(report: DiffReport): string[] {
  if (report.migrations.length === 0) return [];
  const rows = report.migrations.map((m) => `| ${m.status} | ${m.direction} | \`${m.from}\` → \`${m.to}\` | \`${cell(m.file)}\` |`);
  return [
    '### Migrations',
    '',
    '| Status | Direction | Between | File |',
    '|---|---|---|---|',
    ...rows,
    '',
    `${report.migrations.length} migration file${report.migrations.length === 1 ? '' : 's'} changed; review them with the schemas they connect.`,
  ];
}
