// What a reviewer reads first for a breaking change (summaries.ts), the detail path of a coarse change and
// the line it is located at (pointers.ts), through `contracts diff` and `contracts check` end to end.
import { describe, expect, it } from 'vitest';
import { CHANGE_KINDS, CHANGE_RULES } from '../../../generator/compat/index.js';
import { CHANGE_SUMMARIES } from '../../../generator/check/summaries.js';
import { canonicalize, changesBetweenRevisions, ComparisonCache, compatCompare, schemaFingerprint } from '../../../generator/check/index.js';
import { detailPath, fieldName } from '../../../generator/check/pointers.js';
import type { JsonObject } from '../../../generator/core/json.js';
import { lockEntry, lockText, makeRepo, obj, readText, run } from './helpers.js';

const str = { type: 'string' };
const int = { type: 'integer' };
const FILE = 'schemas/order/placed.v1.json';

interface Reported {
  type: string;
  path: string;
  detailPath?: string;
  direction?: string;
  severity: string;
  summary?: string;
  line: number;
  fingerprint: string;
}

/** `contracts diff --format json` of one event type whose lock holds `revisions` and whose file is `next`. */
async function diffOf(revisions: object[], next: object, level: string): Promise<{ changes: Reported[]; root: string }> {
  const root = await makeRepo({
    'contracts.config.json': { compatibility: { level, policy: 'LENIENT' } },
    [FILE]: next,
    'contracts.lock.json': lockText({ 'order.placed.v1': lockEntry(FILE, revisions as JsonObject[]) }),
  });
  const result = await run(['diff', '--cwd', root, '--no-git', '--format', 'json']);
  expect(result.stderr).toBe('');
  return { changes: JSON.parse(result.stdout).events[0].changes as Reported[], root };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** 1-based line of the first line of `text` containing `needle` after the first line containing `after`. */
function lineOf(text: string, needle: string, after = ''): number {
  const lines = text.split('\n');
  const start = after ? lines.findIndex((l) => l.includes(after)) : 0;
  return lines.findIndex((l, i) => i >= start && l.includes(needle)) + 1;
}

const anyOfCount = (required: string[]) => ({ anyOf: [obj({ count: int }, { required }), obj({ name: str }, { required: ['name'] })] });
const mainRef = (count: object) => ({
  $ref: '#/definitions/Main',
  // What lint used to suggest beside a root `$ref`; ignored by draft-07, so it must not capture the location.
  type: 'object',
  properties: {},
  definitions: { Main: obj({ id: str, count }, { required: ['id'] }) },
});

const CASES: {
  name: string;
  level: string;
  revisions: object[];
  next: object;
  want: { type: string; direction: string; summary: string; checkSummary?: string; detailPath?: string; line: [string, string?, number?] };
}[] = [
  {
    name: 'a PR that removes a required property reads as removal, for old readers (forward)',
    level: 'FORWARD',
    revisions: [obj({ id: str, code: str }, { required: ['id', 'code'] })],
    next: obj({ id: str, code: str }, { required: ['id'] }),
    want: {
      type: 'REQUIRED_ATTRIBUTE_ADDED',
      direction: 'forward',
      summary: "Made `code` optional: consumers still on 1.0.0 can't read the events this revision writes without it.",
      line: ['"required"'],
    },
  },
  {
    name: 'a PR that adds a required property reads as addition, for new readers (backward)',
    level: 'FULL',
    revisions: [obj({ id: str })],
    next: obj({ id: str, code: str }, { required: ['code'] }),
    want: {
      type: 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
      direction: 'backward',
      summary: "Added required property `code`: consumers on this revision can't read events written under 1.0.0 without it.",
      line: ['"code"'],
    },
  },
  {
    name: 'an added enum value names every earlier revision it breaks (forward transitive)',
    level: 'FORWARD_TRANSITIVE',
    revisions: [obj({ status: { type: 'string', enum: ['open'] } }), obj({ status: { type: 'string', enum: ['open'] }, note: str })],
    next: obj({ status: { type: 'string', enum: ['open', 'void'] }, note: str }),
    want: {
      type: 'COMBINED_TYPE_SUBSCHEMAS_CHANGED',
      direction: 'forward',
      // diff compares with the latest revision; check with every earlier one the level names.
      summary:
        "Changed `enum` of `status` incompatibly: consumers still on 1.1.0 can't read the events this revision writes that only the other revision accepts there.",
      checkSummary:
        "Changed `enum` of `status` incompatibly: consumers still on 1.0.0 and 1.1.0 can't read the events this revision writes that only the other revision accepts there.",
      detailPath: '#/properties/status/enum',
      line: ['"enum"'],
    },
  },
  {
    name: 'a branch change at the root is reported at the field that changed',
    level: 'BACKWARD',
    revisions: [anyOfCount([])],
    next: anyOfCount(['count']),
    want: {
      type: 'COMBINED_TYPE_SUBSCHEMAS_CHANGED',
      direction: 'backward',
      summary:
        "Changed `anyOf[0].count` incompatibly: consumers on this revision can't read events written under 1.0.0 that only the other revision accepts there.",
      detailPath: '#/anyOf/0/required/count',
      line: ['"required"'],
    },
  },
  {
    name: 'a type change deep inside a combinator is reported at the tuple position',
    level: 'BACKWARD',
    revisions: [obj({ v: { anyOf: [obj({ t: { type: 'array', items: [{ type: 'number' }] } }), str] } })],
    next: obj({ v: { anyOf: [obj({ t: { type: 'array', items: [{ const: 2 }] } }), str] } }),
    want: {
      type: 'COMBINED_TYPE_SUBSCHEMAS_CHANGED',
      direction: 'backward',
      summary:
        "Changed `v.anyOf[0].t[0]` incompatibly: consumers on this revision can't read events written under 1.0.0 that only the other revision accepts there.",
      detailPath: '#/properties/v/anyOf/0/properties/t/items/0',
      line: ['"const"', '', -1],
    },
  },
  {
    name: 'a change inside definitions/Main is located inside definitions/Main, not at the root sibling',
    level: 'BACKWARD',
    revisions: [mainRef(int)],
    next: mainRef(str),
    want: {
      type: 'TYPE_CHANGED',
      direction: 'backward',
      summary: "Changed the type of `count`: consumers on this revision can't read events written under 1.0.0 whose value there has the other type.",
      line: ['"count"', '"Main"'],
    },
  },
];

describe("breaking changes in the reviewer's words", () => {
  it.each(CASES)('$name', async ({ level, revisions, next, want }) => {
    const { changes, root } = await diffOf(revisions, next, level);
    const change = changes.find((c) => c.type === want.type && c.direction === want.direction);
    expect(change, JSON.stringify(changes, null, 2)).toBeDefined();
    expect(change?.severity).toBe('breaking');
    expect(change?.summary).toBe(want.summary);
    expect(change?.detailPath).toBe(want.detailPath);
    const text = await readText(root, FILE);
    expect(change?.line).toBe(lineOf(text, want.line[0], want.line[1]) + (want.line[2] ?? 0));
    expect(change?.line).toBeGreaterThan(0);

    // The same line and the same words in every format: check's diagnostic, the PR table, the annotation.
    const check = JSON.parse((await run(['check', '--cwd', root, '--no-git', '--format', 'json'])).stdout) as {
      diagnostics: { ruleId: string; line: number; message: string }[];
    };
    const diagnostic = check.diagnostics.find((d) => d.ruleId === want.type && d.message.startsWith(want.checkSummary ?? want.summary));
    expect(diagnostic, JSON.stringify(check.diagnostics, null, 2)).toBeDefined();
    expect(diagnostic?.line).toBe(change?.line);
    const github = (await run(['diff', '--cwd', root, '--no-git', '--format', 'github'])).stdout;
    const annotation = github.split('\n').find((l) => l.includes(`::${want.summary} `));
    expect(annotation, github).toContain(`,line=${change?.line},`);
    const markdown = (await run(['diff', '--cwd', root, '--no-git', '--format', 'markdown'])).stdout;
    expect(markdown).toContain(`| breaking | ${want.summary} | \`${want.type}\` |`);
    // `contracts lock` refuses the same break in the same words, at the same line (against the latest revision).
    const lock = await run(['lock', '--cwd', root, '--format', 'json']);
    expect(lock.code).toBe(1);
    expect(`${lock.stdout}${lock.stderr}`).toMatch(
      new RegExp(`"line": ${change?.line},[^}]*"message": "Not recording \`order\\.placed\\.v1\`: ${escapeRegExp(want.summary)} Breaking change`),
    );
  });
});

describe('recorded revisions (what the catalog lists)', () => {
  it('carry the same summary for a break between two lock revisions', () => {
    const rev = (schema: JsonObject, label: string) => ({ schema: canonicalize(schema), fingerprint: schemaFingerprint(canonicalize(schema)), label });
    const changes = changesBetweenRevisions(
      { eventType: 'order.placed.v1', level: 'FULL', policy: 'LENIENT' },
      rev(obj({ id: str, code: str }, { required: ['id', 'code'] }), '1.0.0'),
      rev(obj({ id: str, code: str }, { required: ['id'] }), '1.1.0'),
      new ComparisonCache(compatCompare),
    );
    expect(changes.find((c) => c.severity === 'breaking')?.summary).toBe(
      "Made `code` optional: consumers still on 1.0.0 can't read the events this revision writes without it.",
    );
  });
});

describe('the summary table', () => {
  it('describes every kind that can break, in both directions, naming the field', () => {
    const breakable = CHANGE_KINDS.filter((k) => CHANGE_RULES[k].strict === 'breaking').sort();
    expect(Object.keys(CHANGE_SUMMARIES).sort()).toEqual(breakable);
    for (const [kind, row] of Object.entries(CHANGE_SUMMARIES)) {
      for (const deed of [row.backward, row.forward]) expect(deed, kind).toContain('{field}');
      expect(row.fails, kind).not.toMatch(/\.$/);
    }
  });
});

describe('detailPath and fieldName', () => {
  const DETAIL: [string, JsonObject, JsonObject, string, boolean, string | undefined][] = [
    ['root anyOf, one required name', anyOfCount([]) as JsonObject, anyOfCount(['count']) as JsonObject, '#/', false, '#/anyOf/0/required/count'],
    [
      'several branches changed: nothing deeper explains it',
      anyOfCount([]) as JsonObject,
      { anyOf: [obj({ count: int }, { required: ['count'] }), obj({ name: int })] } as JsonObject,
      '#/',
      false,
      undefined,
    ],
    ['type and const both changed: the node itself', obj({ t: { type: 'number' } }), obj({ t: { const: 2 } }), '#/properties/t', true, undefined],
    ['only enum changed, keyword named', obj({ s: { enum: ['a'] } }), obj({ s: { enum: ['a', 'b'] } }), '#/properties/s', true, '#/properties/s/enum'],
    ['only type changed, keyword not named', obj({ s: str }), obj({ s: int }), '#/properties/s', false, undefined],
    ['through a root $ref with ignored siblings', mainRef(int) as JsonObject, mainRef(str) as JsonObject, '#/', false, '#/properties/count'],
    [
      'documentation differences are not differences',
      obj({ s: { ...str, description: 'a' } }, { anyOf: [obj({ x: str })] }),
      obj({ s: { ...str, description: 'b' } }, { anyOf: [obj({ x: int })] }),
      '#/',
      false,
      '#/anyOf/0/properties/x',
    ],
  ];
  it.each(DETAIL)('%s', (_name, previous, next, path, keyword, want) => {
    expect(detailPath(previous, next, path, { keyword })).toBe(want);
  });

  const FIELDS: [string, boolean, string][] = [
    ['#/properties/order/properties/total', false, '`order.total`'],
    ['#/properties/tags/items', false, '`tags[]`'],
    ['#/properties/t/items/0', false, '`t[0]`'],
    ['#/required/code', false, '`code`'],
    ['#/properties/name/maxLength', false, '`name`'],
    ['#/properties/status/enum', true, '`enum` of `status`'],
    ['#/anyOf/0/required/count', false, '`anyOf[0].count`'],
    ['#/', false, 'the event data'],
    ['#', false, 'the event data'],
  ];
  it.each(FIELDS)('%s', (path, keyword, want) => {
    expect(fieldName(path, { keyword })).toBe(want);
  });
});
