#!/usr/bin/env node
// Downloads (once) what the integration tests' services need into .cache/: Kafka's jars and the
// Apicurio Registry app. Idempotent: a warm cache returns in milliseconds. Warms CI before `npm test`.
//   node scripts/services/provision.mjs            # both
//   node scripts/services/provision.mjs kafka      # one
import { PrerequisiteError, SERVICE_NAMES, provisionServices } from '../../test/infra/services/index.mjs';

const names = process.argv.slice(2);
const unknown = names.filter((name) => !SERVICE_NAMES.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`provision: unknown service(s) ${unknown.join(', ')}; choose from ${SERVICE_NAMES.join(', ')}.\n`);
  process.exit(2);
}

const start = performance.now();
try {
  const { kafka, apicurio } = await provisionServices(names.length > 0 ? names : SERVICE_NAMES);
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  if (kafka) process.stderr.write(`kafka: ${kafka.version} ${kafka.downloaded ? 'downloaded' : 'already cached'} (${kafka.libsDir})\n`);
  if (apicurio) process.stderr.write(`apicurio: ${apicurio.version} ${apicurio.downloaded ? 'downloaded' : 'already cached'} (${apicurio.launcher})\n`);
  process.stderr.write(`provision: done in ${seconds}s\n`);
} catch (error) {
  process.stderr.write(`provision: ${error instanceof PrerequisiteError ? '' : 'failed: '}${error.message}\n`);
  process.exit(error instanceof PrerequisiteError ? 2 : 1);
}
