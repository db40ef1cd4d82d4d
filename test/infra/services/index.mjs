// The test services (real Kafka broker, real Apicurio Registry, real PostgreSQL) without Docker: provisioned
// from Maven Central into .cache/ (PostgreSQL from Debian's packages), started on 127.0.0.1 with free ports,
// stopped by PID.
// Used by test/infra/global-setup.ts and scripts/services/*.mjs.
import { startApicurio, trainApicurio } from './apicurio-server.mjs';
import { startKafka, trainKafka } from './kafka-server.mjs';
import { provisionPostgres, startPostgres } from './postgres-server.mjs';
import { startVerdaccio } from './verdaccio-server.mjs';
import { progress } from './process.mjs';
import { provisionApicurio, provisionKafka } from './provision.mjs';

export { PrerequisiteError } from './java.mjs';
export { trainApicurio, trainKafka };
export { APICURIO_VERSION, kafkaVersion, provisionApicurio, provisionKafka } from './provision.mjs';
export { provisionPostgres, startPostgres, startKafka };

export const SERVICE_NAMES = ['kafka', 'apicurio', 'postgres', 'verdaccio'];
export { startVerdaccio };

/**
 * Which services this run starts. All of them, unless `CONTRACTS_TEST_SERVICES` names a subset
 * (`kafka`, `apicurio`, `postgres`, comma-separated, or `none`) for a local fast loop. On CI (`CI` set and not
 * `false`/`0`) the variable is ignored and everything starts.
 * @returns {string[]}
 */
export function selectServices(env = process.env) {
  const raw = (env.CONTRACTS_TEST_SERVICES ?? '').trim();
  if (raw === '' || raw === 'all') return [...SERVICE_NAMES];
  if (isCi(env)) {
    progress(`services: CONTRACTS_TEST_SERVICES=${raw} is ignored on CI; starting all (${SERVICE_NAMES.join(', ')})`);
    return [...SERVICE_NAMES];
  }
  if (raw === 'none') return [];
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !SERVICE_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `CONTRACTS_TEST_SERVICES names unknown service(s) ${unknown.join(', ')}; use a comma-separated subset of ${SERVICE_NAMES.join(', ')}, or all, or none.`,
    );
  }
  return SERVICE_NAMES.filter((name) => names.includes(name));
}

export function isCi(env = process.env) {
  const ci = (env.CI ?? '').trim().toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}

/** Downloads what the named services need (idempotent; a warm cache costs milliseconds). */
export async function provisionServices(names = SERVICE_NAMES) {
  const [kafka, apicurio, postgres] = await Promise.all([
    names.includes('kafka') ? provisionKafka() : undefined,
    names.includes('apicurio') ? provisionApicurio() : undefined,
    names.includes('postgres') ? provisionPostgres() : undefined,
  ]);
  return { kafka, apicurio, postgres };
}

/**
 * Provisions and starts the named services in parallel. If one fails, the others are stopped
 * before the error is thrown. `stop()` stops all of them.
 */
export async function startServices(names = SERVICE_NAMES) {
  const results = await Promise.allSettled([
    names.includes('kafka') ? provisionKafka().then(startKafka) : undefined,
    names.includes('apicurio') ? provisionApicurio().then(startApicurio) : undefined,
    names.includes('postgres') ? provisionPostgres().then(startPostgres) : undefined,
    names.includes('verdaccio') ? startVerdaccio() : undefined,
  ]);
  const [kafka, apicurio, postgres, verdaccio] = results.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
  const stop = async () => {
    await Promise.all([kafka?.stop(), apicurio?.stop(), postgres?.stop(), verdaccio?.stop()]);
  };
  const failures = results.filter((result) => result.status === 'rejected').map((result) => result.reason);
  if (failures.length > 0) {
    await stop();
    if (failures.length === 1) throw failures[0];
    throw new Error(failures.map((error) => error.message).join('\n\n'));
  }
  return { kafka, apicurio, postgres, verdaccio, stop };
}
