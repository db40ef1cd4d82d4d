/**
 * A registry holding what an older version of this tool registered (the fixture is a real capture)
 * gets one new version per subject, each explained in one line naming what changed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../generator/load/catalog.js';
import { loadCatalog } from '../../../generator/load/index.js';
import type { RegistrationView } from '../../../generator/registration/index.js';
import { buildRegistrationView } from '../../../generator/registration/index.js';
import type { AppliedItem } from '../../../generator/register/apply.js';
import { RegistryClient, type RegisteredSchema } from '../../../generator/register/client.js';
import { registeredFormChange } from '../../../generator/register/form-change.js';
import { registerCatalog } from '../../../generator/register/index.js';
import { planRegistration } from '../../../generator/register/plan.js';
import { applyResultToJson, describeOutcome, planToJson, renderApplyResult, renderPlan } from '../../../generator/register/render.js';
import type { RegistryState } from '../../../generator/register/state.js';
import { refKey } from '../../../generator/register/state.js';
import { startFakeRegistry, type FakeRegistry } from './fake-registry.js';
import { OLDER_FORM_DIR, olderRegisteredForm, type OlderRegistration } from '../../support/older-registered-form.js';

const FIXTURE = JSON.parse(readFileSync(join(OLDER_FORM_DIR, 'registered.json'), 'utf8')) as { registered: (OlderRegistration & { version: number })[] };
const MONEY = '_shared.money';
const PLACED = 'order.placed-order.placed.v1';
const CREATED = 'user.created-user.created.v1';

function stateOf(registered: readonly (OlderRegistration & { version?: number })[]): RegistryState {
  const state: RegistryState = { subjects: new Map(), referenced: new Map() };
  let id = 1;
  for (const r of registered) {
    const version: RegisteredSchema = { subject: r.subject, version: r.version ?? 1, id: id++, schema: r.schema, references: r.references, schemaType: 'JSON' };
    state.subjects.set(r.subject, { subject: r.subject, versions: [version], config: { level: 'FULL_TRANSITIVE', policy: 'LENIENT' } });
    state.referenced.set(refKey(r.subject, version.version), version);
  }
  return state;
}

let catalog: Catalog;
let view: RegistrationView;
beforeAll(async () => {
  catalog = await loadCatalog({ root: OLDER_FORM_DIR });
  view = buildRegistrationView(catalog);
});

describe('the older registered form (captured from a real run of the older version)', () => {
  it('olderRegisteredForm reproduces it exactly, so integration tests can pre-fill any registry with it', () => {
    expect(view.units.map(olderRegisteredForm)).toEqual(FIXTURE.registered.map(({ subject, schema, references }) => ({ subject, schema, references })));
  });

  it('plans a new version per subject, judged compatible by the local engine, one line each naming what changed', () => {
    const plan = planRegistration({ catalog, view, state: stateOf(FIXTURE.registered) });
    expect(plan.items.map((i) => [i.subject, i.action, i.sameContentAs, i.formChange])).toEqual([
      [MONEY, 'register', 1, 'registered form changed: $id /_shared/money.json added'],
      [
        PLACED,
        'register',
        1,
        'registered form changed: contract keywords moved to metadata (format, x-owner, x-partition-key); reference name _shared/money.json → /_shared/money.json; references the new version of _shared.money registered in this run',
      ],
      [CREATED, 'register', 1, 'registered form changed: contract keywords moved to metadata (format, x-owner, x-partition-key)'],
    ]);
    expect(renderPlan(plan, 'http://registry').split('\n').slice(1, 4)).toEqual([
      `  + ${MONEY.padEnd(28)}  register: new version with the same content as version 1, compatible (registered form changed: $id /_shared/money.json added)`,
      `  + ${PLACED}  register: new version with the same content as version 1, compatible (registered form changed: contract keywords moved to metadata (format, x-owner, x-partition-key); reference name _shared/money.json → /_shared/money.json; references the new version of _shared.money registered in this run) after _shared.money`,
      `  + ${CREATED}  register: new version with the same content as version 1, compatible (registered form changed: contract keywords moved to metadata (format, x-owner, x-partition-key))`,
    ]);
    const json = planToJson(plan, 'http://registry') as { items: { formChange?: string; sameContentAs?: number }[] };
    expect(json.items.map((i) => [i.sameContentAs, i.formChange])).toEqual(plan.items.map((i) => [1, i.formChange]));
  });

  it('the apply lines (text and JSON) carry the same explanation, registered or refused', () => {
    const plan = planRegistration({ catalog, view, state: stateOf(FIXTURE.registered) });
    const placed = plan.items.find((i) => i.subject === PLACED)!;
    const registered: AppliedItem = { item: placed, outcome: { status: 'registered', id: 7, version: 2 } };
    const refused: AppliedItem = { item: placed, outcome: { status: 'failed', reason: 'incompatible', message: 'the registry refused it as incompatible: x' } };
    expect(describeOutcome(registered)).toBe(`registered id=7 version=2, same content as version 1 (${placed.formChange})`);
    expect(describeOutcome(refused)).toBe(
      `failed: incompatible: the registry refused it as incompatible: x (version 1 holds the same content; ${placed.formChange})`,
    );
    const json = applyResultToJson({ items: [registered], complete: true, counts: { registered: 1, skipped: 0, failed: 0 } }, plan, 'http://registry') as {
      items: unknown[];
    };
    expect(json.items[0]).toMatchObject({ subject: PLACED, status: 'registered', version: 2, sameContentAs: 1, formChange: placed.formChange });
  });

  it('once the shared schema is in the new form, the event names the referenced version it moves to', () => {
    const money = view.units.find((u) => u.subject === MONEY)!;
    const given = stateOf(FIXTURE.registered);
    const v2: RegisteredSchema = { subject: MONEY, version: 2, id: 50, schema: money.schemaText, references: [], schemaType: 'JSON' };
    given.subjects.get(MONEY)!.versions.push(v2);
    given.referenced.set(refKey(MONEY, 2), v2);
    const plan = planRegistration({ catalog, view, state: given });
    expect(plan.items.map((i) => [i.subject, i.action, i.formChange ?? null])).toEqual([
      [MONEY, 'already-registered', null],
      [
        PLACED,
        'register',
        'registered form changed: contract keywords moved to metadata (format, x-owner, x-partition-key); reference name _shared/money.json → /_shared/money.json; references _shared.money version 2 (was 1)',
      ],
      [CREATED, 'register', 'registered form changed: contract keywords moved to metadata (format, x-owner, x-partition-key)'],
    ]);
  });
});

describe('registeredFormChange: one phrase per kind, nothing when the content differs', () => {
  const at = (subject: string) => FIXTURE.registered.find((r) => r.subject === subject)!;
  const live = (r: OlderRegistration, edit: (text: string) => string = (t) => t): RegisteredSchema => ({
    subject: r.subject,
    version: 1,
    id: 1,
    schema: edit(r.schema),
    references: r.references,
    schemaType: 'JSON',
  });
  const ours = (subject: string, version?: number) => {
    const u = view.units.find((x) => x.subject === subject)!;
    return { schema: u.schema, schemaText: u.schemaText, references: u.references.map((r) => ({ ...r, version })) };
  };
  const cases: { name: string; live: () => RegisteredSchema; subject: string; version?: number; want: string | undefined }[] = [
    { name: 'shared schema without $id', live: () => live(at(MONEY)), subject: MONEY, want: 'registered form changed: $id /_shared/money.json added' },
    {
      name: 'only the reference name differs (keywords already moved)',
      live: () => ({ ...live(at(PLACED)), schema: ours(PLACED).schemaText.replaceAll('"/_shared/money.json"', '"_shared/money.json"') }),
      subject: PLACED,
      version: 1,
      want: 'registered form changed: reference name _shared/money.json → /_shared/money.json',
    },
    { name: 'same form: no explanation', live: () => ({ ...live(at(CREATED)), schema: ours(CREATED).schemaText }), subject: CREATED, want: undefined },
    {
      name: 'content changed too (a maxLength): no explanation',
      live: () => live(at(CREATED), (t) => t.replace('"maxLength":254', '"maxLength":255')),
      subject: CREATED,
      want: undefined,
    },
    {
      name: 'a reference to another subject: no explanation',
      live: () => ({ ...live(at(PLACED)), references: [{ name: '_shared/money.json', subject: '_shared.cash', version: 1 }] }),
      subject: PLACED,
      version: 1,
      want: undefined,
    },
    { name: 'not JSON: no explanation', live: () => live(at(CREATED), () => '{oops'), subject: CREATED, want: undefined },
  ];
  it.each(cases)('$name', ({ live: given, subject, version, want }) => {
    expect(registeredFormChange(given(), ours(subject, version))?.text).toBe(want);
  });
});

describe('uncheckedFormChange (apply): the registry refuses the new form', () => {
  let registry: FakeRegistry | undefined;
  let client: RegistryClient | undefined;
  afterEach(async () => {
    client?.close();
    await registry?.close();
  });
  async function olderRegistry(refuse: (config: Record<string, unknown> | undefined) => boolean): Promise<FakeRegistry> {
    registry = await startFakeRegistry(Object.fromEntries(FIXTURE.registered.map((r) => [r.subject, [{ schema: r.schema, references: r.references }]])));
    for (const r of FIXTURE.registered) registry.configs.set(r.subject, { compatibility: 'FULL_TRANSITIVE', compatibilityPolicy: 'LENIENT' });
    const fake = registry;
    fake.fault = (method, path) =>
      method === 'POST' && path === `/subjects/${CREATED}/versions` && refuse(fake.configs.get(CREATED))
        ? { status: 409, body: { error_code: 409, message: 'Schema being registered is incompatible' } }
        : undefined;
    client = new RegistryClient({ url: fake.url, retry: { retries: 0 }, sleep: async () => {} });
    return fake;
  }
  const configs = (r: FakeRegistry) => r.requests.filter((q) => q === `PUT /config/${CREATED}`).length;

  it('off (--no-unchecked-form-change): the refusal stands, explained', async () => {
    const fake = await olderRegistry(() => true);
    const { plan, result } = await registerCatalog({ catalog, client: client!, uncheckedFormChange: false });
    expect(result?.items.find((i) => i.item.subject === CREATED)?.outcome).toMatchObject({ status: 'failed', reason: 'incompatible' });
    expect(configs(fake)).toBe(0);
    // Running again would be refused again: the closing line points at the note (the flag), not at a retry.
    const text = renderApplyResult(result!, fake.url, plan);
    expect(text).toContain('1 failed. Incomplete: see the note below.\nNote: 1 subject holds the same content');
    expect(text).not.toContain('again to finish');
  });

  it('on (the default): registered once at NONE, the level set back, the note says so', async () => {
    const fake = await olderRegistry((config) => config?.compatibility !== 'NONE');
    const { result } = await registerCatalog({ catalog, client: client! });
    const created = result?.items.find((i) => i.item.subject === CREATED);
    expect(created?.outcome).toMatchObject({ status: 'registered', version: 2 });
    expect(created?.note).toBe(
      'registered with the subject\'s compatibility at NONE for this one request (the registry refused the form change: POST /subjects/user.created-user.created.v1/versions → HTTP 409 error_code 409 (subject "user.created-user.created.v1"): Schema being registered is incompatible); FULL_TRANSITIVE set back',
    );
    expect(fake.configs.get(CREATED)).toEqual({ compatibility: 'FULL_TRANSITIVE', compatibilityPolicy: 'LENIENT' });
    expect(configs(fake)).toBe(2);
    expect(result?.items.filter((i) => i.note).map((i) => i.item.subject)).toEqual([CREATED]);
  });

  it('on, and another writer registered a version meanwhile: ours stands, the run fails and names the other version', async () => {
    const fake = await olderRegistry((config) => {
      if (config?.compatibility !== 'NONE') return true;
      // Another writer's version lands while the level is NONE, just before ours.
      fake.subjects.get(CREATED)!.push({ schema: '{"type":"object","title":"theirs"}', id: 900, version: 2 });
      return false;
    });
    const { plan, result } = await registerCatalog({ catalog, client: client! });
    const created = result?.items.find((i) => i.item.subject === CREATED);
    expect(fake.subjects.get(CREATED)?.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(created?.outcome).toEqual({
      status: 'failed',
      reason: 'registry',
      message: `registered as version 3 with the level at NONE, but version 2 of "${CREATED}" came from another writer since this run read the subject, possibly while the level was NONE: review it with \`contracts check --registry\``,
    });
    expect(fake.configs.get(CREATED)).toEqual({ compatibility: 'FULL_TRANSITIVE', compatibilityPolicy: 'LENIENT' });
    expect(renderApplyResult(result!, fake.url, plan)).toContain('1 failed.');
  });

  it('on, refused again at NONE: fails as incompatible, and the level is set back all the same', async () => {
    const fake = await olderRegistry(() => true);
    const { result } = await registerCatalog({ catalog, client: client!, uncheckedFormChange: true });
    expect(result?.items.find((i) => i.item.subject === CREATED)?.outcome).toMatchObject({ status: 'failed', reason: 'incompatible' });
    expect(fake.configs.get(CREATED)).toEqual({ compatibility: 'FULL_TRANSITIVE', compatibilityPolicy: 'LENIENT' });
    expect(configs(fake)).toBe(2);
  });
});
