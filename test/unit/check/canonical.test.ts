// Canonical form, fingerprints, documentation-only detection, semver bumps, dates.
import { describe, expect, it } from 'vitest';
import {
  bumpSemver,
  canonicalText,
  isDocumentationOnly,
  schemaFingerprint,
  stripDocumentation,
  sunsetReached,
  isExpired,
} from '../../../generator/check/index.js';
import type { JsonObject } from '../../../generator/core/json.js';

describe('canonical form', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalText({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(schemaFingerprint({ b: 1, a: 2 })).toBe(schemaFingerprint({ a: 2, b: 1 }));
    expect(schemaFingerprint({ a: [1, 2] })).not.toBe(schemaFingerprint({ a: [2, 1] }));
    expect(schemaFingerprint({})).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('documentation-only changes (patch)', () => {
  const base: JsonObject = { type: 'object', properties: { title: { type: 'string' }, n: { type: 'integer', description: 'n' } }, required: ['title'] };
  const rows: [string, JsonObject, boolean][] = [
    ['root description', { ...base, description: 'x' }, true],
    ['nested description', { ...base, properties: { title: { type: 'string' }, n: { type: 'integer', description: 'other' } } }, true],
    ['examples, $comment, x-owner', { ...base, examples: [{ title: 't' }], $comment: 'c', 'x-owner': 'team' }, true],
    ['deprecated and x-sunset', { ...base, deprecated: true, 'x-sunset': '2027-01-01' }, true],
    ['a property named `title` removed', { ...base, properties: { n: { type: 'integer', description: 'n' } } }, false],
    ['a constraint added', { ...base, properties: { title: { type: 'string', maxLength: 3 }, n: { type: 'integer', description: 'n' } } }, false],
    ['default changed', { ...base, properties: { title: { type: 'string', default: 'a' }, n: { type: 'integer', description: 'n' } } }, false],
    ['enum value named description', { ...base, properties: { title: { enum: ['description'] }, n: { type: 'integer', description: 'n' } } }, false],
  ];
  it.each(rows)('%s → documentation only: %s', (_name, next, want) => {
    expect(isDocumentationOnly(base, next)).toBe(want);
  });
  it('keeps properties named like documentation keywords', () => {
    expect(stripDocumentation({ description: 'd', properties: { description: { type: 'string', title: 't' } } })).toEqual({
      properties: { description: { type: 'string' } },
    });
  });
});

describe('semver and dates', () => {
  it.each([
    ['1.2.3', 'patch', '1.2.4'],
    ['1.2.3', 'minor', '1.3.0'],
    ['1.2.3', 'none', '1.2.3'],
    ['2.0.0', 'major', '2.0.0'],
  ] as const)('%s + %s → %s', (from, bump, want) => expect(bumpSemver(from, bump)).toBe(want));

  it.each([
    ['2026-06-01', '2026-05-31T23:59:59Z', false],
    ['2026-06-01', '2026-06-01T00:00:00Z', true],
    [undefined, '2030-01-01T00:00:00Z', false],
    ['soon', '2030-01-01T00:00:00Z', false],
  ] as const)('sunset %s reached at %s: %s', (sunset, now, want) => expect(sunsetReached(sunset, new Date(now))).toBe(want));

  it.each([
    ['2026-06-01', '2026-06-01T23:59:59Z', false],
    ['2026-06-01', '2026-06-02T00:00:00Z', true],
    ['2026-06-01T10:00:00Z', '2026-06-01T10:00:01Z', true],
  ] as const)('approval expiring %s expired at %s: %s', (expires, now, want) =>
    expect(isExpired({ eventType: 'a.b.v1', change: '0123456789ab', reason: 'r', expires }, new Date(now))).toBe(want),
  );
});
