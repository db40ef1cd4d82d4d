import { relative } from 'node:path';
import { defineCommand } from '../command.js';
import { ExitCode } from '../../core/exit-codes.js';
import { loadCatalog } from '../../load/index.js';
import { buildCatalogSite } from '../../catalog/index.js';
import { refuseOnLoadErrors } from './load-errors.js';

interface CatalogArgs {
  cwd: string;
  out: string;
}

export const catalogCommand = defineCommand<CatalogArgs>({
  command: 'catalog',
  describe: 'Build the event catalog: a static site (works from file:// or any static host) of every event type, its schema, examples, revisions and usage',
  builder: (y) =>
    y.option('cwd', { type: 'string', default: '.', describe: 'Repository root' }).option('out', {
      type: 'string',
      default: '.contracts/catalog',
      describe: 'Output folder, relative to the repository root (replaced as a whole)',
    }) as never,
  run: async (args, io) => {
    const catalog = await loadCatalog({ root: args.cwd });
    if (refuseOnLoadErrors(catalog, 'catalog', io)) return ExitCode.PROBLEMS;
    const site = await buildCatalogSite({ catalog, outDir: args.out });
    const c = site.model.counts;
    const inside = relative(catalog.root, site.outDir);
    const where = inside.startsWith('..') ? site.outDir : inside;
    io.stdout(
      `Wrote the event catalog to ${where}/ (${c.eventTypes} event types, ${c.revisions} revisions, ${site.model.shared.length} shared definitions; ${site.files} files, ${(site.bytes / 1024).toFixed(0)} KiB).\n`,
    );
    io.stdout(`Open ${where}/index.html in a browser, or publish the folder on any static host.\n`);
    return ExitCode.OK;
  },
});
