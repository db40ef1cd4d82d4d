/**
 * Compiling migrations with the TypeScript compiler API:
 *  - `typeCheckMigrations`: one in-memory program per package, over the migrations, the package's generated
 *    declarations (served from memory under its npm name) and the runtime's `MigrationContext`; a virtual file
 *    assigns each default export to `(data: <From>, ctx: MigrationContext) => <To>`, so a wrong shape is a type
 *    error even when the author annotated nothing. No Node or DOM types are in scope: I/O does not type-check.
 *  - `transpileMigration`: the module as plain ES2022 JavaScript; only type imports are allowed (a migration is
 *    one self-contained pure function), anything else is reported.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type ts from 'typescript';
import type { Diagnostic } from '../core/diagnostic.js';
import { ContractsError } from '../core/errors.js';
import type { MigrationFile } from './files.js';

export interface PackageDeclarations {
  /** npm name, e.g. `@acme/order-events`: migrations import `<name>` or `<name>/types`. */
  packageName: string;
  indexDts: string;
  typesDts: string;
  /** eventType → its data type name in types.d.ts. */
  dataTypes: ReadonlyMap<string, string>;
}

const options = (ts: typeof import('typescript')): ts.CompilerOptions => ({
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts'],
  types: [],
  skipLibCheck: true,
  allowImportingTsExtensions: true,
  noFallthroughCasesInSwitch: true,
});

let compiler: typeof ts | undefined;
/** The TypeScript compiler, loaded on first use: repositories without migrations never pay for it (~0.3 s). */
function typescript(): typeof ts {
  try {
    compiler ??= createRequire(import.meta.url)('typescript') as typeof ts;
  } catch {
    throw new ContractsError('The repository has migrations/ but the TypeScript compiler (package `typescript`) cannot be loaded.', 'Install it next to event-contracts: `npm install --save-dev typescript`.');
  }
  return compiler;
}

let runtimeDist: string | undefined;
/** The runtime's dist folder (its declarations are what migrations are typed against). */
function runtimeDir(): string {
  runtimeDist ??= path.dirname(createRequire(import.meta.url).resolve('@event-contracts/runtime'));
  return runtimeDist;
}

function diag(file: string, line: number, column: number, message: string, ruleId = 'MIGRATION_TYPE_ERROR'): Diagnostic {
  return { ruleId, severity: 'error', message, file, pointer: '', line, column };
}

/** Type errors of one package's migrations, as Diagnostics with file:line:column (empty = all good). */
export function typeCheckMigrations(root: string, migrations: readonly MigrationFile[], decls: PackageDeclarations): Diagnostic[] {
  if (migrations.length === 0) return [];
  const ts = typescript();
  const OPTIONS = options(ts);
  const virtualDir = path.join(root, 'node_modules', '.contracts-virtual', decls.packageName.replace('/', '__'));
  const virtual = new Map<string, string>([
    [path.join(virtualDir, 'index.d.ts'), decls.indexDts],
    [path.join(virtualDir, 'types.d.ts'), decls.typesDts],
    [
      path.join(virtualDir, 'runtime.d.ts'),
      `export type { MigrationContext, EventMigration } from ${JSON.stringify(path.join(runtimeDir(), 'upcast', 'context.js'))};\n` +
        `export type { Envelope } from ${JSON.stringify(path.join(runtimeDir(), 'envelope.js'))};\n`,
    ],
  ]);
  const checkFile = path.join(virtualDir, 'check.ts');
  const absolute = new Map(migrations.map((m) => [path.join(root, m.file), m]));
  const check = checkSource(root, migrations, decls);
  virtual.set(checkFile, check.text);
  const host = virtualHost(ts, OPTIONS, { virtual, absolute, virtualDir, decls });
  const program = ts.createProgram({ rootNames: [...absolute.keys(), checkFile], options: OPTIONS, host });
  const located = { root, absolute, checkFile, checkByLine: check.checkByLine, decls, program };
  return ts.getPreEmitDiagnostics(program).flatMap((d) => toDiagnostics(ts, d, located));
}

/** The check file: assigns each migration's default export to its expected signature, one line each. */
function checkSource(root: string, migrations: readonly MigrationFile[], decls: PackageDeclarations): { text: string; checkByLine: Map<number, MigrationFile> } {
  const imports = [`import type { MigrationContext } from '@event-contracts/runtime';`, `import type * as T from ${JSON.stringify(`${decls.packageName}/types`)};`];
  const checks: string[] = [];
  const checked: MigrationFile[] = [];
  migrations.forEach((m, i) => {
    const from = decls.dataTypes.get(m.from);
    const to = decls.dataTypes.get(m.to);
    if (!from || !to) return; // an unknown event type: lint reports MIGRATION_UNKNOWN_EVENT
    imports.push(`import m${i} from ${JSON.stringify(path.join(root, m.file))};`);
    checks.push(`export const c${i}: (data: T.${from}, ctx: MigrationContext) => T.${to} = m${i};`);
    checked.push(m);
  });
  const text = [...imports, ...checks].join('\n') + '\n';
  /** 0-based line of the check file → the migration it checks. */
  const checkByLine = new Map(checked.flatMap((m, i) => [[2 + i, m] as const, [imports.length + i, m] as const]));
  return { text, checkByLine };
}

interface VirtualFiles {
  virtual: ReadonlyMap<string, string>;
  absolute: ReadonlyMap<string, MigrationFile>;
  virtualDir: string;
  decls: PackageDeclarations;
}

/** A compiler host that serves the virtual declarations and the migrations' in-memory sources, and aliases the package imports. */
function virtualHost(ts: typeof import('typescript'), OPTIONS: ts.CompilerOptions, { virtual, absolute, virtualDir, decls }: VirtualFiles): ts.CompilerHost {
  const host = ts.createCompilerHost(OPTIONS, true);
  const base = { fileExists: host.fileExists.bind(host), readFile: host.readFile.bind(host), getSourceFile: host.getSourceFile.bind(host) };
  host.fileExists = (f) => virtual.has(path.resolve(f)) || absolute.has(path.resolve(f)) || base.fileExists(f);
  const baseDirectoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (d) => path.resolve(d).startsWith(virtualDir) || (baseDirectoryExists ? baseDirectoryExists(d) : true);
  host.readFile = (f) => virtual.get(path.resolve(f)) ?? absolute.get(path.resolve(f))?.source ?? base.readFile(f);
  host.getSourceFile = (f, lang, onError, create) => {
    const text = virtual.get(path.resolve(f)) ?? absolute.get(path.resolve(f))?.source;
    return text !== undefined ? ts.createSourceFile(f, text, lang, true) : base.getSourceFile(f, lang, onError, create);
  };
  const aliases = new Map([
    [decls.packageName, path.join(virtualDir, 'index.d.ts')],
    [`${decls.packageName}/types`, path.join(virtualDir, 'types.d.ts')],
    ['@event-contracts/runtime', path.join(virtualDir, 'runtime.d.ts')],
  ]);
  host.resolveModuleNameLiterals = (literals, containingFile, _redirect, options) =>
    literals.map((literal) => {
      const alias = aliases.get(literal.text);
      if (alias) return { resolvedModule: { resolvedFileName: alias, extension: ts.Extension.Dts, isExternalLibraryImport: false } };
      return ts.resolveModuleName(literal.text, containingFile, options, host);
    });
  return host;
}

interface Located {
  root: string;
  absolute: ReadonlyMap<string, MigrationFile>;
  checkFile: string;
  checkByLine: ReadonlyMap<number, MigrationFile>;
  decls: PackageDeclarations;
  program: ts.Program;
}

/** One TypeScript diagnostic → the Diagnostic it means for the migration author (none for errors inside generated declarations). */
function toDiagnostics(ts: typeof import('typescript'), d: ts.Diagnostic, { root, absolute, checkFile, checkByLine, decls, program }: Located): Diagnostic[] {
  const message = pureHint(ts.flattenDiagnosticMessageText(d.messageText, ' '));
  if (!d.file || d.start === undefined) return [diag('', 0, 0, `TS${d.code}: ${message}`)];
  const at = d.file.getLineAndCharacterOfPosition(d.start);
  const fileName = path.resolve(d.file.fileName);
  const own = absolute.get(fileName);
  if (own) return [diag(own.file, at.line + 1, at.character + 1, `TS${d.code}: ${message}`)];
  // Errors inside the generated declarations are the generator's business (skipLibCheck keeps them out).
  if (fileName !== checkFile) return [];
  const m = checkByLine.get(at.line);
  if (!m) return [diag('', 0, 0, `TS${d.code}: ${message}`)];
  const where = defaultExportPosition(program.getSourceFile(path.join(root, m.file)));
  const noDefault = /has no default export/.test(message);
  const want = `(data: ${decls.dataTypes.get(m.from)}, ctx: MigrationContext) => ${decls.dataTypes.get(m.to)}`;
  return [
    diag(
      m.file,
      where.line,
      where.column,
      noDefault
        ? `\`${m.file}\` has no default export; export the ${m.kind} as \`export default function ${m.kind}(data: ${decls.dataTypes.get(m.from)}, ctx: MigrationContext): ${decls.dataTypes.get(m.to)}\`.`
        : `The default export of \`${m.file}\` is not an ${m.kind} \`${want}\`: TS${d.code}: ${message}`,
    ),
  ];
}

/** "Cannot find name 'process'. Do you need to install @types/node…": the fix is not installing types. */
function pureHint(message: string): string {
  if (!/^Cannot find name '/.test(message)) return message;
  return `${message.replace(/ Do you need .*$/, '').replace(/\.$/, '')}: a migration is a pure function, so Node and DOM APIs (process, fs, fetch, timers) are not in scope; read derived values from \`ctx\`.`;
}

function defaultExportPosition(file: ts.SourceFile | undefined): { line: number; column: number } {
  const ts = typescript();
  if (!file) return { line: 1, column: 1 };
  for (const s of file.statements) {
    const isDefault =
      ts.isExportAssignment(s) ||
      ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && (ts.getCombinedModifierFlags(s) & ts.ModifierFlags.Default) !== 0);
    if (isDefault) {
      const at = file.getLineAndCharacterOfPosition(s.getStart(file));
      return { line: at.line + 1, column: at.character + 1 };
    }
  }
  return { line: 1, column: 1 };
}

/** The migration as an ES module with no imports; value imports/exports from other modules are Diagnostics. */
export function transpileMigration(m: MigrationFile): { code: string; diagnostics: Diagnostic[] } {
  const ts = typescript();
  const result = ts.transpileModule(m.source, {
    fileName: m.file,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false, newLine: ts.NewLineKind.LineFeed },
  });
  const diagnostics: Diagnostic[] = (result.diagnostics ?? []).map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: -1, character: -1 };
    return diag(m.file, at.line + 1, at.character + 1, `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  });
  const source = ts.createSourceFile(m.file, m.source, ts.ScriptTarget.ES2022, true);
  const emitted = ts.createSourceFile('out.js', result.outputText, ts.ScriptTarget.ES2022, true);
  // Imports that survive transpilation are value imports; locate them in the source for the message.
  const kept = new Set(emitted.statements.filter((s) => (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier).map((s) => ((s as ts.ImportDeclaration).moduleSpecifier as ts.StringLiteral).text));
  for (const s of source.statements) {
    if ((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && kept.has((s.moduleSpecifier as ts.StringLiteral).text)) {
      const at = source.getLineAndCharacterOfPosition(s.getStart(source));
      diagnostics.push(
        diag(m.file, at.line + 1, at.character + 1, `\`${m.file}\` imports values from ${JSON.stringify((s.moduleSpecifier as ts.StringLiteral).text)}; a migration is one self-contained pure function and may import types only. Use \`import type\`, and inline the helper or constant.`, 'MIGRATION_IMPORT'),
      );
    }
  }
  const dynamic = /\bimport\s*\(|\brequire\s*\(/.exec(result.outputText);
  if (dynamic) diagnostics.push(diag(m.file, 1, 1, `\`${m.file}\` loads modules at run time (import()/require); a migration may import types only.`, 'MIGRATION_IMPORT'));
  return { code: result.outputText, diagnostics };
}
