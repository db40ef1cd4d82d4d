import type { DiffReport } from '../diff.js';
import type { JudgedChange } from '../model.js';
import { pathText } from './shared.js';

/** SARIF 2.1.0 log: one result per change, rule = Confluent change type, located in the schema file. */
export function renderDiffSarif(report: DiffReport): string {
  const changes = report.events.flatMap((e) => e.changes);
  const ruleIds = [...new Set(changes.map((c) => c.type))].sort();
  const results = changes.map((c: JudgedChange) => {
    const region: Record<string, number> = {};
    if (c.line) region.startLine = c.line;
    if (c.column) region.startColumn = c.column;
    return {
      ruleId: c.type,
      ruleIndex: ruleIds.indexOf(c.type),
      level: c.severity === 'breaking' ? (c.accepted ? 'warning' : 'error') : 'note',
      message: { text: `${c.eventType}: ${c.summary ? `${c.summary} ` : ''}${c.type} at ${pathText(c)}: ${c.message}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: c.file, uriBaseId: 'SRCROOT' }, ...(Object.keys(region).length ? { region } : {}) },
          logicalLocations: [{ name: c.detailPath ?? c.path, fullyQualifiedName: `${c.eventType}${c.detailPath ?? c.path}`, kind: 'member' }],
        },
      ],
      partialFingerprints: { contractsChange: c.fingerprint },
      properties: {
        eventType: c.eventType,
        severity: c.severity,
        ...(c.direction ? { direction: c.direction } : {}),
        ...(c.summary ? { summary: c.summary } : {}),
        ...(c.detailPath ? { path: c.path, detailPath: c.detailPath } : {}),
        approved: Boolean(c.accepted),
      },
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'contracts',
            fullName: 'event-contracts diff',
            rules: ruleIds.map((id) => ({ id, name: id, shortDescription: { text: id.toLowerCase().replace(/_/g, ' ') } })),
          },
        },
        originalUriBaseIds: { SRCROOT: { description: { text: 'The contracts repository root' } } },
        properties: { against: report.against, summary: report.summary, migrations: report.migrations },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
