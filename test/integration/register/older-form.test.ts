/**
 * `contracts register` on a registry an older version of this tool filled (issue 9, "Done when"):
 * every subject gets one new version with the same content, and the dry run and the apply output
 * (text and JSON) say in one line per subject what changed. On the embedded registry and on the
 * shared Apicurio (unique names per test: the fixture repository is renamed with a tag).
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../generator/cli/main.js';
import { loadCatalog } from '../../../generator/load/index.js';
import { buildRegistrationView } from '../../../generator/registration/index.js';
import { RegistryClient } from '../../../generator/register/index.js';
import { startRegistry } from '../../../generator/registry-server/index.js';
import { apicurioUrl } from '../../infra/apicurio.js';
import { olderFormRepo, olderRegisteredForm, registerOlderForm } from '../../support/older-registered-form.js';
import { makeRepo } from '../../support/repo.js';
import { captureIO } from './repo-fixture.js';

type Outcome = 'registered' | 'unresolved-reference' | 'format-refused';
/**
 * What each backend does with the new versions. Apicurio 3.3.3 judges the new form against the
 * older one with its own checker: it cannot resolve the older reference names while checking
 * (HTTP 500 "Unresolved JSON Schema reference: _shared/money-….json") and calls the removed
 * `format` a narrowing ("String type format added", 409 under FULL_TRANSITIVE). Both refusals
 * carry the same one-line explanation; docs/stages/register.md lists them.
 */
const BACKENDS: {
  name: string;
  start(): Promise<{ url: string; close(): Promise<void> }>;
  exitCode: number;
  outcomes: Record<'money' | 'placed' | 'created', Outcome>;
}[] = [
  {
    name: 'embedded',
    start: async () => startRegistry({ port: 0 }),
    exitCode: 0,
    outcomes: { money: 'registered', placed: 'registered', created: 'registered' },
  },
  {
    name: 'apicurio',
    start: async () => ({ url: apicurioUrl(), close: async () => {} }),
    exitCode: 1,
    outcomes: { money: 'registered', placed: 'unresolved-reference', created: 'format-refused' },
  },
];
/** `--no-unchecked-form-change` keeps the registry's refusal; by default what it refused is registered at NONE. */
const KEEP_REFUSAL = '--no-unchecked-form-change';

const OUTCOME_LINE: Record<Outcome, (t: string) => RegExp> = {
  registered: () => /registered id=\d+ version=2, same content as version 1 \(/,
  'unresolved-reference': (t) =>
    new RegExp(`failed: server: .*HTTP 500.*Unresolved JSON Schema reference: _shared/money-${t}\\.json \\(version 1 holds the same content; `),
  'format-refused': () => /failed: incompatible: the registry refused it as incompatible: .*format.* \(version 1 holds the same content; /,
};

let counter = 0;
/** A fixture repository with unique names (`money-<t>`, domains `<t>order`/`<t>user`), pre-registered in the older form. */
async function olderRegistry(url: string): Promise<{ root: string; t: string; subjects: { money: string; placed: string; created: string } }> {
  const t = `f${Date.now().toString(36)}${++counter}`;
  const rename = (s: string): string => s.replaceAll('money.json', `money-${t}.json`).replace(/schemas\/(order|user)\//, `schemas/${t}$1/`);
  const root = makeRepo(olderFormRepo(rename), 'contracts-older-form-');
  const view = buildRegistrationView(await loadCatalog({ root }));
  await registerOlderForm(url, view.units.map(olderRegisteredForm));
  return {
    root,
    t,
    subjects: { money: `_shared.money-${t}`, placed: `${t}order.placed-${t}order.placed.v1`, created: `${t}user.created-${t}user.created.v1` },
  };
}

describe.each(BACKENDS)('contracts register on a registry holding the older registered form ($name)', (backend) => {
  let registry: { url: string; close(): Promise<void> };
  let client: RegistryClient;
  const roots: string[] = [];
  beforeAll(async () => {
    registry = await backend.start();
    client = new RegistryClient({ url: registry.url });
  });
  afterAll(async () => {
    client?.close();
    await registry?.close();
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  /** After a complete run: the new `placed` references the new `money`, and a second run registers nothing. */
  const expectSettled = async (root: string, t: string, subjects: { money: string; placed: string }) => {
    const placed = await client.getVersion(subjects.placed, 2);
    expect(placed.references).toEqual([{ name: `/_shared/money-${t}.json`, subject: subjects.money, version: 2 }]);

    const again = captureIO();
    expect(await main(['register', '--cwd', root, '--registry', registry.url], again)).toBe(0);
    expect(again.out).toContain('0 registered, 3 already registered, 0 failed.');
    expect(again.out).not.toContain('registered form changed');
  };
  const explained = (t: string) => ({
    money: `registered form changed: $id /_shared/money-${t}.json added`,
    placed: `registered form changed: contract keywords moved to metadata (format, x-owner, x-partition-key); reference name _shared/money-${t}.json → /_shared/money-${t}.json; references the new version of _shared.money-${t} registered in this run`,
    created: 'registered form changed: contract keywords moved to metadata (format, x-owner, x-partition-key)',
  });

  it('the dry run and the text output explain each new version; a re-run changes nothing', async () => {
    const { root, t, subjects } = await olderRegistry(registry.url);
    roots.push(root);
    const why = explained(t);
    const dry = captureIO();
    expect(await main(['register', '--cwd', root, '--registry', registry.url, '--dry-run'], dry)).toBe(0);
    const planned = dry.out.split('\n');
    const width = Math.max(...Object.values(subjects).map((s) => s.length));
    expect(planned).toContain(`  + ${subjects.money.padEnd(width)}  register: new version with the same content as version 1, compatible (${why.money})`);
    expect(planned).toContain(
      `  + ${subjects.placed.padEnd(width)}  register: new version with the same content as version 1, compatible (${why.placed}) after ${subjects.money}`,
    );
    expect(planned).toContain(`  + ${subjects.created.padEnd(width)}  register: new version with the same content as version 1, compatible (${why.created})`);

    const io = captureIO();
    expect(await main(['register', '--cwd', root, '--registry', registry.url, KEEP_REFUSAL], io)).toBe(backend.exitCode);
    const lines = io.out.split('\n');
    for (const [key, subject] of Object.entries(subjects) as ['money' | 'placed' | 'created', string][]) {
      const line = lines.find((l) => l.startsWith(`  ${subject} `)) ?? '';
      expect(line).toMatch(OUTCOME_LINE[backend.outcomes[key]](t));
      expect(line.endsWith(`${why[key]})`)).toBe(true);
      expect(await client.listVersions(subject)).toEqual(backend.outcomes[key] === 'registered' ? [1, 2] : [1]);
    }
    const refusedNote = `Note: 2 subjects hold the same content as the newest version in an older registered form, and ${registry.url} refused the new form with its own check. The content did not change: \`contracts register\` without \`--no-unchecked-form-change\` registers them once at compatibility NONE and sets the level back.`;
    if (backend.outcomes.placed !== 'registered') {
      expect(lines).toContain(refusedNote);
      expect(lines.find((l) => / \d+ failed\./.test(l))).toMatch(/ 2 failed\. Incomplete: see the note below\.$/);
      return;
    }
    expect(io.out).not.toContain('Note:');
    expect(io.out).toContain('3 registered, 0 already registered, 0 failed.');
    await expectSettled(root, t, subjects);
  });

  it('the JSON output carries the same explanation per item', async () => {
    const { root, t, subjects } = await olderRegistry(registry.url);
    roots.push(root);
    const why = explained(t);
    const io = captureIO();
    expect(await main(['register', '--cwd', root, '--registry', registry.url, '--format', 'json', KEEP_REFUSAL], io)).toBe(backend.exitCode);
    const out = JSON.parse(io.out) as {
      complete: boolean;
      items: { subject: string; status: string; reason?: string; version?: number; sameContentAs?: number; formChange?: string }[];
    };
    expect(out.complete).toBe(backend.exitCode === 0);
    const status = (o: Outcome): [string, string | number] =>
      o === 'registered' ? ['registered', 2] : ['failed', o === 'format-refused' ? 'incompatible' : 'server'];
    expect(out.items.map((i) => [i.subject, i.status, i.status === 'failed' ? i.reason : i.version, i.sameContentAs, i.formChange])).toEqual([
      [subjects.money, ...status(backend.outcomes.money), 1, why.money],
      [subjects.placed, ...status(backend.outcomes.placed), 1, why.placed],
      [subjects.created, ...status(backend.outcomes.created), 1, why.created],
    ]);
  });

  it('by default registers what the registry refused once at NONE, sets the level back, says so, and a re-run is a no-op', async () => {
    const { root, t, subjects } = await olderRegistry(registry.url);
    roots.push(root);
    const why = explained(t);
    const io = captureIO();
    expect(await main(['register', '--cwd', root, '--registry', registry.url], io)).toBe(0);
    const lines = io.out.split('\n');
    const unchecked = "registered with the subject's compatibility at NONE for this one request (the registry refused the form change: ";
    for (const [key, subject] of Object.entries(subjects) as ['money' | 'placed' | 'created', string][]) {
      const line = lines.find((l) => l.startsWith(`  ${subject} `)) ?? '';
      expect(line).toMatch(OUTCOME_LINE.registered(t));
      expect(line).toContain(`(${why[key]})`);
      // Only what the registry refused went through unchecked.
      expect(line.includes(unchecked)).toBe(backend.outcomes[key] !== 'registered');
      expect(await client.listVersions(subject)).toEqual([1, 2]);
      expect((await client.getSubjectConfig(subject))?.level).toBe('FULL_TRANSITIVE');
    }
    expect(io.out).toContain('3 registered, 0 already registered, 0 failed.');
    await expectSettled(root, t, subjects);
  });
});
