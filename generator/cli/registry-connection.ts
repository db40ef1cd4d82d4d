import { readFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { ContractsError, UsageError } from '../core/errors.js';
import type { Catalog } from '../load/index.js';
import type { RegistryAuth, RegistryClient, RegistryClientOptions, RegistryError } from '../register/index.js';

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
    .option('token-env', {
      type: 'string',
      default: 'SCHEMA_REGISTRY_TOKEN',
      describe: 'Environment variable holding a bearer token (used when set and no user is given)',
    })
    .option('ca', { type: 'string', describe: 'PEM file of the CA to trust for https' })
    .option('cert', { type: 'string', describe: 'PEM client certificate (mutual TLS)' })
    .option('key', { type: 'string', describe: 'PEM client key (mutual TLS)' })
    .option('insecure', { type: 'boolean', default: false, describe: 'Do not verify the server certificate (testing only)' })
    .option('timeout', { type: 'number', default: 10_000, describe: 'Per-request timeout in ms' })
    .option('retries', { type: 'number', default: 5, describe: 'Retries of a request after a network error or 5xx (exponential backoff with jitter)' }) as Argv<
    T & RegistryConnectionArgs
  >;
}

/** The registry URL from flag, config or environment; undefined when none is configured. */
export function configuredRegistryUrl(
  args: { registry?: string },
  catalog?: Pick<Catalog, 'config'>,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return args.registry ?? catalog?.config.registry.url ?? (env.SCHEMA_REGISTRY_URL || undefined);
}

/** Build a client from the connection flags (secrets come from the environment, never argv). */
export async function clientFromArgs(args: RegistryConnectionArgs, url: string, env: NodeJS.ProcessEnv = process.env): Promise<RegistryClient> {
  let auth: RegistryAuth | undefined;
  const user = args.user ?? env.SCHEMA_REGISTRY_USER;
  if (user) {
    const password = env[args['password-env']];
    if (password === undefined)
      throw new UsageError(
        `A registry user is set but $${args['password-env']} is empty.`,
        `Export the password in ${args['password-env']} (or name another variable with --password-env).`,
      );
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
    return new (await import('../register/index.js')).RegistryClient(options);
  } catch {
    throw new UsageError(`The registry URL "${url}" is not an http(s) URL.`, 'Example: --registry http://localhost:8081');
  }
}

/** Map a registry failure to a user error (exit 2), naming what to check. */
export function registryUserError(error: RegistryError, url: string): ContractsError {
  if (error.status === 401 || error.status === 403)
    return new ContractsError(
      `The registry at ${url} refused the credentials: ${error.message}`,
      'Set --user and $SCHEMA_REGISTRY_PASSWORD, or $SCHEMA_REGISTRY_TOKEN.',
    );
  if (error.kind !== 'http')
    return new ContractsError(
      `Cannot reach the registry at ${url}: ${error.message}`,
      'Check the URL (--registry, config registry.url, $SCHEMA_REGISTRY_URL) and that the registry is running.',
    );
  return new ContractsError(
    `The registry at ${url} answered an error: ${error.message}`,
    'Check that the URL points at a Confluent-compatible API (for Apicurio: …/apis/ccompat/v7).',
  );
}
