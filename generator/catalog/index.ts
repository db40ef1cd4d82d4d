/**
 * The catalog stage: `buildCatalogSite` plans the view model (pure, `plan.ts`), renders every page
 * (`render.ts`), then replaces the output folder in one step: the site is written to a sibling temp
 * folder and renamed into place, so a reader (or a static host syncing the folder) never sees half a site.
 */
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import type { Catalog } from '../load/index.js';
import type { ComparisonCache } from '../check/index.js';
import { readLock } from '../records/index.js';
import { CATALOG_CSS, CATALOG_JS, DIFF_JS } from './assets.js';
import { slug } from './html.js';
import type { CatalogModel } from './model.js';
import { planCatalog } from './plan.js';
import { renderDiff, renderEvent, renderHome, renderShared } from './render.js';

export { planCatalog, type PlanCatalogInput } from './plan.js';
export type { CatalogModel, EventPage, EventSummary, SharedPage, RevisionView, ChangeView } from './model.js';
export { escapeHtml, html, jsonForScript } from './html.js';

/** Marks a folder as written by `contracts catalog`: only such a folder (or an empty one) is replaced. */
export const CATALOG_MARKER = '.contracts-catalog';
export const DEFAULT_CATALOG_DIR = '.contracts/catalog';

export interface BuildCatalogOptions {
  catalog: Catalog;
  /** Output folder, relative to the repository root. @default ".contracts/catalog" */
  outDir?: string;
  /** Decides "sunset passed". @default now */
  now?: Date;
  cache?: ComparisonCache;
}

export interface BuildCatalogResult {
  /** Absolute path of the site. */
  outDir: string;
  model: CatalogModel;
  files: number;
  bytes: number;
}

/** Every file of the site, by path relative to its root. Pure. */
export function renderCatalogSite(model: CatalogModel): Map<string, string> {
  const files = new Map<string, string>();
  files.set('index.html', renderHome(model));
  files.set('assets/catalog.css', CATALOG_CSS);
  files.set('assets/catalog.js', CATALOG_JS);
  files.set('assets/diff.js', DIFF_JS);
  for (const page of model.events) {
    files.set(page.summary.href, renderEvent(model, page));
    files.set(page.diffHref, renderDiff(model, page));
  }
  for (const s of model.shared) files.set(s.href, renderShared(model, s));
  files.set(CATALOG_MARKER, 'Written by `contracts catalog`; the whole folder is replaced on every build.\n');
  return files;
}

export async function buildCatalogSite(options: BuildCatalogOptions): Promise<BuildCatalogResult> {
  const { catalog } = options;
  const model = planCatalog({
    catalog,
    lock: await readLock(catalog.root),
    now: options.now ?? new Date(),
    ...(options.cache ? { cache: options.cache } : {}),
  });
  const files = renderCatalogSite(model);
  const outDir = resolve(catalog.root, options.outDir ?? DEFAULT_CATALOG_DIR);
  // The default folder is build output: keep it out of git (a chosen --out may be meant for committing).
  if (outDir === resolve(catalog.root, DEFAULT_CATALOG_DIR)) files.set('.gitignore', '*\n');
  await assertReplaceable(outDir);
  const tmp = `${outDir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  let bytes = 0;
  const dirs = new Set([...files.keys()].map((f) => dirname(join(tmp, f))));
  for (const d of dirs) await mkdir(d, { recursive: true });
  try {
    await Promise.all(
      [...files].map(([path, text]) => {
        bytes += Buffer.byteLength(text);
        return writeFile(join(tmp, path), text);
      }),
    );
    const old = `${outDir}.old-${process.pid}`;
    const exists = await stat(outDir).then(
      () => true,
      () => false,
    );
    if (exists) await rename(outDir, old);
    await rename(tmp, outDir);
    if (exists) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  return { outDir, model, files: files.size, bytes };
}

/** Refuse to replace a folder that is not ours: it may hold someone's files. */
async function assertReplaceable(outDir: string): Promise<void> {
  const entries = await readdir(outDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    if (error.code === 'ENOTDIR') throw new InputError(`${outDir} is a file, not a folder.`, outDir, 'Pass another --out folder.');
    throw error;
  });
  if (entries.length > 0 && !entries.includes(CATALOG_MARKER)) {
    throw new InputError(
      `${outDir} is not empty and was not written by \`contracts catalog\` (no ${CATALOG_MARKER} file); it is left untouched.`,
      outDir,
      'Pass an empty or new folder with --out, or delete that folder first.',
    );
  }
}

export { slug };
