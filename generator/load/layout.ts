/** The fixed repository layout (README "Contract layout"). */
export const SCHEMAS_DIR = 'schemas';
export const CONFIG_FILE = 'contracts.config.json';

const SEGMENT = '[a-z][a-z0-9-]*';
const SEGMENT_RE = new RegExp(`^${SEGMENT}$`);
const EVENT_FILE_RE = new RegExp(`^(${SEGMENT}(?:\\.${SEGMENT})*)\\.v([1-9][0-9]*)\\.json$`);

export type LayoutEntry =
  { kind: 'event'; domain: string; action: string; version: number; eventType: string } | { kind: 'shared' } | { kind: 'misnamed'; reason: string };

/**
 * Classify a repository-relative path under `schemas/`:
 * `schemas/<domain>/<action>.v<N>.json` is an event type, anything under a folder whose
 * name starts with `_` is a shared definition, everything else is misnamed (with the reason).
 */
export function classifySchemaPath(path: string): LayoutEntry {
  const parts = path.split('/');
  if (parts[0] !== SCHEMAS_DIR) return { kind: 'misnamed', reason: `it is not under \`${SCHEMAS_DIR}/\`` };
  const inner = parts.slice(1);
  if (inner.slice(0, -1).some((p) => p.startsWith('_'))) return { kind: 'shared' };
  if (inner.length !== 2) {
    return {
      kind: 'misnamed',
      reason:
        inner.length === 1
          ? 'event schemas live in a domain folder (`schemas/<domain>/<action>.v<N>.json`), shared definitions in a folder starting with `_`'
          : 'event schemas are exactly one folder deep (`schemas/<domain>/<action>.v<N>.json`)',
    };
  }
  const [domain = '', fileName = ''] = inner;
  if (!SEGMENT_RE.test(domain)) {
    return { kind: 'misnamed', reason: `the domain folder \`${domain}\` is not a lowercase segment \`[a-z][a-z0-9-]*\`` };
  }
  const match = EVENT_FILE_RE.exec(fileName);
  if (!match) {
    return {
      kind: 'misnamed',
      reason: `the file name \`${fileName}\` is not \`<action>.v<N>.json\` (lowercase \`[a-z][a-z0-9-]*\` segments separated by dots, N a positive integer without leading zeros)`,
    };
  }
  const action = match[1] ?? '';
  const version = Number(match[2]);
  if (!Number.isSafeInteger(version)) {
    return { kind: 'misnamed', reason: `the version \`v${match[2]}\` is too large` };
  }
  return { kind: 'event', domain, action, version, eventType: `${domain}.${action}.v${version}` };
}

/** The file an event type lives in: `order.item.added.v1` → `schemas/order/item.added.v1.json`. */
export function eventTypeToPath(eventType: string): string | undefined {
  const match = /^([a-z][a-z0-9-]*)\.(.+)\.v([1-9][0-9]*)$/.exec(eventType);
  if (!match) return undefined;
  return `${SCHEMAS_DIR}/${match[1]}/${match[2]}.v${match[3]}.json`;
}

/**
 * Topic of an event from the configured pattern. Placeholders: `{domain}`, `{action}` (the
 * whole action, dots included), `{entity}` (the action without its last segment, or the
 * domain when the action is one segment), `{verb}` (last action segment), `{version}`.
 */
export function applyTopicPattern(pattern: string, e: { domain: string; action: string; version: number }): string {
  const segments = e.action.split('.');
  const values: Record<string, string> = {
    domain: e.domain,
    action: e.action,
    entity: segments.length > 1 ? segments.slice(0, -1).join('.') : e.domain,
    verb: segments[segments.length - 1] ?? e.action,
    version: String(e.version),
  };
  return pattern.replace(/\{(domain|action|entity|verb|version)\}/g, (_m, key: string) => values[key] ?? '');
}
