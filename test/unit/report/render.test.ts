import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../generator/core/diagnostic.js';
import { normalizeDiagnostics } from '../../../generator/core/diagnostic.js';
import { getAjv } from '../../../generator/ajv/index.js';
import {
  MARKDOWN_MAX_ROWS,
  REPORT_FORMATS,
  escapeGithubData,
  escapeGithubProperty,
  renderDiagnostics,
  type ToolInfo,
} from '../../../generator/report/index.js';

/**
 * Golden files per format (test/unit/report/golden/), updated deliberately with
 * `npx vitest run --project unit test/unit/report -u` and reviewed like code.
 */
const INJECTION = 'evil `code` | pipe </td><script>x</script> @octocat #1 [x](javascript:1) 100% \r\n::error::forged \u001b[31mred\u202eright-to-left';

const TOOL: ToolInfo = {
  name: 'contracts',
  version: '1.2.3',
  command: 'lint',
  rules: [
    { id: 'PARTITION_KEY', purpose: 'x-partition-key points at a required string or integer property.', severity: 'error' },
    { id: 'UNKNOWN_EXTENSION', purpose: 'Only known x- keywords.', severity: 'warning' },
    { id: 'OWNER_MISSING', purpose: 'An event names its owner.', severity: 'info' },
  ],
};

const DIAGNOSTICS: Diagnostic[] = normalizeDiagnostics([
  {
    ruleId: 'PARTITION_KEY',
    severity: 'error',
    message: '`x-partition-key` `/id` of `shop.thing.done.v1` points at `/id`, which is optional. Add `id` to `required`.',
    file: 'schemas/shop/thing.done.v1.json',
    pointer: '/x-partition-key',
    line: 6,
    column: 3,
  },
  {
    ruleId: 'UNKNOWN_EXTENSION',
    severity: 'warning',
    message: `Keyword ${INJECTION} is unknown.`,
    file: 'schemas/shop/a b,c:d%.json',
    pointer: '/x-evil',
    line: 12,
    column: 5,
  },
  {
    ruleId: 'OWNER_MISSING',
    severity: 'info',
    message: '`shop.thing.done.v1` names no owner. Add `"x-owner": "<team>"`.',
    file: 'schemas/shop/thing.done.v1.json',
    pointer: '',
    line: 1,
    column: 1,
  },
  { ruleId: 'INTERNAL_RULE_ERROR', severity: 'error', message: 'Rule X crashed (boom); this is a bug.', file: '', pointer: '', line: 0, column: 0 },
  {
    ruleId: 'ID_COLLISION',
    severity: 'error',
    message: '`$id` `https://x.test/a.json` is also declared in `schemas/_shared/b.json`.',
    file: 'schemas/_shared/a.json',
    pointer: '/$id',
    line: 2,
    column: 3,
    related: [{ message: 'also declared here', file: 'schemas/_shared/b.json', pointer: '/$id', line: 2, column: 3 }],
  },
]);

const EXTENSION = { text: 'txt', json: 'json', github: 'github.txt', sarif: 'sarif.json', markdown: 'md' } as const;

describe('renderers', () => {
  it.each(REPORT_FORMATS)('%s matches its golden file', async (format) => {
    await expect(renderDiagnostics(format, DIAGNOSTICS, TOOL)).toMatchFileSnapshot(`./golden/diagnostics.${EXTENSION[format]}`);
  });

  it.each(REPORT_FORMATS)('%s renders an empty list', async (format) => {
    await expect(renderDiagnostics(format, [], TOOL)).toMatchFileSnapshot(`./golden/empty.${EXTENSION[format]}`);
  });

  it.each(REPORT_FORMATS)('%s is deterministic and does not mutate its input', (format) => {
    const copy = structuredClone(DIAGNOSTICS);
    expect(renderDiagnostics(format, DIAGNOSTICS, TOOL)).toBe(renderDiagnostics(format, DIAGNOSTICS, TOOL));
    expect(DIAGNOSTICS).toEqual(copy);
  });

  it.each(['text', 'github', 'markdown', 'sarif'] as const)('%s lets no control or bidi character through', (format) => {
    expect(renderDiagnostics(format, DIAGNOSTICS, TOOL)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
  });

  it('github: one annotation per line, nothing forged', () => {
    const lines = renderDiagnostics('github', DIAGNOSTICS, TOOL).trimEnd().split('\n');
    expect(lines).toHaveLength(DIAGNOSTICS.length);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) (file=[^,:]+,line=\d+,col=\d+,)?title=[A-Z_]+::/);
  });

  it.each([
    ['100%', '100%25', '100%25'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['a:b,c', 'a:b,c', 'a%3Ab%2Cc'],
    ['%0A', '%250A', '%250A'],
  ])('github escaping of %j', (given, data, property) => {
    expect(escapeGithubData(given)).toBe(data);
    expect(escapeGithubProperty(given)).toBe(property);
  });

  it('markdown: every table row has exactly four cells', () => {
    const rows = renderDiagnostics('markdown', DIAGNOSTICS, TOOL)
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| ---') && !l.startsWith('| Severity'));
    expect(rows).toHaveLength(DIAGNOSTICS.length);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(4);
    expect(rows.join('\n')).not.toMatch(/<script|@octocat/);
  });

  it('markdown: long lists are cut at MARKDOWN_MAX_ROWS with a note', () => {
    const many = Array.from({ length: MARKDOWN_MAX_ROWS + 5 }, (_, i) => ({ ...DIAGNOSTICS[0]!, line: i + 1 }));
    const md = renderDiagnostics('markdown', many, TOOL);
    expect(md.split('\n').filter((l) => l.startsWith('| ❌'))).toHaveLength(MARKDOWN_MAX_ROWS);
    expect(md).toContain('…and 5 more.');
  });

  it('json: parses back to the same diagnostics', () => {
    const doc = JSON.parse(renderDiagnostics('json', DIAGNOSTICS, TOOL)) as { diagnostics: Diagnostic[]; summary: Record<string, number> };
    expect(doc.diagnostics).toEqual(DIAGNOSTICS);
    expect(doc.summary).toEqual({ errors: 3, warnings: 1, infos: 1 });
  });

  it('sarif: valid for code scanning (required fields, relative URIs, regions, rule indexes, fingerprints)', () => {
    const log = JSON.parse(renderDiagnostics('sarif', DIAGNOSTICS, TOOL)) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[];
    };
    const validate = getAjv('draft-07').compile(CODE_SCANNING_SARIF);
    expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const run = log.runs[0];
    for (const r of run?.results ?? []) expect(run?.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
  });
});

/**
 * What GitHub code scanning requires of an upload (its documented subset of SARIF 2.1.0).
 * The official OASIS schema is not vendored here (no network); the renderer is also typed
 * against @types/sarif, which follows it.
 */
const CODE_SCANNING_SARIF = {
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string', minLength: 1 },
                  semanticVersion: { type: 'string' },
                  rules: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['id', 'shortDescription'],
                      properties: {
                        id: { type: 'string', minLength: 1 },
                        shortDescription: { type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 1024 } } },
                        defaultConfiguration: { type: 'object', properties: { level: { enum: ['none', 'note', 'warning', 'error'] } } },
                      },
                    },
                  },
                },
              },
            },
          },
          automationDetails: { type: 'object', properties: { id: { type: 'string', pattern: '/$' } } },
          results: {
            type: 'array',
            maxItems: 25000,
            items: {
              type: 'object',
              required: ['ruleId', 'message', 'partialFingerprints'],
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: 0 },
                level: { enum: ['none', 'note', 'warning', 'error'] },
                message: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } },
                partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
                locations: {
                  type: 'array',
                  maxItems: 1000,
                  items: {
                    type: 'object',
                    required: ['physicalLocation'],
                    properties: {
                      physicalLocation: {
                        type: 'object',
                        required: ['artifactLocation', 'region'],
                        properties: {
                          artifactLocation: {
                            type: 'object',
                            required: ['uri'],
                            properties: {
                              uri: { type: 'string', format: 'uri-reference', not: { pattern: '^(/|[a-zA-Z][a-zA-Z0-9+.-]*:)' } },
                              uriBaseId: { type: 'string' },
                            },
                          },
                          region: {
                            type: 'object',
                            required: ['startLine'],
                            properties: { startLine: { type: 'integer', minimum: 1 }, startColumn: { type: 'integer', minimum: 1 } },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};
