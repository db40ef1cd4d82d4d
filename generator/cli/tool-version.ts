import { readFile } from 'node:fs/promises';

let cached: Promise<string> | undefined;

/**
 * The tool's version from the package.json it ships in (found walking up, so it works from source
 * and from dist/). Reports (SARIF, JSON) name it; read once per process.
 */
export function toolVersion(): Promise<string> {
  cached ??= (async () => {
    for (let up = 1; up <= 4; up++) {
      try {
        const pkg = JSON.parse(await readFile(new URL(`${'../'.repeat(up)}package.json`, import.meta.url), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'event-contracts' && pkg.version) return pkg.version;
      } catch {
        // keep looking
      }
    }
    return '0.0.0';
  })();
  return cached;
}
