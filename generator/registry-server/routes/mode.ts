import type { RegistryContext } from '../context.js';
import { errors } from '../errors.js';
import { flag, validSubject } from '../params.js';
import { MODES, type Mode } from '../records.js';
import { json, type Reply, type Route } from '../router.js';
import { liveVersions } from '../state.js';

function parseMode(body: unknown): Mode {
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).mode : undefined;
  const mode = String(raw ?? '').toUpperCase();
  if (!(MODES as readonly string[]).includes(mode)) throw errors.invalidMode(String(raw ?? ''));
  return mode as Mode;
}

/** IMPORT keeps client-given ids, which could collide with existing ones: only on an empty scope unless forced. */
function assertImportAllowed(ctx: RegistryContext, subject: string | null, force: boolean): void {
  if (force) return;
  const nonEmpty =
    subject === null ? [...ctx.state.subjects.values()].some((s) => liveVersions(s).length > 0) : liveVersions(ctx.state.subjects.get(subject)).length > 0;
  if (nonEmpty) {
    throw errors.operationNotPermitted(
      `Cannot import since found existing subjects${subject === null ? '' : ` (${subject} has versions)`}. Pass force=true to switch to IMPORT anyway.`,
    );
  }
}

/** `PUT /mode` (subject null) and `PUT /mode/:subject`: parse, guard IMPORT, commit, echo the mode. */
function setMode(ctx: RegistryContext, subject: string | null, body: unknown, query: URLSearchParams): Reply {
  const mode = parseMode(body);
  if (mode === 'IMPORT') assertImportAllowed(ctx, subject, flag(query, 'force'));
  ctx.commit({ op: 'setMode', subject, mode });
  return json({ mode });
}

export const modeRoutes: Route[] = [
  { method: 'GET', path: '/mode', handle: ({ ctx }) => json({ mode: ctx.effectiveMode(null) }) },
  {
    method: 'PUT',
    path: '/mode',
    write: true,
    handle: ({ ctx, body, query }) => setMode(ctx, null, body, query),
  },
  {
    method: 'DELETE',
    path: '/mode',
    write: true,
    handle: ({ ctx }) => {
      const previous = ctx.effectiveMode(null);
      ctx.commit({ op: 'deleteMode', subject: null });
      return json({ mode: previous });
    },
  },
  {
    method: 'GET',
    path: '/mode/:subject',
    handle: ({ ctx, params, query }) => {
      const name = validSubject(params.subject as string);
      const own = ctx.state.subjectMode.get(name);
      if (own === undefined && !flag(query, 'defaultToGlobal')) throw errors.subjectModeNotFound(name);
      return json({ mode: ctx.effectiveMode(name) });
    },
  },
  {
    method: 'PUT',
    path: '/mode/:subject',
    write: true,
    handle: ({ ctx, params, body, query }) => setMode(ctx, validSubject(params.subject as string), body, query),
  },
  {
    method: 'DELETE',
    path: '/mode/:subject',
    write: true,
    handle: ({ ctx, params }) => {
      const name = validSubject(params.subject as string);
      const previous = ctx.state.subjectMode.get(name);
      if (previous === undefined) throw errors.subjectNotFound(name);
      ctx.commit({ op: 'deleteMode', subject: name });
      return json({ mode: previous });
    },
  },
];
