/**
 * The packages on disk: reads the generated packages and the runtime (content hashes), and stages
 * each planned version (the generated files, package.json at the planned version, CHANGELOG.md)
 * for `npm pack`. The only file-system side of the publish stage besides the release record.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ContractsError, InputError } from '../core/errors.js';
import type { CurrentEvent } from '../check/index.js';
import { renderChangelog } from './changelog.js';
import type { LocalPackage, VersionPlan } from './model.js';
import { writeFileAtomic } from '../core/write-file.js';

export const RUNTIME_NAME = '@event-contracts/runtime';

/** npm's rules for a package name (scope included), as npm checks them before it uploads. */
const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

export interface GeneratedPackageRef {
  name: string;
  dir: string;
  eventTypes: string[];
}

/** Reads every generated package (under `outDir`) and the runtime, runtime first. */
export async function readLocalPackages(
  outDir: string,
  generated: readonly GeneratedPackageRef[],
  current: readonly CurrentEvent[],
  packedRuntime: { content: string },
): Promise<LocalPackage[]> {
  const runtime = await runtimeDir();
  const runtimeManifest = JSON.parse(await readFile(path.join(runtime, 'package.json'), 'utf8')) as { version: string };
  const fingerprints = new Map(current.map((e) => [e.eventType, e.fingerprint]));
  const out: LocalPackage[] = [
    { name: RUNTIME_NAME, kind: 'runtime', sourceDir: runtime, dir: 'runtime', content: packedRuntime.content, version: runtimeManifest.version },
  ];
  for (const ref of generated) {
    if (!NPM_NAME.test(ref.name) || ref.name.length > 214) {
      throw new ContractsError(
        `${JSON.stringify(ref.name)} is not a valid npm package name, so it cannot be published.`,
        'Set "packageScope" in contracts.config.json to a lower-case npm scope such as "@acme", and use lower-case domain folder names under schemas/.',
      );
    }
    const sourceDir = path.join(outDir, ref.dir);
    const files = await listFiles(sourceDir);
    const hash = createHash('sha256');
    let runtimeRange = '';
    for (const file of files) {
      let bytes = await readFile(path.join(sourceDir, file));
      if (file === 'package.json') {
        const manifest = JSON.parse(bytes.toString('utf8')) as { version?: string; dependencies?: Record<string, string> };
        runtimeRange = manifest.dependencies?.[RUNTIME_NAME] ?? '';
        // The version is the output of planning, not an input to it.
        bytes = Buffer.from(JSON.stringify({ ...manifest, version: '' }));
      }
      if (file === 'CHANGELOG.md') continue;
      hash.update(`${file}\u0000${bytes.length}\u0000`).update(bytes);
    }
    const events = Object.fromEntries(ref.eventTypes.map((t) => [t, fingerprints.get(t) ?? '']));
    out.push({ name: ref.name, kind: 'generated', sourceDir, dir: ref.dir, content: `sha256:${hash.digest('hex')}`, events, runtimeRange });
  }
  return out;
}

/** The runtime package's folder (its package.json is exported for this). */
export async function runtimeDir(): Promise<string> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve(`${RUNTIME_NAME}/package.json`));
  const built: string[] = await readdir(path.join(dir, 'dist')).catch(() => []);
  if (!built.includes('index.js'))
    throw new ContractsError(`${RUNTIME_NAME} in ${dir} is not built (no dist/index.js), so it cannot be packed.`, 'Run `npm run build` first.');
  return dir;
}

/** Copies a generated package to `<stageRoot>/<dir>` with package.json at the planned version and CHANGELOG.md. */
export async function stageGenerated(plan: VersionPlan, stageRoot: string): Promise<string> {
  const target = path.join(stageRoot, plan.package.dir);
  await rm(target, { recursive: true, force: true });
  await mkdir(stageRoot, { recursive: true });
  await cp(plan.package.sourceDir, target, { recursive: true });
  const manifestPath = path.join(target, 'package.json');
  await writeFile(manifestPath, withVersion(await readFile(manifestPath, 'utf8'), plan.version));
  await writeFile(path.join(target, 'CHANGELOG.md'), renderChangelog(plan.package.name, plan.changelog));
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { files?: string[] };
  if (manifest.files && !manifest.files.includes('CHANGELOG.md')) {
    manifest.files.push('CHANGELOG.md');
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return target;
}

/** package.json text with `version` replaced, key order and formatting kept (generate writes it the same way). */
export function withVersion(manifestText: string, version: string): string {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(manifestText) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`package.json is not valid JSON (${(error as Error).message}).`, 'package.json', 'Regenerate with `contracts generate`.');
  }
  return `${JSON.stringify({ ...manifest, version }, null, 2)}\n`;
}

/** Sets the released version in the committed generated/<dir>/package.json (what `contracts generate` now writes). */
export async function recordGeneratedVersion(plan: VersionPlan): Promise<void> {
  const file = path.join(plan.package.sourceDir, 'package.json');
  const text = await readFile(file, 'utf8');
  const next = withVersion(text, plan.version);
  await writeFileAtomic(file, next);
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new ContractsError(`${path.join(dir, prefix)} cannot be read (${error.code ?? error.message}).`, 'Run `contracts generate` first.');
  });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}
