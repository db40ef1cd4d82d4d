#!/usr/bin/env node
// Downloads (once) what the integration tests' services need into .cache/: Kafka's jars (plus a
// formatted KRaft storage template) and the Apicurio Registry app; PostgreSQL, Chromium and Confluent's Python client from Debian's packages. Idempotent: a warm cache returns
// in milliseconds. Off CI it also trains the JVM AOT caches of both servers once (Java 25+; about a
// minute), which makes every later start take a third (Apicurio) to a half (Kafka) less CPU.
//   node scripts/services/provision.mjs                 # both
//   node scripts/services/provision.mjs kafka           # one
//   node scripts/services/provision.mjs --no-aot        # skip the AOT training
import { PrerequisiteError, SERVICE_NAMES, isCi, provisionServices, trainApicurio, trainKafka } from '../../test/infra/services/index.mjs';
import { provisionChromium } from '../../test/infra/services/chromium.mjs';
import { provisionPythonClients } from '../../test/infra/services/python-clients.mjs';

const args = process.argv.slice(2);
const train = !args.includes('--no-aot') && !isCi();
const names = args.filter((arg) => arg !== '--no-aot');
// chromium and python (Confluent's Python client, for the interop matrix) are not servers, only prerequisites: provisioned, never started.
const PREREQUISITES = ['chromium', 'python'];
const unknown = names.filter((name) => !SERVICE_NAMES.includes(name) && !PREREQUISITES.includes(name));
if (unknown.length > 0) {
  process.stderr.write(
    `provision: unknown argument(s) ${unknown.join(', ')}; choose from ${SERVICE_NAMES.join(', ')}, ${PREREQUISITES.join(', ')}, --no-aot.\n`,
  );
  process.exit(2);
}

const start = performance.now();
try {
  const servers = names.length > 0 ? names.filter((name) => !PREREQUISITES.includes(name)) : SERVICE_NAMES;
  const [{ kafka, apicurio, postgres }, chromium, python] = await Promise.all([
    provisionServices(servers),
    names.length === 0 || names.includes('chromium') ? provisionChromium() : undefined,
    names.length === 0 || names.includes('python') ? provisionPythonClients() : undefined,
  ]);
  if (python)
    process.stderr.write(`python clients: ${python.installed ? 'installed' : 'already installed'} (${python.python}: confluent_kafka, requests, jsonschema)\n`);
  if (chromium) process.stderr.write(`chromium: ${chromium.installed ? 'installed' : 'already installed'} (${chromium.executablePath})\n`);
  if (kafka) process.stderr.write(`kafka: ${kafka.version} ${kafka.downloaded ? 'downloaded' : 'already cached'} (${kafka.libsDir})\n`);
  if (apicurio) process.stderr.write(`apicurio: ${apicurio.version} ${apicurio.downloaded ? 'downloaded' : 'already cached'} (${apicurio.launcher})\n`);
  if (postgres) process.stderr.write(`postgres: ${postgres.version} ${postgres.installed ? 'installed' : 'already installed'} (${postgres.binDir})\n`);
  if (train) await Promise.all([kafka && trainKafka(kafka), apicurio && trainApicurio(apicurio)]);
  process.stderr.write(`provision: done in ${((performance.now() - start) / 1000).toFixed(1)}s\n`);
} catch (error) {
  process.stderr.write(`provision: ${error instanceof PrerequisiteError ? '' : 'failed: '}${error.message}\n`);
  process.exit(error instanceof PrerequisiteError ? 2 : 1);
}
