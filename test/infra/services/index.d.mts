// Types of the plain-ESM service modules (they are .mjs so scripts/services can run them with node).

export declare class PrerequisiteError extends Error {}

export declare const SERVICE_NAMES: readonly ServiceName[];
export type ServiceName = 'kafka' | 'apicurio' | 'postgres' | 'verdaccio';

export declare const APICURIO_VERSION: string;
export declare function kafkaVersion(): string;

export interface RunningKafka {
  /** `['127.0.0.1:PORT']` */
  brokers: string[];
  pid: number;
  /** Temp folder with data and server.log; deleted by stop(). */
  dir: string;
  version: string;
  stop(options?: { graceMs?: number; quiet?: boolean }): Promise<void>;
  /** Stops the broker but keeps its data (fault tests); `kill` sends SIGKILL instead of SIGTERM. */
  halt(options?: { kill?: boolean }): Promise<void>;
  /** Starts a halted broker again on the same ports with the same data. */
  resume(): Promise<void>;
}

export interface RunningApicurio {
  /** Confluent-compatible API base, `http://127.0.0.1:PORT/apis/ccompat/v7`. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  pid: number;
  dir: string;
  version: string;
  stop(options?: { graceMs?: number; quiet?: boolean }): Promise<void>;
}

export interface RunningPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (superuser, trust auth, loopback only). */
  url: string;
  port: number;
  pid: number;
  /** Temp folder with the cluster, its Unix socket and server.log; deleted by stop(). */
  dir: string;
  /** Major version, e.g. `15`. */
  version: string;
  /** Fast shutdown (SIGINT), SIGKILL after `graceMs`. */
  stop(options?: { graceMs?: number }): Promise<void>;
}

export interface RunningVerdaccio {
  /** Registry URL with a trailing slash, `http://127.0.0.1:PORT/`. */
  url: string;
  /** Bearer token of the htpasswd user the tests publish as. */
  token: string;
  user: { name: string; password: string };
  pid: number;
  dir: string;
  version: string;
  stop(options?: { graceMs?: number }): Promise<void>;
}

/** Starts a Verdaccio of its own (own storage, no uplinks, one htpasswd user). */
export declare function startVerdaccio(options?: { attempts?: number }): Promise<RunningVerdaccio>;

export interface RunningServices {
  kafka: RunningKafka | undefined;
  apicurio: RunningApicurio | undefined;
  postgres: RunningPostgres | undefined;
  verdaccio: RunningVerdaccio | undefined;
  /** Stops every started service (SIGTERM by PID, SIGKILL after 15 s) and deletes their temp folders. */
  stop(): Promise<void>;
}

export declare function selectServices(env?: NodeJS.ProcessEnv): ServiceName[];
export declare function isCi(env?: NodeJS.ProcessEnv): boolean;
export declare function provisionKafka(): Promise<{ libsDir: string; storageTemplate: string; version: string; downloaded: boolean }>;
export declare function provisionApicurio(): Promise<{ appDir: string; launcher: string; version: string; downloaded: boolean }>;
/** Finds PostgreSQL's server binaries, installing Debian's `postgresql` package (as root) when missing. */
export declare function provisionPostgres(): Promise<{ binDir: string; version: string; installed: boolean }>;
export declare function startPostgres(provisioned: { binDir: string; version: string; timeoutMs?: number }): Promise<RunningPostgres>;
/** A broker of one's own (for tests that stop or kill it). */
export declare function startKafka(provisioned: { libsDir: string; storageTemplate?: string; version: string; timeoutMs?: number }): Promise<RunningKafka>;
export declare function provisionServices(names?: readonly ServiceName[]): Promise<{
  kafka: Awaited<ReturnType<typeof provisionKafka>> | undefined;
  apicurio: Awaited<ReturnType<typeof provisionApicurio>> | undefined;
  postgres: Awaited<ReturnType<typeof provisionPostgres>> | undefined;
}>;
/** Trains the JVM AOT cache of the registry (Java 25+); returns the cache file or undefined. */
export declare function trainApicurio(provisioned: { launcher: string; appDir: string; version: string }): Promise<string | undefined>;
/** Trains the JVM AOT cache of the broker (Java 25+); returns the cache file or undefined. */
export declare function trainKafka(provisioned: { libsDir: string; storageTemplate?: string; version: string }): Promise<string | undefined>;
export declare function startServices(names?: readonly ServiceName[]): Promise<RunningServices>;
