/**
 * Helpers for integration tests that talk to the real Apicurio Registry (its Confluent-compatible
 * API) started once per run by test/infra/global-setup.ts. All test files share one registry
 * (in-memory storage, global compatibility BACKWARD): use uniqueSubject() so they never collide.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import './context.js';

/**
 * Base URL of the registry's Confluent-compatible API, including `/apis/ccompat/v7`
 * (e.g. `http://127.0.0.1:40124/apis/ccompat/v7`), without a trailing slash. Inside vitest it
 * comes from the global setup (inject); elsewhere from the `APICURIO_URL` env var.
 * Throws when this run has no registry, naming how to get one.
 */
export function apicurioUrl(): string {
  const url = injected() || process.env.APICURIO_URL || '';
  if (url === '') {
    throw new Error(
      'No Apicurio registry in this test run: it was excluded by CONTRACTS_TEST_SERVICES or the test runs outside the ' +
        '`integration` project. Run it with `npx vitest run --project integration …` (unset CONTRACTS_TEST_SERVICES), ' +
        'or set APICURIO_URL=http://host:port/apis/ccompat/v7.',
    );
  }
  return url.replace(/\/+$/, '');
}

/** A subject name no other test uses: `<prefix>-<time>-<random>`. */
export function uniqueSubject(prefix = 'test'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

function injected(): string | undefined {
  try {
    return inject('apicurioUrl') || undefined;
  } catch {
    return undefined; // not inside a vitest worker
  }
}
