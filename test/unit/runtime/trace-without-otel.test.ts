// The trace path of a service without @opentelemetry/api (this repository has it as a devDependency, so its absence
// is simulated: `require('@opentelemetry/api')` fails as it does when the package is not installed).
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:module', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:module')>();
  const createRequire = (url: string | URL) => {
    const real = actual.createRequire(url);
    return Object.assign((id: string) => {
      if (id === '@opentelemetry/api') throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
      return real(id);
    }, real);
  };
  return { ...actual, createRequire, default: { ...actual, createRequire } };
});

const { otelLoaded, runInTrace, activeTraceparent, startSendSpans } = await import('../../../runtime/src/trace.js');
const { encodeEvent } = await import('../../../runtime/src/index.js');
const { userCreatedV1 } = await import('./fakes.js');

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace context without @opentelemetry/api', () => {
  it('loads nothing, starts no span, and still propagates traceparent through a handler', () => {
    expect(otelLoaded).toBe(false);
    expect(activeTraceparent()).toBeUndefined();
    const inside = runInTrace(PARENT, { traceparent: PARENT }, () => ({
      active: activeTraceparent(),
      child: encodeEvent(userCreatedV1, { userId: 'u1', email: 'a@x.io' }, { source: 's', schemaId: 3 }),
    }));
    expect(inside.active).toBe(PARENT);
    const header = inside.child.message.headers['traceparent']!;
    expect(header).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(header).not.toBe(PARENT);
    expect(startSendSpans([inside.child])).toBeUndefined();
    expect(inside.child.message.headers['traceparent']).toBe(header);
  });

  it('outside a handler every event starts a new sampled trace', () => {
    const a = encodeEvent(userCreatedV1, { userId: 'u1', email: 'a@x.io' }, { source: 's', schemaId: 3 }).message.headers['traceparent']!;
    const b = encodeEvent(userCreatedV1, { userId: 'u1', email: 'a@x.io' }, { source: 's', schemaId: 3 }).message.headers['traceparent']!;
    expect(a).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(a.slice(3, 35)).not.toBe(b.slice(3, 35));
  });
});
