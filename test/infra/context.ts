/**
 * What test/infra/global-setup.ts hands to the test workers through vitest's provide/inject.
 * A service that was not started for this run (CONTRACTS_TEST_SERVICES on a local fast loop)
 * is provided as an empty value; the helpers in kafka.ts / apicurio.ts then throw a message
 * that says so, so a test that needs it fails instead of passing silently.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap servers of the test broker, e.g. `['127.0.0.1:40123']`; empty when Kafka was not started. */
    kafkaBrokers: string[];
    /** Confluent-compatible API of the test registry, e.g. `http://127.0.0.1:40124/apis/ccompat/v7`; '' when not started. */
    apicurioUrl: string;
    /** The test npm registry (Verdaccio) and a token of its publishing user; '' when not started. */
    verdaccio: { url: string; token: string };
    /** Superuser URL of the test PostgreSQL, e.g. `postgres://postgres@127.0.0.1:40125/postgres`; '' when not started. */
    databaseUrl: string;
  }
}

export {};
