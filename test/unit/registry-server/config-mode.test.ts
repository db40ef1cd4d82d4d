import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORDER, json } from './endpoint-fixtures.js';
import { objectSchema, startTestRegistry, type TestRegistry } from './helpers.js';

// Config, mode and the compatibility-check endpoints.

let registry: TestRegistry;
beforeEach(async () => {
  registry = await startTestRegistry();
});
afterEach(async () => {
  await registry.close();
});

describe('config', () => {
  it('answers compatibilityLevel, takes compatibility, and falls back subject → global → default', async () => {
    expect((await registry.call('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD', compatibilityPolicy: 'STRICT' });
    expect((await registry.call('PUT', '/config', { compatibility: 'full' })).body).toEqual({ compatibility: 'FULL' });
    expect((await registry.call('GET', '/config')).body).toEqual({ compatibilityLevel: 'FULL', compatibilityPolicy: 'STRICT' });
    expect((await registry.call('GET', '/config/s?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'FULL', compatibilityPolicy: 'STRICT' });
    expect((await registry.call('PUT', '/config/s', { compatibility: 'NONE', compatibilityPolicy: 'LENIENT' })).body).toEqual({
      compatibility: 'NONE',
      compatibilityPolicy: 'LENIENT',
    });
    expect((await registry.call('PUT', '/config/s', { compatibilityPolicy: 'STRICT' })).status).toBe(200);
    expect((await registry.call('GET', '/config/s')).body).toEqual({ compatibilityLevel: 'NONE', compatibilityPolicy: 'STRICT' });
    expect((await registry.call('DELETE', '/config/s')).body).toEqual({ compatibilityLevel: 'NONE', compatibilityPolicy: 'STRICT' });
    expect((await registry.call('DELETE', '/config')).body).toEqual({ compatibilityLevel: 'FULL', compatibilityPolicy: 'STRICT' });
    expect((await registry.call('GET', '/config')).body.compatibilityLevel).toBe('BACKWARD');
  });

  it('uses the configured server defaults', async () => {
    const custom = await startTestRegistry({ defaults: { compatibilityLevel: 'FULL_TRANSITIVE', compatibilityPolicy: 'LENIENT' } });
    try {
      expect((await custom.call('GET', '/config')).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE', compatibilityPolicy: 'LENIENT' });
    } finally {
      await custom.close();
    }
  });

  it('NONE lets any change through', async () => {
    await registry.call('PUT', '/config/s', { compatibility: 'NONE' });
    await registry.register('s', objectSchema({ a: 'string' }));
    expect((await registry.register('s', objectSchema({ a: 'integer' }))).status).toBe(200);
  });
});

describe('mode', () => {
  it('READONLY per subject blocks only that subject', async () => {
    expect((await registry.call('GET', '/mode')).body).toEqual({ mode: 'READWRITE' });
    expect((await registry.call('PUT', '/mode/locked', { mode: 'READONLY' })).body).toEqual({ mode: 'READONLY' });
    expect((await registry.register('locked', ORDER)).body.error_code).toBe(42205);
    expect((await registry.register('open', ORDER)).status).toBe(200);
    expect((await registry.call('GET', '/mode/locked')).body).toEqual({ mode: 'READONLY' });
    expect((await registry.call('GET', '/mode/open?defaultToGlobal=true')).body).toEqual({ mode: 'READWRITE' });
    expect((await registry.call('DELETE', '/mode/locked')).body).toEqual({ mode: 'READONLY' });
    expect((await registry.register('locked', ORDER)).status).toBe(200);
  });

  it('IMPORT honours the given id and version and skips compatibility', async () => {
    expect((await registry.call('PUT', '/mode', { mode: 'IMPORT' })).status).toBe(200);
    const imported = await registry.call('POST', '/subjects/s/versions', { ...json(objectSchema({ a: 'string' })), id: 42, version: 7 });
    expect(imported.body).toMatchObject({ id: 42, version: 7 });
    const incompatible = await registry.call('POST', '/subjects/s/versions', { ...json(objectSchema({ a: 'integer' })), id: 43, version: 8 });
    expect(incompatible.body).toMatchObject({ id: 43, version: 8 });
    expect((await registry.call('GET', '/schemas/ids/42')).status).toBe(200);
    await registry.call('PUT', '/mode', { mode: 'READWRITE' });
    // Ids continue after the highest imported one.
    expect((await registry.register('other', { type: 'string' })).body).toMatchObject({ id: 44, version: 1 });
    // Switching to IMPORT needs force once subjects exist.
    expect((await registry.call('PUT', '/mode/s?force=true', { mode: 'IMPORT' })).body).toEqual({ mode: 'IMPORT' });
  });
});

describe('compatibility endpoints', () => {
  it('latest on an empty subject is compatible', async () => {
    expect((await registry.call('POST', '/compatibility/subjects/none/versions/latest', json(ORDER))).body).toEqual({ is_compatible: true });
  });

  it('verbose=true explains an incompatibility, and an invalid schema', async () => {
    await registry.register('s', objectSchema({ a: 'string' }));
    const bad = await registry.call('POST', '/compatibility/subjects/s/versions/latest?verbose=true', json(objectSchema({ a: 'integer' })));
    expect(bad.body.is_compatible).toBe(false);
    expect(bad.body.messages.join('\n')).toContain("jsonPath='#/properties/a'");
    const quiet = await registry.call('POST', '/compatibility/subjects/s/versions/1', json(objectSchema({ a: 'integer' })));
    expect(quiet.body).toEqual({ is_compatible: false });
    const invalid = await registry.call('POST', '/compatibility/subjects/s/versions/1?verbose=true', { schemaType: 'JSON', schema: '{' });
    expect(invalid.body.is_compatible).toBe(false);
    expect(invalid.body.messages[0]).toContain('not valid JSON');
    const good = await registry.call('POST', '/compatibility/subjects/s/versions?verbose=true', json(objectSchema({ a: 'string' })));
    expect(good.body).toEqual({ is_compatible: true, messages: [] });
  });

  it('a named version is checked alone even at a transitive level; /versions checks all', async () => {
    await registry.call('PUT', '/config/s', { compatibility: 'BACKWARD_TRANSITIVE', compatibilityPolicy: 'LENIENT' });
    await registry.register('s', objectSchema({ a: 'string' }));
    await registry.register('s', objectSchema({}));
    const v3 = json(objectSchema({ a: 'integer' }));
    expect((await registry.call('POST', '/compatibility/subjects/s/versions/latest', v3)).body).toEqual({ is_compatible: true });
    expect((await registry.call('POST', '/compatibility/subjects/s/versions/1', v3)).body).toEqual({ is_compatible: false });
    expect((await registry.call('POST', '/compatibility/subjects/s/versions', v3)).body).toEqual({ is_compatible: false });
  });
});
