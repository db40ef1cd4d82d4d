import { COMPATIBILITY_LEVELS, COMPATIBILITY_POLICIES } from '../../core/compatibility.js';
import { errors } from '../errors.js';
import { flag, validSubject } from '../params.js';
import type { CompatibilityConfig } from '../records.js';
import { json, type Route } from '../router.js';

/**
 * `PUT /config` takes `{compatibility, compatibilityPolicy}` (Confluent's ConfigUpdateRequest);
 * `GET /config` answers `{compatibilityLevel, compatibilityPolicy}`. Fields left out of a PUT keep
 * their current value at that scope.
 */
function parseConfigUpdate(body: unknown): CompatibilityConfig {
  const request = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const update: CompatibilityConfig = {};
  if (request.compatibility !== undefined && request.compatibility !== null) {
    update.compatibilityLevel = oneOf(request.compatibility, COMPATIBILITY_LEVELS, 'level');
  }
  if (request.compatibilityPolicy !== undefined && request.compatibilityPolicy !== null) {
    update.compatibilityPolicy = oneOf(request.compatibilityPolicy, COMPATIBILITY_POLICIES, 'policy');
  }
  if (update.compatibilityLevel === undefined && update.compatibilityPolicy === undefined) {
    throw errors.invalidCompatibilityLevel(
      `Send {"compatibility": "<level>"} and/or {"compatibilityPolicy": "STRICT"|"LENIENT"}; valid levels are ${COMPATIBILITY_LEVELS.join(', ')}.`,
    );
  }
  return update;
}

function echo(update: CompatibilityConfig): Record<string, string> {
  return {
    ...(update.compatibilityLevel ? { compatibility: update.compatibilityLevel } : {}),
    ...(update.compatibilityPolicy ? { compatibilityPolicy: update.compatibilityPolicy } : {}),
  };
}

export const configRoutes: Route[] = [
  { method: 'GET', path: '/config', handle: ({ ctx }) => json(ctx.effectiveConfig(null)) },
  {
    method: 'PUT',
    path: '/config',
    write: true,
    handle: ({ ctx, body }) => {
      const update = parseConfigUpdate(body);
      ctx.commit({ op: 'setConfig', subject: null, config: { ...ctx.state.globalConfig, ...update } });
      return json(echo(update));
    },
  },
  {
    method: 'DELETE',
    path: '/config',
    write: true,
    handle: ({ ctx }) => {
      const previous = ctx.effectiveConfig(null);
      ctx.commit({ op: 'deleteConfig', subject: null });
      return json(previous);
    },
  },
  {
    method: 'GET',
    path: '/config/:subject',
    handle: ({ ctx, params, query }) => {
      const name = validSubject(params.subject as string);
      if (!ctx.state.subjectConfig.has(name) && !flag(query, 'defaultToGlobal')) throw errors.subjectConfigNotFound(name);
      return json(ctx.effectiveConfig(name));
    },
  },
  {
    method: 'PUT',
    path: '/config/:subject',
    write: true,
    handle: ({ ctx, params, body }) => {
      const name = validSubject(params.subject as string);
      const update = parseConfigUpdate(body);
      ctx.commit({ op: 'setConfig', subject: name, config: { ...ctx.state.subjectConfig.get(name), ...update } });
      return json(echo(update));
    },
  },
  {
    method: 'DELETE',
    path: '/config/:subject',
    write: true,
    handle: ({ ctx, params }) => {
      const name = validSubject(params.subject as string);
      if (!ctx.state.subjectConfig.has(name)) throw errors.subjectNotFound(name);
      const previous = ctx.effectiveConfig(name);
      ctx.commit({ op: 'deleteConfig', subject: name });
      return json(previous);
    },
  },
];

/** `value` upper-cased when it is one of `allowed` (Confluent accepts any case), else Confluent's 42203 error. */
function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: 'level' | 'policy'): T {
  const upper = String(value).toUpperCase();
  if (!(allowed as readonly string[]).includes(upper)) {
    throw errors.invalidCompatibilityLevel(`Invalid compatibility ${what} '${String(value)}'. Valid values are ${allowed.join(', ')}.`);
  }
  return upper as T;
}
