import type { DiffReport } from '../diff.js';
import { migrationText, pathText, severityWord, statusWord, versionText } from './shared.js';

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

/** JUnit XML: one testcase per event type; unapproved breaking changes are failures. */
export function renderDiffJunit(report: DiffReport): string {
  const cases: string[] = [];
  let failures = 0;
  for (const e of report.events) {
    const classname = `contracts.${e.eventType.split('.')[0] ?? ''}`;
    const blocking = e.changes.filter((c) => c.severity === 'breaking' && !c.accepted);
    const summary = `${statusWord(e)}; ${versionText(e)}`;
    const body: string[] = [];
    if (blocking.length) {
      failures++;
      const detail = blocking
        .map(
          (c) => `${c.summary ? `${c.summary} ` : ''}${c.type} at ${pathText(c)} (${c.line ? `${c.file}:${c.line}` : c.file}): ${c.message} [${c.fingerprint}]`,
        )
        .join('\n');
      body.push(`      <failure message="${xml(`${blocking.length} breaking change(s) in ${e.eventType}`)}" type="BREAKING_CHANGE">${xml(detail)}</failure>`);
    }
    const out = e.changes.map((c) => `${severityWord(c)}: ${c.summary ? `${c.summary} ` : ''}${c.type} at ${pathText(c)}`).join('\n');
    body.push(`      <system-out>${xml(`${summary}${out ? `\n${out}` : ''}`)}</system-out>`);
    cases.push(`    <testcase classname="${xml(classname)}" name="${xml(e.eventType)}" file="${xml(e.file)}">\n${body.join('\n')}\n    </testcase>`);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="contracts diff" tests="${report.events.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${xml(`contracts diff against ${report.against}`)}" tests="${report.events.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    // Migrations are reviewed, not judged: listed on the suite's output, never a testcase or a failure.
    ...(report.migrations.length
      ? [`    <system-out>${xml(report.migrations.map((m) => `migration ${migrationText(m)} (${m.file})`).join('\n'))}</system-out>`]
      : []),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
