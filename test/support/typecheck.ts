/** `tsc --strict` over generated packages' declarations, the way a service team compiles against them. */
import path from 'node:path';
import ts from 'typescript';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * The diagnostics (`file: message`, file relative to `out`) of one strict program over `index.d.ts` and
 * `types.d.ts` of each package folder in `dirs` (one program: the lib is checked once). The runtime resolves
 * to the built `runtime/dist` declarations; library checks are not skipped.
 */
export function strictTypecheck(out: string, dirs: readonly string[]): string[] {
  const program = ts.createProgram({
    rootNames: dirs.flatMap((dir) => [path.join(out, dir, 'index.d.ts'), path.join(out, dir, 'types.d.ts')]),
    options: {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
      paths: { '@event-contracts/runtime': [path.join(repoRoot, 'runtime/dist/index.d.ts')] },
    },
  });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName.startsWith(out))
    .map((d) => `${path.relative(out, d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
}
