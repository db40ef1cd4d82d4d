#!/usr/bin/env node
// Starts the test services for development or benchmarks and keeps them up until Ctrl-C.
// Prints the variables that let `vitest --project integration` reuse them instead of starting its own:
//   node scripts/services/start.mjs [kafka] [apicurio] [postgres]
//   export CONTRACTS_TEST_REUSE=1 KAFKA_BROKERS=… APICURIO_URL=… DATABASE_URL=…   (as printed)
import { PrerequisiteError, SERVICE_NAMES, startServices } from '../../test/infra/services/index.mjs';

const names = process.argv.slice(2);
const unknown = names.filter((name) => !SERVICE_NAMES.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`start: unknown service(s) ${unknown.join(', ')}; choose from ${SERVICE_NAMES.join(', ')}.\n`);
  process.exit(2);
}

let services;
try {
  services = await startServices(names.length > 0 ? names : SERVICE_NAMES);
} catch (error) {
  process.stderr.write(`start: ${error instanceof PrerequisiteError ? '' : 'failed: '}${error.message}\n`);
  process.exit(error instanceof PrerequisiteError ? 2 : 1);
}

const exports = ['CONTRACTS_TEST_REUSE=1'];
if (services.kafka) exports.push(`KAFKA_BROKERS=${services.kafka.brokers.join(',')}`);
if (services.apicurio) exports.push(`APICURIO_URL=${services.apicurio.url}`);
if (services.postgres) exports.push(`DATABASE_URL=${services.postgres.url}`);
process.stdout.write(`export ${exports.join(' ')}\n`);
process.stderr.write('services: running; Ctrl-C (or SIGTERM) stops them\n');

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await services.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
setInterval(() => {}, 1 << 30); // keep the event loop alive
