import type { DiffReport } from '../diff.js';
import type { JudgedChange } from '../model.js';
import { pathText } from './shared.js';

import { escapeGithubData as escapeData, escapeGithubProperty as escapeProperty, visible } from '../../report/index.js';

function level(c: JudgedChange): 'error' | 'warning' | 'notice' {
  if (c.severity === 'breaking') return c.accepted ? 'warning' : 'error';
  return 'notice';
}

/**
 * One workflow command per change, on the schema file and line the change points at
 * (`::error file=schemas/order/placed.v1.json,line=12,col=7,title=…::…`). GitHub shows them
 * on the PR diff.
 */
export function renderDiffGithub(report: DiffReport): string {
  const lines: string[] = [];
  for (const e of report.events) {
    for (const c of e.changes) {
      const props = [`file=${escapeProperty(c.file)}`];
      if (c.line) props.push(`line=${c.line}`);
      if (c.column) props.push(`col=${c.column}`);
      props.push(`title=${escapeProperty(visible(`${e.eventType}: ${c.type} (${c.severity}${c.accepted ? ', approved' : ''})`))}`);
      // The reviewer's words first; Confluent's type and path after them.
      lines.push(
        `::${level(c)} ${props.join(',')}::${escapeData(visible(`${c.summary ? `${c.summary} ` : ''}${pathText(c)}: ${c.message} [${c.fingerprint}]`))}`,
      );
    }
  }
  for (const m of report.migrations) {
    lines.push(
      `::notice file=${escapeProperty(m.file)},title=${escapeProperty(`${m.eventType}: migration ${m.status}`)}::${escapeData(`${m.direction} ${m.from} → ${m.to} (${m.file})`)}`,
    );
  }
  const s = report.summary;
  lines.push(
    `::notice title=${escapeProperty('contracts diff')}::${escapeData(`${s.changed} of ${s.eventTypes} event types changed against ${report.against}: ${s.breaking} breaking (${s.blocking} not approved), ${s.compatible} compatible, ${s.documentation} documentation-only changes.`)}`,
  );
  return `${lines.join('\n')}\n`;
}
