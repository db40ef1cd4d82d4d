import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { toolVersion } from '../tool-version.js';
import { defineCommand, type CliIO } from '../command.js';
import { ContractsError, UsageError } from '../../core/errors.js';
import { ExitCode } from '../../core/exit-codes.js';
import { loadCatalog } from '../../load/index.js';
import type { Catalog } from '../../load/catalog.js';
import {
  RegistryClient,
  RegistryError,
  applyResultToJson,
  planToJson,
  registerCatalog,
  renderApplyResult,
  renderPlan,
  type RegistryAuth,
  type RegistryClientOptions,
} from '../../register/index.js';
import { describeOutcome } from '../../register/render.js';
import { startRegistry } from '../../registry-server/index.js';
import { embeddedDataDir } from '../../register/embedded.js';
import { renderDiagnostics } from '../../report/index.js';

/** Connection flags shared by `register`, `pull` and `check --registry`. */
export interface RegistryConnectionArgs {
  registry?: string;
  user?: string;
  'password-env': string;
  'token-env': string;
  ca?: string;
  cert?: string;
  key?: string;
  insecure: boolean;
  timeout: number;
  retries: number;
}

/** Adds the registry connection options (documented once, reused by every registry command). */
export function registryConnectionOptions<T>(y: Argv<T>): Argv<T & RegistryConnectionArgs> {
  return y
    .option('registry', { type: 'string', describe: 'Registry URL (else config registry.url, else $SCHEMA_REGISTRY_URL)' })
    .option('user', { type: 'string', describe: 'Basic-auth user (else $SCHEMA_REGISTRY_USER)' })
    .option('password-env', { type: 'string', default: 'SCHEMA_REGISTRY_PASSWORD', describe: 'Environment variable holding the basic-auth password' })
    .option('token-env', { type: 'string', default: 'SCHEMA_REGISTRY_TOKEN', describe: 'Environment variable holding a bearer token (used when set and no user is given)' })
    .option('ca', { type: 'string', describe: 'PEM file of the CA to trust for https' })
    .option('cert', { type: 'string', describe: 'PEM client certificate (mutual TLS)' })
    .option('key', { type: 'string', describe: 'PEM client key (mutual TLS)' })
    .option('insecure', { type: 'boolean', default: false, describe: 'Do not verify the server certificate (testing only)' })
    .option('timeout', { type: 'number', default: 10_000, describe: 'Per-request timeout in ms' })
    .option('retries', { type: 'number', default: 5, describe: 'Retries of a request after a network error or 5xx (exponential backoff with jitter)' }) as Argv<T & RegistryConnectionArgs>;
}

/** The registry URL from flag, config or environment; undefined when none is configured. */
export function configuredRegistryUrl(args: { registry?: string }, catalog?: Pick<Catalog, 'config'>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return args.registry ?? catalog?.config.registry.url ?? (env.SCHEMA_REGISTRY_URL || undefined);
}

/** Build a client from the connection flags (secrets come from the environment, never argv). */
export async function clientFromArgs(args: RegistryConnectionArgs, url: string, env: NodeJS.ProcessEnv = process.env): Promise<RegistryClient> {
  let auth: RegistryAuth | undefined;
  const user = args.user ?? env.SCHEMA_REGISTRY_USER;
  if (user) {
    const password = env[args['password-env']];
    if (password === undefined) throw new UsageError(`A registry user is set but $${args['password-env']} is empty.`, `Export the password in ${args['password-env']} (or name another variable with --password-env).`);
    auth = { username: user, password };
  } else if (env[args['token-env']]) {
    auth = { token: env[args['token-env']] as string };
  }
  const readPem = async (flag: string, file: string | undefined): Promise<string | undefined> => {
    if (file === undefined) return undefined;
    try {
      return await readFile(file, 'utf8');
    } catch {
      throw new UsageError(`Cannot read --${flag} ${file}.`, 'Pass a readable PEM file.');
    }
  };
  if (!Number.isInteger(args.retries) || args.retries < 0) throw new UsageError(`--retries ${args.retries} is not a non-negative integer.`);
  if (!(args.timeout > 0)) throw new UsageError(`--timeout ${args.timeout} is not a positive number of milliseconds.`);
  const options: RegistryClientOptions = {
    url,
    auth,
    tls: { ca: await readPem('ca', args.ca), cert: await readPem('cert', args.cert), key: await readPem('key', args.key), insecure: args.insecure },
    timeoutMs: args.timeout,
    retry: { retries: args.retries },
  };
  try {
    return new RegistryClient(options);
  } catch {
    throw new UsageError(`The registry URL "${url}" is not an http(s) URL.`, 'Example: --registry http://localhost:8081');
  }
}

/** Map a registry failure to a user error (exit 2), naming what to check. */
export function registryUserError(error: RegistryError, url: string): ContractsError {
  if (error.status === 401 || error.status === 403) return new ContractsError(`The registry at ${url} refused the credentials: ${error.message}`, 'Set --user and $SCHEMA_REGISTRY_PASSWORD, or $SCHEMA_REGISTRY_TOKEN.');
  if (error.kind !== 'http') return new ContractsError(`Cannot reach the registry at ${url}: ${error.message}`, 'Check the URL (--registry, config registry.url, $SCHEMA_REGISTRY_URL) and that the registry is running.');
  return new ContractsError(`The registry at ${url} answered an error: ${error.message}`, 'Check that the URL points at a Confluent-compatible API (for Apicurio: …/apis/ccompat/v7).');
}


interface RegisterArgs extends RegistryConnectionArgs {
  cwd: string;
  'dry-run': boolean;
  format: 'text' | 'json';
  concurrency: number;
}

/** Draws a one-line progress bar on a TTY stderr; silent otherwise. */
function progress(io: CliIO, enabled: boolean): { update(label: string, done: number, total: number): void; end(): void } {
  let drawn = false;
  return {
    update(label, done, total) {
      if (!enabled || total < 10) return;
      const width = 28;
      const filled = Math.round((done / total) * width);
      io.stderr(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    end() {
      if (drawn) io.stderr('\r\u001b[2K');
      drawn = false;
    },
  };
}

export const registerCommand = defineCommand<RegisterArgs>({
  command: 'register',
  describe: 'Register the contracts (envelope schemas + shared references) in a schema registry; the embedded one when none is configured',
  builder: (y) =>
    registryConnectionOptions(y)
      .option('cwd', { type: 'string', default: '.', describe: 'Repository root' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan; change nothing' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
      .option('concurrency', { type: 'number', default: 4, describe: 'Subjects registered at once' }) as unknown as Argv<RegisterArgs>,
  run: async (args, io) => {
    const root = resolve(args.cwd);
    const catalog = await loadCatalog({ root });
    const loadErrors = catalog.diagnostics.filter((d) => d.severity === 'error');
    if (loadErrors.length > 0) {
      io.stderr(renderDiagnostics('text', loadErrors, { name: 'contracts', version: await toolVersion(), command: 'register' }));
      io.stderr(`contracts register: ${loadErrors.length} problem${loadErrors.length === 1 ? '' : 's'} in the contracts; nothing registered. Fix them (see \`contracts lint\`) and run again.\n`);
      return ExitCode.PROBLEMS;
    }
    const configured = configuredRegistryUrl(args, catalog);
    let embedded: Awaited<ReturnType<typeof startRegistry>> | undefined;
    let url = configured;
    if (url === undefined) {
      const dataDir = await embeddedDataDir(root);
      embedded = await startRegistry({ port: 0, dataDir, onWarning: (m) => io.stderr(`contracts register: embedded registry: ${m}\n`) });
      url = embedded.url;
      if (args.format === 'text') io.stderr(`contracts register: no registry configured; using the embedded registry (data in ${join('.contracts', 'registry')}).\n`);
    }
    const client = await clientFromArgs(args, url);
    const label = configured ?? 'the embedded registry (.contracts/registry)';
    const bar = progress(io, io.isTTY && args.format === 'text');
    try {
      const { plan, result } = await registerCatalog({
        catalog,
        client,
        dryRun: args['dry-run'],
        concurrency: args.concurrency,
        onStateRead: (done, total) => bar.update('reading registry', done, total),
        onItem: (applied, done, total) => {
          bar.update('registering', done, total);
          if (applied.outcome.status === 'failed' && (applied.outcome.reason === 'network' || applied.outcome.reason === 'server') && io.isTTY) {
            bar.end();
            io.stderr(`${applied.item.subject}: ${describeOutcome(applied)}\n`);
          }
        },
      });
      bar.end();
      if (!result) {
        io.stdout(args.format === 'json' ? JSON.stringify(planToJson(plan, label), null, 2) + '\n' : renderPlan(plan, label));
        const refused = plan.items.some((i) => i.action !== 'register' && i.action !== 'already-registered') || plan.diagnostics.some((d) => d.severity === 'error');
        return refused ? ExitCode.PROBLEMS : ExitCode.OK;
      }
      io.stdout(args.format === 'json' ? JSON.stringify(applyResultToJson(result, plan, label), null, 2) + '\n' : renderApplyResult(result, label, plan));
      return result.complete && !plan.diagnostics.some((d) => d.severity === 'error') ? ExitCode.OK : ExitCode.PROBLEMS;
    } catch (error) {
      bar.end();
      if (!(error instanceof RegistryError)) throw error;
      if (error.retriable) {
        // The registry could not be read completely: nothing or part was done; a re-run completes it.
        io.stderr(`contracts register: incomplete: ${error.message}\n  Run \`contracts register\` again; already registered subjects are skipped.\n`);
        return ExitCode.PROBLEMS;
      }
      throw registryUserError(error, label);
    } finally {
      client.close();
      await embedded?.close();
    }
  },
});
