/**
 * npm's own machinery, through the `npm` CLI (see docs/decisions.md, "Publishing through the npm
 * CLI"): packing, reading the registry, checking credentials and uploading all run `npm`, so the
 * user's configuration applies exactly as it does to their own `npm publish` (.npmrc in the
 * repository and home folder, NPM_CONFIG_USERCONFIG, npm_config_* variables, proxies, CA files).
 * Two things are added: NODE_AUTH_TOKEN (the GitHub Actions convention) becomes the token of the
 * target registry, and every call names the target for the package's scope, so a scoped registry
 * in some .npmrc can never divert an upload elsewhere.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

export type NpmFailure = 'auth' | 'network' | 'not-found' | 'conflict' | 'npm';

/** One error class for every npm failure; `retriable` says whether running again may succeed. */
export class NpmError extends Error {
  override name = 'NpmError';
  constructor(
    message: string,
    readonly code: string,
    readonly kind: NpmFailure,
    readonly registry: string | undefined,
  ) {
    super(message);
  }
  get retriable(): boolean {
    return this.kind === 'network';
  }
}

/** Error codes npm reports, by what they mean for a publish. */
const FAILURES: ReadonlyArray<[RegExp, NpmFailure]> = [
  [/^(E401|E403|ENEEDAUTH|EOTP)$/, 'auth'],
  [/^E404$/, 'not-found'],
  [/^(E409|EPUBLISHCONFLICT)$/, 'conflict'],
  [/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|EPIPE|EHOSTUNREACH|ENETUNREACH|ERR_SOCKET_TIMEOUT|E5\d\d|FETCH_ERROR|ESOCKETTIMEDOUT)$/, 'network'],
];

export interface NpmContext {
  /** Where npm runs: the repository root, so its .npmrc applies. */
  cwd: string;
  /** Target registry (`http://127.0.0.1:4873/`); undefined for packing. */
  registry?: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds before one npm call is stopped. @default 300000 */
  timeoutMs?: number;
}

/** `npm pack` of folders into `dest` in one npm call: per folder, the tarball path and its integrity. */
export async function npmPack(ctx: NpmContext, folders: readonly string[], dest: string): Promise<{ name: string; tarball: string; integrity: string }[]> {
  await mkdir(dest, { recursive: true });
  const out = await npm(ctx, ['pack', ...folders, '--pack-destination', dest, '--ignore-scripts', '--json']);
  const infos = JSON.parse(out) as { name: string; filename: string; integrity: string }[];
  if (infos.length !== folders.length)
    throw new NpmError(`npm pack printed ${infos.length} packages for ${folders.length} folders.`, 'EPACK', 'npm', undefined);
  return infos.map((info) => ({ name: info.name, tarball: path.join(dest, info.filename), integrity: info.integrity }));
}

/**
 * Versions of `name` on the target registry ([] when it has none) and the integrity of `version`:
 * one npm call when `version` is the latest (the usual case), two otherwise.
 */
export async function npmViewState(ctx: NpmContext, name: string, version: string): Promise<{ versions: string[]; integrity?: string }> {
  let view: { versions?: string[] | string; version?: string; 'dist.integrity'?: string };
  try {
    view = JSON.parse((await npm(ctx, ['view', name, 'versions', 'version', 'dist.integrity', '--json', ...targetFlags(ctx, name)])) || '{}') as typeof view;
  } catch (error) {
    if (error instanceof NpmError && error.kind === 'not-found') return { versions: [] };
    throw error;
  }
  const versions = view.versions === undefined ? [] : Array.isArray(view.versions) ? view.versions : [view.versions];
  if (!versions.includes(version)) return { versions };
  if (view.version === version && view['dist.integrity']) return { versions, integrity: view['dist.integrity'] };
  const integrity = JSON.parse(await npm(ctx, ['view', `${name}@${version}`, 'dist.integrity', '--json', ...targetFlags(ctx, name)])) as string;
  return { versions, integrity };
}

/** Fails with an `auth` NpmError unless the target registry accepts the configured credentials. */
export async function npmWhoami(ctx: NpmContext, scopeOf: string): Promise<string> {
  return (await npm(ctx, ['whoami', ...targetFlags(ctx, scopeOf)])).trim();
}

export async function npmPublish(ctx: NpmContext, tarball: string, name: string, options: { tag: string; provenance: boolean }): Promise<void> {
  await npm(ctx, [
    'publish',
    tarball,
    '--tag',
    options.tag,
    '--ignore-scripts',
    '--json',
    ...(options.provenance ? ['--provenance'] : []),
    ...targetFlags(ctx, name),
  ]);
}

/** `--registry` and `--@scope:registry` both name the target: the package cannot go anywhere else. */
function targetFlags(ctx: NpmContext, name: string): string[] {
  if (!ctx.registry) return [];
  const scope = /^(@[^/]+)\//.exec(name)?.[1];
  return [`--registry=${ctx.registry}`, ...(scope ? [`--${scope}:registry=${ctx.registry}`] : [])];
}

/** `//host:port/path/`: the key npm files a registry's credentials under. */
export function nerfDart(url: string): string {
  const u = new URL(url);
  return `//${u.host}${u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/`}`;
}

/**
 * The environment npm runs with: the user's, plus NODE_AUTH_TOKEN as the target's token, minus npm's
 * chatter; registry reads revalidate their cache (prefer-online) unless the user says otherwise,
 * since a stale packument would plan a version that is already taken.
 */
export function npmEnvironment(base: NodeJS.ProcessEnv, registry: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    npm_config_prefer_online: 'true',
    ...base,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  const token = base.NODE_AUTH_TOKEN?.trim();
  // npm reads `npm_config_//host/:_authToken` as that registry's token (nerf-darted keys are not renamed).
  if (token && registry) env[`npm_config_${nerfDart(registry)}:_authToken`] = token;
  return env;
}

function npm(ctx: NpmContext, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
      cwd: ctx.cwd,
      env: npmEnvironment(ctx.env ?? process.env, ctx.registry),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: ctx.timeoutMs ?? 300_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new NpmError(
          error.code === 'ENOENT' ? 'the `npm` command was not found on PATH; install Node.js with npm.' : `npm could not start (${error.message}).`,
          error.code ?? 'ESPAWN',
          'npm',
          ctx.registry,
        ),
      ),
    );
    child.once('close', (code, signal) => {
      if (code === 0) return resolve(stdout);
      reject(failure(ctx, args[0] ?? 'npm', stdout, stderr, signal));
    });
  });
}

function failure(ctx: NpmContext, verb: string, stdout: string, stderr: string, signal: NodeJS.Signals | null): NpmError {
  if (signal)
    return new NpmError(`npm ${verb} was stopped (${signal}) after ${Math.round((ctx.timeoutMs ?? 300_000) / 1000)}s.`, 'ETIMEDOUT', 'network', ctx.registry);
  let code = /npm (?:error|ERR!) code (\S+)/.exec(stderr)?.[1] ?? '';
  let summary = '';
  const json = /\{[\s\S]*"error"[\s\S]*\}/.exec(stdout)?.[0];
  if (json) {
    try {
      const error = (JSON.parse(json) as { error?: { code?: string; summary?: string } }).error;
      code = error?.code ?? code;
      summary = error?.summary ?? '';
    } catch {
      // not npm's JSON error: fall back to stderr
    }
  }
  if (!summary)
    summary =
      stderr
        .split('\n')
        .filter((l) => /npm (error|ERR!)/.test(l) && !/code |A complete log/.test(l))
        .map((l) => l.replace(/^npm (error|ERR!)\s*/, ''))
        .filter(Boolean)[0] ??
      stderr.trim().split('\n')[0] ??
      '';
  if (!code && /FetchError|ECONNREFUSED|ECONNRESET|socket hang up/.test(summary + stderr)) code = 'FETCH_ERROR';
  const kind = FAILURES.find(([re]) => re.test(code))?.[1] ?? (/\b5\d\d\b/.test(summary) ? 'network' : 'npm');
  return new NpmError(`npm ${verb}: ${code || 'failed'}${summary ? ` ${summary}` : ''}`.trim(), code || 'EUNKNOWN', kind, ctx.registry);
}
