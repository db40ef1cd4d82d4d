// The register stage's local judge explains a refusal in the words check and diff use (summary first).
import { describe, expect, it } from 'vitest';
import { localJudge } from '../../../generator/register/local-compat.js';
import type { JsonObject } from '../../../generator/core/json.js';

const str = { type: 'string' };
const counted = (required: string[]): JsonObject => ({ anyOf: [{ type: 'object', properties: { count: { type: 'integer' } }, required }, str] });

const CASES: [string, 'FORWARD' | 'BACKWARD', JsonObject, JsonObject, string][] = [
  [
    'forward: a required property made optional',
    'FORWARD',
    { type: 'object', properties: { id: str, code: str }, required: ['id', 'code'] },
    { type: 'object', properties: { id: str, code: str }, required: ['id'] },
    "Made `code` optional: consumers still on registered version 3 can't read the events this revision writes without it. REQUIRED_ATTRIBUTE_ADDED at #/required/code (forward): ",
  ],
  [
    'backward: a branch changed at the root, with its detail path',
    'BACKWARD',
    counted([]),
    counted(['count']),
    "Changed `anyOf[0].count` incompatibly: consumers on this revision can't read events written under registered version 3 that only the other revision accepts there. COMBINED_TYPE_SUBSCHEMAS_CHANGED at #/ (differs at #/anyOf/0/required/count): ",
  ],
];

describe('localJudge', () => {
  it.each(CASES)('%s', (_name, level, previous, candidate, want) => {
    const verdict = localJudge({ candidate, previous: [{ version: 3, schema: previous }], level, policy: 'LENIENT', eventType: 'order.placed.v1' });
    expect(verdict.compatible).toBe(false);
    expect(
      verdict.messages.some((m) => m.startsWith(want)),
      verdict.messages.join('\n'),
    ).toBe(true);
  });
});
