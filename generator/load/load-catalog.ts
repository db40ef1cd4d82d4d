import type { Stats } from 'node:fs';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Draft } from '../core/config.js';
import type { Diagnostic, Severity } from '../core/diagnostic.js';
import { normalizeDiagnostics } from '../core/diagnostic.js';
import { quote } from '../core/quote.js';
import { InputError } from '../core/errors.js';
import type { JsonObject } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import type { Catalog, EventContract, SharedSchema, SourceFile } from './catalog.js';
import { resolveConfig } from './config.js';
import { draftFromSchemaUri } from '../core/drafts.js';
import { applyTopicPattern, classifySchemaPath, CONFIG_FILE, SCHEMAS_DIR } from './layout.js';
import type { DeclaredId, RefEdge } from './refs.js';
import { fileDraft, findPureRefCycles, resolveRef, scanFile } from './refs.js';
import type { LoadRuleId } from './rules.js';
import { applyRuleSettings, loadRuleSeverity } from './rules.js';
import type { ParseLimits } from './source.js';
import { DEFAULT_LIMITS, parseSource } from './source.js';
import { byField } from '../core/order.js';

export interface LoadOptions {
  /** Repository root (absolute, or relative to the current directory). */
  root: string;
  /** Size and depth limits for schema files. @default 1 MiB, 64 levels */
  limits?: Partial<ParseLimits>;
}

/**
 * Read a contracts repository: config, every JSON file under `schemas/`, the files their
 * `$ref`s name inside the root, then resolve every reference. Never throws for problems in
 * the files (they are diagnostics); throws InputError only when `root` is not a readable
 * directory. Never touches the network and never reads outside `root`.
 */
export async function loadCatalog(options: LoadOptions): Promise<Catalog> {
  const root = resolve(options.root);
  const limits: ParseLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const realRoot = await realRootOf(root);
  const reader = new RepoReader(root, realRoot, limits);

  const configFile = await reader.readOptional(CONFIG_FILE);
  const { config, diagnostics: configDiagnostics } = await resolveConfig(configFile);
  reader.diagnostics.push(...configDiagnostics);

  const schemaPaths = await reader.listJsonFiles(SCHEMAS_DIR);
  for (const path of schemaPaths) await reader.read(path);

  const { refs, ids } = await resolveAllRefs(reader, config.defaultDraft);
  const { events, shared } = buildContracts(reader, schemaPaths, config);

  const diagnostics = normalizeDiagnostics(applyRuleSettings(reader.diagnostics, config.rules));
  return { root, config, files: reader.files, events, shared, diagnostics, refs, ids };
}

async function realRootOf(root: string): Promise<string> {
  try {
    const info = await stat(root);
    if (!info.isDirectory()) throw new InputError(`${quote(root)} is not a directory.`, root, 'Pass the repository root with --cwd.');
    return await realpath(root);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`Cannot read the repository root ${quote(root)}.`, root, 'Pass an existing directory with --cwd.');
  }
}

/** Reads files of one repository, refusing anything whose real path leaves the root. */
class RepoReader {
  readonly files = new Map<string, SourceFile>();
  readonly diagnostics: Diagnostic[] = [];
  private readonly attempted = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly realRoot: string,
    private readonly limits: ParseLimits,
  ) {}

  /** A symbolic link (a folder's: `files`, a file's: `file`) that leads out of the repository is not followed. */
  private reportOutsideLink(rel: string, target: string, what: 'file' | 'files'): void {
    this.report(
      'FILE_UNREADABLE',
      rel,
      '',
      `${quote(rel)} is a symbolic link to ${quote(target)}, outside the repository; it was not read. Copy the ${what} into the repository instead.`,
    );
  }

  report(ruleId: LoadRuleId, file: SourceFile | string, pointer: string, message: string, offset?: number): void {
    const path = typeof file === 'string' ? file : file.path;
    const at = typeof file === 'string' ? { line: 0, column: 0 } : offset !== undefined && file.position ? file.position(offset) : file.locate(pointer);
    const severity: Severity = loadRuleSeverity(ruleId);
    this.diagnostics.push({ ruleId, severity, message, file: path, pointer, line: at.line, column: at.column });
  }

  private readonly realDirs = new Map<string, Promise<string>>();

  private realDir(abs: string): Promise<string> {
    let known = this.realDirs.get(abs);
    if (!known) {
      known = realpath(abs);
      this.realDirs.set(abs, known);
    }
    return known;
  }

  private inside(realPath: string): boolean {
    const rel = relative(this.realRoot, realPath);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  }

  /** Every `*.json` below `dir` (repository-relative POSIX paths, sorted), hidden entries skipped. Symlinks are followed only inside the root. */
  async listJsonFiles(dir: string): Promise<string[]> {
    const out: string[] = [];
    const visited = new Set<string>();
    const walk = async (rel: string): Promise<void> => {
      const abs = join(this.root, ...rel.split('/'));
      let real: string;
      try {
        real = await realpath(abs);
      } catch {
        return;
      }
      if (!this.inside(real)) {
        this.reportOutsideLink(rel, real, 'files');
        return;
      }
      if (visited.has(real)) return;
      visited.add(real);
      this.realDirs.set(abs, Promise.resolve(real));
      let entries;
      try {
        entries = await readdir(abs, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries.sort(byField('name'))) {
        if (entry.name.startsWith('.')) continue; // editor and tool folders (.vscode, .git) are not contracts
        const childRel = `${rel}/${entry.name}`;
        let isDir = entry.isDirectory();
        if (entry.isSymbolicLink()) {
          try {
            const target = await realpath(join(abs, entry.name));
            if (!this.inside(target)) {
              this.reportOutsideLink(childRel, target, 'file');
              continue;
            }
            isDir = (await stat(target)).isDirectory();
          } catch {
            this.report(
              'FILE_UNREADABLE',
              childRel,
              '',
              `${quote(childRel)} is a broken symbolic link. Remove it or point it at a file inside the repository.`,
            );
            continue;
          }
        }
        if (isDir) await walk(childRel);
        else if (entry.name.endsWith('.json')) out.push(childRel);
      }
    };
    try {
      if (!(await lstat(join(this.root, dir))).isDirectory()) return [];
    } catch {
      return [];
    }
    await walk(dir);
    return out.sort();
  }

  async readOptional(path: string): Promise<SourceFile | undefined> {
    try {
      await lstat(join(this.root, path));
    } catch {
      return undefined;
    }
    return this.read(path);
  }

  /** Read and parse one repository file once (size-limited, inside the root only). */
  async read(path: string): Promise<SourceFile | undefined> {
    const known = this.files.get(path);
    if (known || this.attempted.has(path)) return known;
    this.attempted.add(path);
    const abs = join(this.root, ...path.split('/'));
    let real: string;
    let link: Stats;
    try {
      // The folder's real path is resolved once per folder; the file itself only when it is a link.
      link = await lstat(abs);
      real = link.isSymbolicLink() ? await realpath(abs) : join(await this.realDir(dirname(abs)), basename(abs));
    } catch {
      return undefined; // missing: the caller reports it in context (e.g. REF_UNRESOLVED)
    }
    if (!this.inside(real)) {
      this.report('FILE_UNREADABLE', path, '', `${quote(path)} resolves to ${quote(real)}, outside the repository; it was not read.`);
      return undefined;
    }
    try {
      const info = link.isSymbolicLink() ? await stat(real) : link;
      if (!info.isFile()) {
        this.report('FILE_UNREADABLE', path, '', `${quote(path)} is not a regular file; it was not read.`);
        return undefined;
      }
      if (info.size > this.limits.maxFileBytes) {
        this.report(
          'FILE_TOO_LARGE',
          path,
          '',
          `${quote(path)} is ${info.size} bytes, over the ${this.limits.maxFileBytes}-byte limit; it was not read. Split it into shared definitions under \`schemas/_shared/\`.`,
        );
        return undefined;
      }
      const bytes = await readFile(real);
      const { file, problems } = parseSource(path, bytes, this.limits);
      this.files.set(path, file);
      for (const p of problems) this.report(p.ruleId, file, p.pointer ?? '', p.message, p.pointer === undefined ? p.offset : undefined);
      return file;
    } catch (error) {
      this.report(
        'FILE_UNREADABLE',
        path,
        '',
        `${quote(path)} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check its permissions.`,
      );
      return undefined;
    }
  }
}

/** Scan every parsed file for `$id`s and `$ref`s, read the files refs name inside the root, resolve all. */
async function resolveAllRefs(reader: RepoReader, defaultDraft: Draft): Promise<{ refs: RefEdge[]; ids: Map<string, DeclaredId[]> }> {
  const ids = new Map<string, DeclaredId[]>();
  const pending: ReturnType<typeof scanFile>['refs'] = [];
  const scanned = new Set<string>();
  const scanNew = () => {
    for (const [path, file] of reader.files) {
      if (scanned.has(path) || path === CONFIG_FILE || file.json === undefined) continue;
      scanned.add(path);
      const found = scanFile(file, defaultDraft);
      for (const id of found.ids) {
        const list = ids.get(id.uri) ?? [];
        list.push(id);
        ids.set(id.uri, list);
      }
      pending.push(...found.refs);
    }
  };
  scanNew();
  // Files named by relative refs are read on demand (inside the root only), then everything resolves again.
  for (let round = 0; round < 100; round++) {
    let readMore = false;
    for (const r of pending) {
      const edge = resolveRef(r, ids, reader.files);
      if (edge.wantsFile && !reader.files.has(edge.wantsFile)) {
        const file = await reader.read(edge.wantsFile);
        if (file) readMore = true;
      }
    }
    if (!readMore) break;
    scanNew();
  }
  const refs = pending.map((r) => resolveRef(r, ids, reader.files));
  refs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
  for (const edge of refs) {
    if (!edge.problem) continue;
    const file = reader.files.get(edge.file) as SourceFile;
    reader.report(edge.problem, file, `${edge.pointer}/$ref`, refMessage(edge));
  }
  for (const { at, chain } of findPureRefCycles(refs, reader.files)) {
    const file = reader.files.get(at.file) as SourceFile;
    const names = chain.map((t) => (t.pointer ? `${t.file}#${t.pointer}` : t.file));
    reader.report(
      'REF_CYCLE',
      file,
      `${at.pointer}/$ref`,
      `\`$ref\` ${quote(at.ref)} starts a cycle of references with nothing in between (${[...names, names[0]].join(' → ')}); it describes no value. Point one of them at an actual schema.`,
    );
  }
  return { refs, ids };
}

function refMessage(edge: RefEdge): string {
  const ref = quote(edge.ref);
  switch (edge.problem) {
    case 'REF_REMOTE':
      return `\`$ref\` ${ref} points outside the repository (${edge.detail}); remote references are never fetched. Copy the schema into \`schemas/_shared/\` and reference it by relative path.`;
    case 'REF_OUTSIDE_ROOT':
      return `\`$ref\` ${ref} leaves the repository root (${edge.detail}); its target was not read. Reference a file inside the repository.`;
    default:
      return `\`$ref\` ${ref} does not resolve: ${edge.detail}. Fix the path or pointer, or declare the \`$id\` it names.`;
  }
}

function buildContracts(reader: RepoReader, schemaPaths: readonly string[], config: Catalog['config']): { events: EventContract[]; shared: SharedSchema[] } {
  const events: EventContract[] = [];
  const shared: SharedSchema[] = [];
  for (const path of schemaPaths) {
    const layout = classifySchemaPath(path);
    const file = reader.files.get(path);
    if (layout.kind === 'misnamed') {
      reader.report(
        'FILE_NAME',
        file ?? path,
        '',
        `${quote(path)} does not follow the contract layout: ${layout.reason}. Rename it to \`schemas/<domain>/<action>.v<N>.json\` or move it into \`schemas/_shared/\`.`,
      );
      continue;
    }
    if (!file || file.json === undefined) continue;
    const schema = file.json;
    if (!isJsonObject(schema)) {
      reader.report(
        'SCHEMA_NOT_OBJECT',
        file,
        '',
        `${quote(path)} holds ${Array.isArray(schema) ? 'an array' : typeof schema === 'boolean' ? 'a boolean schema' : `a ${schema === null ? 'null' : typeof schema}`}, not a schema object. Write the schema as a JSON object (\`{"type": "object", …}\`).`,
      );
      continue;
    }
    const draft = declaredDraft(reader, file, schema, config.defaultDraft);
    if (layout.kind === 'shared') {
      const id = typeof schema.$id === 'string' ? schema.$id : typeof schema.id === 'string' && draft === 'draft-04' ? schema.id : undefined;
      shared.push({ file: path, schema, draft, ...(id !== undefined ? { id } : {}) });
      continue;
    }
    const str = (key: string) => (typeof schema[key] === 'string' ? (schema[key] as string) : undefined);
    const xTopic = str('x-topic');
    events.push({
      eventType: layout.eventType,
      domain: layout.domain,
      action: layout.action,
      version: layout.version,
      file: path,
      schema,
      draft,
      topic: xTopic ?? applyTopicPattern(config.topics.pattern, layout),
      ...(str('x-partition-key') !== undefined ? { partitionKey: str('x-partition-key') } : {}),
      ...(str('x-owner') !== undefined ? { owner: str('x-owner') } : {}),
      deprecated: schema.deprecated === true,
      ...(str('x-sunset') !== undefined ? { sunset: str('x-sunset') } : {}),
      examples: Array.isArray(schema.examples) ? schema.examples : [],
    });
  }
  events.sort(byField('eventType'));
  return { events, shared };
}

function declaredDraft(reader: RepoReader, file: SourceFile, schema: JsonObject, defaultDraft: Draft): Draft {
  if (schema.$schema === undefined) return defaultDraft;
  const draft = typeof schema.$schema === 'string' ? draftFromSchemaUri(schema.$schema) : undefined;
  if (!draft) {
    const shown = JSON.stringify(typeof schema.$schema === 'string' && schema.$schema.length > 120 ? `${schema.$schema.slice(0, 120)}…` : schema.$schema);
    reader.report(
      'SCHEMA_DRAFT_UNKNOWN',
      file,
      '/$schema',
      `\`$schema\` ${shown} in ${quote(file.path)} names no supported draft; ${defaultDraft} is assumed. Use one of http://json-schema.org/draft-07/schema#, https://json-schema.org/draft/2020-12/schema (or draft-04, draft-06, 2019-09).`,
    );
    return defaultDraft;
  }
  return fileDraft(schema, defaultDraft);
}
