import { createHash } from 'node:crypto';
import type * as Sarif from 'sarif';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { visible } from './escape.js';
import type { ReportFormat, RuleDescriptor, ToolInfo } from './types.js';

/**
 * Render normalized diagnostics (see core/diagnostic.ts `normalizeDiagnostics`) in one of the
 * report formats. Pure: same input, same bytes; ends with a newline. Generic over the
 * producing command (lint, check, …): everything command-specific comes in `tool`.
 */
export function renderDiagnostics(format: ReportFormat, diagnostics: readonly Diagnostic[], tool: ToolInfo): string {
  switch (format) {
    case 'text':
      return renderText(diagnostics);
    case 'json':
      return renderJson(diagnostics, tool);
    case 'github':
      return renderGithub(diagnostics);
    case 'sarif':
      return renderSarif(diagnostics, tool);
    case 'markdown':
      return renderMarkdown(diagnostics, tool);
  }
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  files: number;
}

export function summarize(diagnostics: readonly Diagnostic[]): Summary {
  return {
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    infos: diagnostics.filter((d) => d.severity === 'info').length,
    files: new Set(diagnostics.map((d) => d.file).filter(Boolean)).size,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryLine(s: Summary): string {
  if (s.errors + s.warnings + s.infos === 0) return 'No problems found.';
  const parts = [plural(s.errors, 'error'), plural(s.warnings, 'warning')];
  if (s.infos) parts.push(`${s.infos} info`);
  return `${parts.join(', ')}${s.files ? ` in ${plural(s.files, 'file')}` : ''}.`;
}

function location(d: Diagnostic): string {
  const file = d.file ? visible(d.file) : '(repository)';
  return d.line > 0 ? `${file}:${d.line}:${d.column}` : file;
}

/** `file:line:col  severity  RULE_ID  message`, one per line, then a summary line. */
export function renderText(diagnostics: readonly Diagnostic[]): string {
  const lines = diagnostics.map((d) => `${location(d)}  ${d.severity}  ${d.ruleId}  ${visible(d.message)}`);
  lines.push(summaryLine(summarize(diagnostics)));
  return `${lines.join('\n')}\n`;
}

/** A stable JSON document: tool, summary, diagnostics (fields in a fixed order). */
export function renderJson(diagnostics: readonly Diagnostic[], tool: ToolInfo): string {
  const s = summarize(diagnostics);
  const doc = {
    tool: { name: tool.name, version: tool.version, command: tool.command },
    summary: { errors: s.errors, warnings: s.warnings, infos: s.infos },
    diagnostics: diagnostics.map((d) => ({
      ruleId: d.ruleId,
      severity: d.severity,
      message: d.message,
      file: d.file,
      pointer: d.pointer,
      line: d.line,
      column: d.column,
      ...(d.related?.length ? { related: d.related } : {}),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Workflow-command escaping of a message (data). */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command escaping of a property value (also `:` and `,`, which delimit properties). */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow annotations: `::error file=…,line=…,col=…,title=RULE_ID::message`. */
export function renderGithub(diagnostics: readonly Diagnostic[]): string {
  const lines = diagnostics.map((d) => {
    const props: string[] = [];
    if (d.file) props.push(`file=${escapeGithubProperty(visible(d.file))}`);
    if (d.file && d.line > 0) props.push(`line=${d.line}`, `col=${d.column}`);
    props.push(`title=${escapeGithubProperty(d.ruleId)}`);
    return `::${GITHUB_LEVEL[d.severity]} ${props.join(',')}::${escapeGithubData(visible(d.message))}`;
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

const SARIF_LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/** Percent-encode a repository-relative path as a relative URI reference (segment by segment). */
function pathToUri(path: string): string {
  return path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/** Fingerprint that survives lines moving: rule, file and JSON pointer (not the message, which may be reworded). */
export function fingerprint(d: Diagnostic): string {
  return createHash('sha256').update(`${d.ruleId}\u0000${d.file}\u0000${d.pointer}`).digest('hex').slice(0, 32);
}

/**
 * SARIF 2.1.0 for code scanning: one run, the tool with its rule descriptors, one result per
 * diagnostic with a physical location (relative to %SRCROOT%), a logical location (the JSON
 * pointer) and `partialFingerprints` so alerts are tracked across commits.
 */
export function renderSarif(diagnostics: readonly Diagnostic[], tool: ToolInfo): string {
  const descriptors = new Map<string, RuleDescriptor | undefined>();
  for (const r of tool.rules ?? []) descriptors.set(r.id, r);
  for (const d of diagnostics) if (!descriptors.has(d.ruleId)) descriptors.set(d.ruleId, undefined);
  const ids = [...descriptors.keys()].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const rules: Sarif.ReportingDescriptor[] = ids.map((id) => {
    const r = descriptors.get(id);
    return {
      id,
      name: id
        .toLowerCase()
        .split('_')
        .map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)))
        .join(''),
      ...(r
        ? { shortDescription: { text: r.purpose }, fullDescription: { text: r.purpose }, defaultConfiguration: { level: SARIF_LEVEL[r.severity] } }
        : { shortDescription: { text: id } }),
      ...(tool.informationUri ? { helpUri: `${tool.informationUri}#${id.toLowerCase()}` } : {}),
    };
  });
  const results: Sarif.Result[] = diagnostics.map((d) => ({
    ruleId: d.ruleId,
    ruleIndex: index.get(d.ruleId) as number,
    level: SARIF_LEVEL[d.severity],
    message: { text: visible(d.message) },
    ...(d.file
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: pathToUri(d.file), uriBaseId: '%SRCROOT%' },
                region: { startLine: Math.max(1, d.line), startColumn: Math.max(1, d.column) },
              },
              ...(d.pointer ? { logicalLocations: [{ fullyQualifiedName: visible(`${d.file}#${d.pointer}`), kind: 'object' }] } : {}),
            },
          ],
        }
      : {}),
    ...(d.related?.length
      ? {
          relatedLocations: d.related.map((r, i) => ({
            id: i + 1,
            message: { text: visible(r.message) },
            physicalLocation: {
              artifactLocation: { uri: pathToUri(r.file), uriBaseId: '%SRCROOT%' },
              region: { startLine: Math.max(1, r.line), startColumn: Math.max(1, r.column) },
            },
          })),
        }
      : {}),
    partialFingerprints: { 'contractsPointer/v1': fingerprint(d) },
  }));
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            semanticVersion: tool.version,
            version: tool.version,
            ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
            rules,
          },
        },
        automationDetails: { id: `${tool.name}/${tool.command}/` },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Escape text for a Markdown table cell outside code spans (no HTML, no mentions, no links, no pipes). */
function mdText(text: string): string {
  return visible(text)
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/([*_[\]#~!])/g, '\\$1')
    .replace(/@/g, '&#64;');
}

/** A code span that survives any content: pipes escaped for tables, fence longer than any backtick run inside. */
function mdCode(text: string): string {
  const body = visible(text).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || body === '' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A message: its own `code` spans stay code (escaped), the rest is escaped text. Unbalanced backticks: all text. */
function mdMessage(message: string): string {
  const parts = message.split('`');
  if (parts.length % 2 === 0) return mdText(message);
  return parts.map((p, i) => (i % 2 === 1 ? mdCode(p) : mdText(p))).join('');
}

const MD_ICON: Record<Severity, string> = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' };

/** Rows shown in a PR comment (GitHub caps a comment at 65 536 characters). */
export const MARKDOWN_MAX_ROWS = 200;

/** A pull-request comment: heading with counts, then one table row per diagnostic (at most MARKDOWN_MAX_ROWS). */
export function renderMarkdown(diagnostics: readonly Diagnostic[], tool: ToolInfo): string {
  const s = summarize(diagnostics);
  const heading = `### ${mdText(`${tool.name} ${tool.command}`)}: ${s.errors + s.warnings + s.infos === 0 ? '✅ ' : s.errors ? '❌ ' : '⚠️ '}${mdText(summaryLine(s))}`;
  if (diagnostics.length === 0) return `${heading}\n`;
  const shown = diagnostics.slice(0, MARKDOWN_MAX_ROWS);
  const rows = shown.map((d) => {
    const where = d.file ? mdCode(d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file) : '';
    return `| ${MD_ICON[d.severity]} | ${mdCode(d.ruleId)} | ${where} | ${mdMessage(d.message)} |`;
  });
  const more = diagnostics.length - shown.length;
  const tail = more > 0 ? ['', `…and ${more} more. Run \`${mdText(`${tool.name} ${tool.command}`)}\` locally for the full list.`, ''] : [''];
  return [heading, '', '| Severity | Rule | Location | Message |', '| --- | --- | --- | --- |', ...rows, ...tail].join('\n');
}
