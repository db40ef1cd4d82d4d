/**
 * vitest globalSetup of the `integration` project: starts a real Kafka broker, a real Apicurio
 * Registry, a real PostgreSQL and a real npm registry (Verdaccio) once per run, in parallel, on
 * 127.0.0.1 with free ports, and stops them afterwards.
 *
 * Tests read the connection info with `inject('kafkaBrokers')` / `inject('apicurioUrl')` /
 * `inject('databaseUrl')` (or the helpers in ./kafka.ts, ./apicurio.ts, ./postgres.ts); child
 * processes get `KAFKA_BROKERS` / `APICURIO_URL` / `DATABASE_URL`.
 *
 * Local fast loops only:
 * - `CONTRACTS_TEST_SERVICES=kafka` (or `apicurio`, `none`) starts a subset; ignored when CI is set.
 * - `CONTRACTS_TEST_REUSE=1` with `KAFKA_BROKERS` / `APICURIO_URL` / `DATABASE_URL` uses services already running
 *   (e.g. from `node scripts/services/start.mjs`) instead of starting them; ignored when CI is set.
 */
import type { TestProject } from 'vitest/node';
import { isCi, selectServices, startServices, type ServiceName } from './services/index.mjs';
import './context.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const wanted = selectServices();
  const reused = reusedServices(wanted);
  const toStart = wanted.filter((name) => !(name in reused));
  const started = await startServices(toStart);

  const brokers = started.kafka?.brokers ?? reused.kafka?.split(',') ?? [];
  const apicurioUrl = started.apicurio?.url ?? reused.apicurio ?? '';
  const databaseUrl = started.postgres?.url ?? reused.postgres ?? '';
  project.provide('kafkaBrokers', brokers);
  project.provide('apicurioUrl', apicurioUrl);
  project.provide('databaseUrl', databaseUrl);
  // Verdaccio is cheap (about a second) and holds test state: always a fresh one, never reused.
  project.provide('verdaccio', started.verdaccio ? { url: started.verdaccio.url, token: started.verdaccio.token } : { url: '', token: '' });

  const previous = { KAFKA_BROKERS: process.env.KAFKA_BROKERS, APICURIO_URL: process.env.APICURIO_URL, DATABASE_URL: process.env.DATABASE_URL };
  setEnv('KAFKA_BROKERS', brokers.length > 0 ? brokers.join(',') : undefined);
  setEnv('APICURIO_URL', apicurioUrl || undefined);
  setEnv('DATABASE_URL', databaseUrl || undefined);

  return async () => {
    await started.stop();
    setEnv('KAFKA_BROKERS', previous.KAFKA_BROKERS);
    setEnv('APICURIO_URL', previous.APICURIO_URL);
    setEnv('DATABASE_URL', previous.DATABASE_URL);
  };
}

/** Services the developer asked to reuse (CONTRACTS_TEST_REUSE=1 plus their env var); never on CI. */
function reusedServices(wanted: ServiceName[]): Partial<Record<ServiceName, string>> {
  if (process.env.CONTRACTS_TEST_REUSE !== '1') return {};
  if (isCi()) {
    process.stderr.write('services: CONTRACTS_TEST_REUSE is ignored on CI; starting fresh services\n');
    return {};
  }
  const reused: Partial<Record<ServiceName, string>> = {};
  const fromEnv: Record<ServiceName, string | undefined> = {
    kafka: process.env.KAFKA_BROKERS,
    apicurio: process.env.APICURIO_URL,
    postgres: process.env.DATABASE_URL,
    verdaccio: undefined,
  };
  for (const name of wanted) {
    const value = fromEnv[name]?.trim();
    if (value) {
      reused[name] = value;
      process.stderr.write(`${name}: reusing ${value} from the environment (CONTRACTS_TEST_REUSE=1); not started\n`);
    }
  }
  return reused;
}

function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
