import { describe, expect, it } from 'vitest';
import { buildRegistrationView, canonicalSchemaText, annotationsOf, restoreAnnotations } from '../../../generator/registration/index.js';
import type { RegisteredSchema, SubjectConfig } from '../../../generator/register/client.js';
import type { CompatJudge } from '../../../generator/register/local-compat.js';
import { planRegistration, type PlanItem } from '../../../generator/register/plan.js';
import type { RegistryState } from '../../../generator/register/state.js';
import { refKey } from '../../../generator/register/state.js';
import { renderPlan } from '../../../generator/register/render.js';
import { makeCatalog } from '../../support/catalog.js';
import { CURRENCY, MONEY, orderPlaced } from '../../support/schemas.js';

const catalog = makeCatalog({
  events: [{ eventType: 'order.placed.v1', schema: orderPlaced() }],
  shared: [
    { file: 'schemas/_shared/money.json', schema: MONEY },
    { file: 'schemas/_shared/currency.json', schema: CURRENCY },
  ],
});
const view = buildRegistrationView(catalog);
const unit = (subject: string) => view.units.find((u) => u.subject === subject)!;
const EVENT = 'order.placed-order.placed.v1';
const FULL: SubjectConfig = { level: 'FULL_TRANSITIVE', policy: 'LENIENT' };

/** Registry state from a compact description: subject → [schema text, references][] + config. */
function state(subjects: Record<string, { versions?: [string, RegisteredSchema['references']][]; config?: SubjectConfig }>): RegistryState {
  const s: RegistryState = { subjects: new Map(), referenced: new Map() };
  let id = 100;
  for (const [subject, spec] of Object.entries(subjects)) {
    const versions = (spec.versions ?? []).map(([schema, references], i) => ({ subject, version: i + 1, id: id++, schema, references, schemaType: 'JSON' }));
    s.subjects.set(subject, { subject, versions, config: spec.config });
    for (const v of versions) s.referenced.set(refKey(subject, v.version), v);
  }
  return s;
}

const compatibleJudge: CompatJudge = () => ({ compatible: true, messages: [] });
const incompatibleJudge: CompatJudge = () => ({
  compatible: false,
  messages: ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #/properties/data/properties/x: removed'],
});

function summary(items: PlanItem[]): [string, string, string | undefined, string[]][] {
  return items.map((i) => [i.subject, i.action, i.configChange ? `${i.configChange.to.level}/${i.configChange.to.policy}` : undefined, i.dependsOn]);
}

const registeredAll = {
  '_shared.currency': { versions: [[unit('_shared.currency').schemaText, []]] as [string, never[]][], config: FULL },
  '_shared.money': {
    versions: [[unit('_shared.money').schemaText, [{ name: '/_shared/currency.json', subject: '_shared.currency', version: 1 }]]] as [
      string,
      RegisteredSchema['references'],
    ][],
    config: FULL,
  },
  [EVENT]: {
    versions: [[unit(EVENT).schemaText, [{ name: '/_shared/money.json', subject: '_shared.money', version: 1 }]]] as [string, RegisteredSchema['references']][],
    config: FULL,
  },
};

describe('planRegistration', () => {
  const cases: { name: string; given: RegistryState; judge?: CompatJudge; want: ReturnType<typeof summary> }[] = [
    {
      name: 'empty registry: register everything in dependency order and set every config',
      given: state({}),
      want: [
        ['_shared.currency', 'register', 'FULL_TRANSITIVE/LENIENT', []],
        ['_shared.money', 'register', 'FULL_TRANSITIVE/LENIENT', ['_shared.currency']],
        [EVENT, 'register', 'FULL_TRANSITIVE/LENIENT', ['_shared.money']],
      ],
    },
    {
      name: 'everything registered with the right config: a no-op',
      given: state(registeredAll),
      judge: incompatibleJudge, // never consulted for identical schemas
      want: [
        ['_shared.currency', 'already-registered', undefined, []],
        ['_shared.money', 'already-registered', undefined, []],
        [EVENT, 'already-registered', undefined, []],
      ],
    },
    {
      name: 'registered but with another level: only the config changes',
      given: state({ ...registeredAll, [EVENT]: { ...registeredAll[EVENT], config: { level: 'BACKWARD' } } }),
      want: [
        ['_shared.currency', 'already-registered', undefined, []],
        ['_shared.money', 'already-registered', undefined, []],
        [EVENT, 'already-registered', 'FULL_TRANSITIVE/LENIENT', []],
      ],
    },
    {
      name: 'a registry that reports no policy is not asked again when the level matches',
      given: state({ ...registeredAll, [EVENT]: { ...registeredAll[EVENT], config: { level: 'FULL_TRANSITIVE' } } }),
      want: [
        ['_shared.currency', 'already-registered', undefined, []],
        ['_shared.money', 'already-registered', undefined, []],
        [EVENT, 'already-registered', undefined, []],
      ],
    },
    {
      name: 'a partial earlier run (shared done, event missing) is completed',
      given: state({ '_shared.currency': registeredAll['_shared.currency'], '_shared.money': registeredAll['_shared.money'] }),
      want: [
        ['_shared.currency', 'already-registered', undefined, []],
        ['_shared.money', 'already-registered', undefined, []],
        [EVENT, 'register', 'FULL_TRANSITIVE/LENIENT', []],
      ],
    },
    {
      name: 'a changed shared schema gets a new version, and the event a new version referencing it',
      given: state({ ...registeredAll, '_shared.money': { versions: [['{"type":"object"}', []]], config: FULL } }),
      judge: compatibleJudge,
      want: [
        ['_shared.currency', 'already-registered', undefined, []],
        ['_shared.money', 'register', undefined, []],
        [EVENT, 'register', undefined, ['_shared.money']],
      ],
    },
    {
      name: 'an incompatible change is refused locally, and what references it is blocked',
      given: state({ ...registeredAll, '_shared.money': { versions: [['{"type":"object"}', []]], config: FULL } }),
      judge: incompatibleJudge,
      want: [
        ['_shared.currency', 'already-registered', undefined, []],
        ['_shared.money', 'incompatible', undefined, []],
        [EVENT, 'blocked', undefined, []],
      ],
    },
  ];
  it.each(cases)('$name', ({ given, judge, want }) => {
    const plan = planRegistration({ catalog, state: given, judge: judge ?? compatibleJudge });
    expect(summary(plan.items)).toEqual(want);
  });

  it('records the matching id and version, and resolves reference versions', () => {
    const plan = planRegistration({ catalog, state: state(registeredAll), judge: compatibleJudge });
    const event = plan.items.find((i) => i.subject === EVENT);
    expect(event?.registered).toEqual({ id: 102, version: 1 });
    expect(event?.references).toEqual([{ name: '/_shared/money.json', subject: '_shared.money', version: 1 }]);
  });

  it('explains an incompatibility with the local engine before asking the registry', () => {
    const plan = planRegistration({
      catalog,
      state: state({ ...registeredAll, '_shared.money': { versions: [['{"type":"object"}', []]], config: FULL } }),
      judge: incompatibleJudge,
    });
    const money = plan.items.find((i) => i.subject === '_shared.money');
    expect(money?.reasons).toEqual(['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #/properties/data/properties/x: removed']);
    expect(plan.items.find((i) => i.subject === EVENT)?.reasons[0]).toContain('/_shared/money.json');
    expect(renderPlan(plan, 'http://r')).toContain('! _shared.money');
  });

  it('judges with references bundled: the candidate seen by the engine is self-contained', () => {
    let seen: unknown;
    const judge: CompatJudge = (input) => {
      if (JSON.stringify(input.candidate).includes('"eventType"')) seen = input;
      return { compatible: true, messages: [] };
    };
    planRegistration({ catalog, state: state({ ...registeredAll, [EVENT]: { versions: [['{"title":"old"}', []]], config: FULL } }), judge });
    const input = seen as { candidate: any; previous: { version: number }[]; level: string; policy: string };
    expect(input.level).toBe('FULL_TRANSITIVE');
    expect(input.previous.map((p) => p.version)).toEqual([1]);
    expect(input.candidate.properties.data.properties.total).toEqual({ $ref: '#/definitions/ref:._shared.money.json' });
    expect(input.candidate.definitions['ref:._shared.money.json'].properties.currency).toEqual({ $ref: '#/definitions/ref:._shared.currency.json' });
    expect(input.candidate.definitions['ref:._shared.currency.json']).toEqual(CURRENCY);
  });

  it('a subject whose state could not be read is still sent (idempotent), marked unverified, with its config', () => {
    const given = state({ '_shared.currency': registeredAll['_shared.currency'], '_shared.money': registeredAll['_shared.money'] });
    given.unreadable = new Map([[EVENT, 'GET /subjects/x/versions failed: ECONNRESET']]);
    const plan = planRegistration({ catalog, state: given, judge: incompatibleJudge });
    const event = plan.items.find((i) => i.subject === EVENT);
    expect([event?.action, event?.configChange?.to.level]).toEqual(['register', 'FULL_TRANSITIVE']);
    expect(event?.unverified).toContain('ECONNRESET');
    expect(event?.references).toEqual([{ name: '/_shared/money.json', subject: '_shared.money', version: 1 }]);
  });

  it('is pure: same input, same plan; input untouched', () => {
    const given = state({});
    const before = JSON.stringify([...given.subjects]);
    const a = planRegistration({ catalog, state: given, judge: compatibleJudge });
    const b = planRegistration({ catalog, state: given, judge: compatibleJudge });
    expect(a).toEqual(b);
    expect(JSON.stringify([...given.subjects])).toBe(before);
  });
});

describe('a registry holding the old registered form', () => {
  const ev = unit(EVENT);
  // The old form registered the contract as written: x- keywords and format in the schema, no metadata.
  const oldText = canonicalSchemaText(restoreAnnotations(ev.schema, annotationsOf(ev.metadata) ?? {}));
  const refs = (u: ReturnType<typeof unit>) => u.references.map((r) => ({ name: r.name, subject: r.subject, version: 1 }));
  const shared = Object.fromEntries(
    view.units
      .filter((u) => u.kind === 'shared')
      .map((u) => [u.subject, { versions: [[u.schemaText, refs(u)]] as [string, RegisteredSchema['references']][] }]),
  );

  it('registers a new version and says the registered form changed, compatible', () => {
    expect(oldText).not.toBe(ev.schemaText);
    expect(oldText).toMatch(/"(x-[a-z-]+|format)":/);
    const plan = planRegistration({
      catalog,
      view,
      judge: compatibleJudge,
      state: state({ ...shared, [EVENT]: { versions: [[oldText, refs(ev)]], config: FULL } }),
    });
    const item = plan.items.find((i) => i.subject === EVENT)!;
    expect(item.action).toBe('register');
    expect(item.formChange).toBe('registered form changed: contract keywords moved to metadata (format, x-partition-key)');
    expect(renderPlan(plan, 'http://registry')).toContain(
      `${EVENT}  register: new version with the same content as version 1, compatible (registered form changed: contract keywords moved to metadata (format, x-partition-key))`,
    );
  });

  it('says nothing of the form when the schema itself changed', () => {
    const other = oldText.replace('"x-owner"', '"x-ownerz"').replace('"required":[', '"required":["zz",');
    const plan = planRegistration({
      catalog,
      view,
      judge: compatibleJudge,
      state: state({ ...shared, [EVENT]: { versions: [[other, refs(ev)]], config: FULL } }),
    });
    const item = plan.items.find((i) => i.subject === EVENT)!;
    expect(item.action).toBe('register');
    expect(item.formChange).toBeUndefined();
  });
});
