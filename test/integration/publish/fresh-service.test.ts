/**
 * The service team's side of publishing: `contracts publish` puts this repository's packages (and the
 * runtime) on a real npm registry (Verdaccio); an empty folder outside the repository, whose .npmrc only
 * names that registry for the two scopes, runs `npm install @acme/order-events` (kafkajs and @types/node
 * come from the normal npm registry), compiles a service file under `tsc --strict`, and that service
 * exchanges events over the real Kafka broker with the repository's generated consumer and publisher,
 * schema ids from the embedded registry.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@event-contracts/runtime';
import { main } from '../../../generator/cli/main.js';
import { startRegistry, type RunningRegistry } from '../../../generator/registry-server/index.js';
import { createOrderConsumer, createOrderPublisher, type OrderPlacedV2 } from '../../../generated/order-events/index.js';
import { kafkaBrokers, uniqueGroupId } from '../../infra/kafka.js';
import { userConfig, verdaccio } from '../../infra/verdaccio.js';
import { captureIO } from '../register/repo-fixture.js';

const exec = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../../..');
const RUN = randomUUID().slice(0, 8);
const COUNT = 5;
let repo: string;
let service: string;
let registry: RunningRegistry;
const savedEnv = { ...process.env };

const order = (i: number): OrderPlacedV2 => ({
  orderId: randomUUID(),
  customer: { userId: '3f6c2a5e-8a7b-4c1d-9e2f-0a1b2c3d4e5f' },
  total: { amountMinor: 1000 + i, currency: 'EUR' },
  lines: [{ sku: `SKU-${i}`, quantity: 1, unitPrice: { amountMinor: 1000 + i, currency: 'EUR' } }],
  shippingAddress: { line1: '12 Analytical Row', city: 'London', postalCode: 'N1 9GU', country: 'GB' },
  placedAt: '2026-11-02T10:00:00Z',
});

/** The service: consumes what the repository side publishes, then publishes its own events. Strict TypeScript. */
const SERVICE_TS = `import { createOrderConsumer, createOrderPublisher, type OrderPlacedV2, type OrderPlacedV2Event } from '@acme/order-events';

const run = process.env.RUN_ID ?? '';
const count = Number(process.env.COUNT ?? '0');
const seen: OrderPlacedV2Event[] = [];
const consumer = createOrderConsumer({ groupId: process.env.GROUP_ID ?? 'fresh-service', topics: ['order.placed'], fromBeginning: true, onInvalid: 'fail' })
  .on('order.placed.v2', async (event) => {
    if (event.correlationId?.startsWith(\`\${run}-repo-\`)) seen.push(event);
  });
await consumer.start();
const deadline = Date.now() + 60_000;
while (seen.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
await consumer.stop();

const publisher = createOrderPublisher({ source: 'fresh-service' });
for (const event of seen) {
  const data: OrderPlacedV2 = { ...event.data, total: { ...event.data.total, amountMinor: event.data.total.amountMinor * 2 } };
  await publisher.publishOrderPlacedV2(data, { correlationId: \`\${run}-service-\${event.correlationId}\` });
}
await publisher.disconnect();
// @ts-expect-error: strict mode is on; a typo in a field name must not compile
const wrong: OrderPlacedV2 = { ...seen[0]!.data, totl: 1 };
void wrong;
process.stdout.write(JSON.stringify({ received: seen.length, published: seen.length }) + '\\n');
`;

beforeAll(async () => {
  // The repository as CI checks it out, in a temp folder (scope @acme, as committed).
  repo = await mkdtemp(join(tmpdir(), 'contracts-fresh-repo-'));
  for (const entry of [
    'schemas',
    'generated',
    'migrations',
    'contracts.config.json',
    'contracts.lock.json',
    'contracts.approvals.json',
    'contracts.config.schema.json',
  ]) {
    await cp(join(REPO, entry), join(repo, entry), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  // npm scripts export their own npm_config_* (userconfig, registry): the test's choices must win.
  delete process.env.npm_config_userconfig;
  delete process.env.npm_config_registry;
  process.env.NPM_CONFIG_USERCONFIG = await userConfig(verdaccio().token);
  registry = await startRegistry({ port: 0, dataDir: await mkdtemp(join(tmpdir(), 'contracts-fresh-registry-')) });
}, 120_000);

afterAll(async () => {
  process.env = savedEnv;
  await registry?.close();
  await rm(repo, { recursive: true, force: true });
  if (service) await rm(service, { recursive: true, force: true });
});

describe('a fresh service installs the published package', { timeout: 420_000 }, () => {
  it('publish → npm install from the registry → tsc --strict → events round-trip over the real broker', async () => {
    const io = captureIO();
    const published = await main(['publish', '--cwd', repo, '--registry', verdaccio().url], io);
    expect(published, io.out + io.err).toBe(0);
    expect(io.out).toMatch(/@acme\/order-events@1\.0\.0/);

    service = await mkdtemp(join(tmpdir(), 'contracts-fresh-service-'));
    const v = verdaccio().url;
    await writeFile(join(service, '.npmrc'), `@acme:registry=${v}\n@event-contracts:registry=${v}\n`);
    await writeFile(join(service, 'package.json'), JSON.stringify({ name: 'fresh-service', private: true, type: 'module' }));
    const npmEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NPM_CONFIG_USERCONFIG: join(service, 'no-user-config'),
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    delete npmEnv.npm_config_registry;
    delete npmEnv.npm_config_userconfig;
    await exec('npm', ['install', '@acme/order-events', '@types/node@20', '--no-package-lock'], { cwd: service, env: npmEnv, timeout: 300_000 });

    // The installed tree holds the packages' own files, nothing else from this repository.
    const installed = JSON.parse(await readFile(join(service, 'node_modules/@acme/order-events/package.json'), 'utf8')) as {
      version: string;
      dependencies: Record<string, string>;
    };
    expect(installed.version).toBe('1.0.0');
    expect(installed.dependencies['@event-contracts/runtime']).toMatch(/^\^/);
    const files = await readdir(join(service, 'node_modules/@acme/order-events'), { recursive: true });
    expect(files).toContain('CHANGELOG.md');
    expect(files.filter((f) => /^(schemas|generator|test|src)\b/.test(f))).toEqual([]);
    const runtimeFiles = await readdir(join(service, 'node_modules/@event-contracts/runtime'), { recursive: true });
    expect(runtimeFiles).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', join('dist', 'index.js'), join('dist', 'index.d.ts')]));
    expect(runtimeFiles.filter((f) => f.startsWith('src') || f.endsWith('.tsbuildinfo'))).toEqual([]);

    await writeFile(join(service, 'service.ts'), SERVICE_TS);
    await writeFile(
      join(service, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          outDir: 'out',
          types: ['node'],
          skipLibCheck: false,
          noEmitOnError: true,
        },
        files: ['service.ts'],
      }),
    );
    await exec(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(service, 'tsconfig.json')], { cwd: service });

    // Schema ids come from the embedded registry: register the contracts there first.
    const reg = captureIO();
    expect(await main(['register', '--cwd', repo, '--registry', registry.url], reg), reg.err).toBe(0);
    process.env.SCHEMA_REGISTRY_URL = registry.url;
    process.env.KAFKA_BROKERS = kafkaBrokers().join(',');

    const back: string[] = [];
    const consumer = createOrderConsumer({
      brokers: kafkaBrokers(),
      groupId: uniqueGroupId('fresh-repo'),
      topics: ['order.placed'],
      fromBeginning: true,
      onInvalid: 'fail',
      logger: silentLogger,
    }).on('order.placed.v2', (event) => {
      if (event.correlationId?.startsWith(`${RUN}-service-`)) back.push(event.correlationId);
    });
    await consumer.start();
    const publisher = createOrderPublisher({ brokers: kafkaBrokers(), registryUrl: registry.url, source: 'repo-side', logger: silentLogger });
    try {
      for (let i = 0; i < COUNT; i++) await publisher.publishOrderPlacedV2(order(i), { correlationId: `${RUN}-repo-${i}` });
      const child = await exec(process.execPath, [join(service, 'out', 'service.js')], {
        cwd: service,
        env: {
          ...process.env,
          RUN_ID: RUN,
          COUNT: String(COUNT),
          GROUP_ID: uniqueGroupId('fresh-service'),
          KAFKA_BROKERS: kafkaBrokers().join(','),
          SCHEMA_REGISTRY_URL: registry.url,
        },
        timeout: 120_000,
      });
      const summary = JSON.parse(child.stdout.trim().split('\n').pop()!) as { received: number; published: number };
      const deadline = Date.now() + 60_000;
      while (back.length < COUNT && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      process.stderr.write(
        `fresh service: sent by the repository ${COUNT}, received by the service ${summary.received}, sent back ${summary.published}, received by the generated consumer ${back.length}, duplicated ${back.length - new Set(back).size}\n`,
      );
      expect(summary).toEqual({ received: COUNT, published: COUNT });
      expect(new Set(back).size).toBe(COUNT);
    } finally {
      await publisher.disconnect();
      await consumer.stop();
    }
  });
});
