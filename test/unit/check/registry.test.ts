// `contracts check --registry URL`: the gate also asks a registry (here the embedded one, in process)
// through the register stage's checkAgainstRegistry; its findings join the check's diagnostics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../../generator/registry-server/index.js';
import type { RunningRegistry } from '../../../generator/registry-server/index.js';
import { makeRepo, obj, run, writeFiles } from './helpers.js';

const FILE = 'schemas/order/placed.v1.json';
const str = { type: 'string' };
let registry: RunningRegistry;

beforeAll(async () => {
  registry = await startRegistry({ port: 0, onWarning: () => {} });
});
afterAll(async () => {
  await registry?.close();
});

describe('check --registry', () => {
  it('passes before registration, and reports the registry verdict after a breaking edit', async () => {
    const root = await makeRepo({ [FILE]: obj({ id: str, amount: { type: 'number' } }, { 'x-partition-key': '/id' }) });
    expect((await run(['lock', '--cwd', root])).code).toBe(0);
    const fresh = await run(['check', '--cwd', root, '--no-git', '--registry', registry.url, '--format', 'json']);
    expect(fresh.code, fresh.stdout + fresh.stderr).toBe(0);

    const registered = await run(['register', '--cwd', root, '--registry', registry.url]);
    expect(registered.code, registered.stdout + registered.stderr).toBe(0);

    await writeFiles(root, { [FILE]: obj({ id: str, amount: { type: 'string' } }, { 'x-partition-key': '/id' }) });
    const local = await run(['check', '--cwd', root, '--no-git', '--format', 'json']);
    const withRegistry = await run(['check', '--cwd', root, '--no-git', '--registry', registry.url, '--format', 'json']);
    expect(withRegistry.code).toBe(1);
    const ids = (text: string) => (JSON.parse(text).diagnostics as { ruleId: string; file: string }[]).map((d) => `${d.ruleId} ${d.file}`);
    // Everything the local gate found is still there, plus what the registry check adds.
    for (const d of ids(local.stdout)) expect(ids(withRegistry.stdout)).toContain(d);
    expect(ids(withRegistry.stdout).length).toBeGreaterThan(ids(local.stdout).length);
    expect(ids(withRegistry.stdout).some((d) => d.startsWith('REGISTRY_') && d.endsWith(FILE))).toBe(true);
  });
});
