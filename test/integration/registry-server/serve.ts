/** Runs the built `contracts registry serve` as a user would (`npm run build` first). */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'bin/contracts.js');
const BUILT = join(ROOT, 'dist/generator/cli/commands/registry.js');

export function assertBuilt(): void {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` before the integration tests (npm test does).`);
}

export interface Served {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

export interface Started {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
  /** The URL it prints on stdout, or undefined if it exits first. */
  url: Promise<string | undefined>;
}

/** Spawns `contracts registry serve --data <dir> --port 0`; `url` settles when it prints its URL or exits. */
export function startServe(dataDir: string): Started {
  const child = spawn(process.execPath, [BIN, 'registry', 'serve', '--data', dataDir, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = new Promise<string | undefined>((done, fail) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^(http:\/\/127\.0\.0\.1:\d+)\n/m.exec(stdout);
      if (line) done(line[1] as string);
    });
    void exited.then(() => done(undefined));
    setTimeout(() => fail(new Error(`no URL within 20s; stderr: ${stderr}`)), 20_000);
  });
  return { child, stderr: () => stderr, exited, url };
}

/** Starts `contracts registry serve` and waits for the URL it prints on stdout. */
export async function serve(dataDir: string): Promise<Served> {
  const started = startServe(dataDir);
  const url = await started.url;
  if (url === undefined) throw new Error(`registry exited with ${await started.exited} before printing its URL: ${started.stderr()}`);
  return { child: started.child, url, stderr: started.stderr, exited: started.exited };
}
