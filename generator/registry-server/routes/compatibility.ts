import { judge, revisionsToCheck } from '../compatibility.js';
import type { RegistryContext } from '../context.js';
import { RegistryHttpError } from '../errors.js';
import { flag, parseVersion, validSubject } from '../params.js';
import { parseSchemaRequest } from '../register.js';
import { json, type Reply, type Route, type RouteRequest } from '../router.js';
import { liveVersions, type VersionEntry } from '../state.js';

type Target = (ctx: RegistryContext, subject: string, version: string | undefined) => VersionEntry[];

/**
 * `{"is_compatible": bool}` (+ `messages` with verbose=true). An invalid schema is 42201, or with
 * verbose an incompatible verdict carrying the reason (as Confluent does).
 */
function compatibilityRoute(path: string, targets: Target): Route {
  return {
    method: 'POST',
    path,
    handle: async ({ ctx, params, query, body }: RouteRequest): Promise<Reply> => {
      const versionText = params.version;
      if (versionText !== undefined) parseVersion(versionText);
      const name = validSubject(params.subject as string);
      const verbose = flag(query, 'verbose');
      const reply = (compatible: boolean, messages: string[]) => json(verbose ? { is_compatible: compatible, messages } : { is_compatible: compatible });
      try {
        const request = parseSchemaRequest(body, { normalize: flag(query, 'normalize') });
        const resolved = await ctx.resolveRequest(request);
        const config = ctx.effectiveConfig(name);
        const previous = targets(ctx, name, versionText).map((v) => ({ version: v.version, schema: () => ctx.resolvedSchema(v.id) }));
        const verdict = await judge(previous, resolved, { level: config.compatibilityLevel, policy: config.compatibilityPolicy });
        return reply(verdict.compatible, verdict.messages);
      } catch (error) {
        if (verbose && error instanceof RegistryHttpError && error.errorCode === 42201) return reply(false, [error.message]);
        throw error;
      }
    },
  };
}

export const compatibilityRoutes: Route[] = [
  // One named version only, even for a transitive level; `latest` on an empty subject is compatible.
  compatibilityRoute('/compatibility/subjects/:subject/versions/:version', (ctx, name, versionText) => {
    const version = parseVersion(versionText as string);
    const live = liveVersions(ctx.state.subjects.get(name));
    if (version === -1 && live.length === 0) return [];
    return [ctx.requireVersion(ctx.requireSubject(name, false), version, false)];
  }),
  // Exactly the register-time check: all live versions for a transitive level, else the latest.
  compatibilityRoute('/compatibility/subjects/:subject/versions', (ctx, name) => {
    const live = liveVersions(ctx.state.subjects.get(name));
    return revisionsToCheck(live, ctx.effectiveConfig(name).compatibilityLevel);
  }),
];
