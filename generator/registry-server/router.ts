import type { RegistryContext } from './context.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteRequest {
  /** Path parameters, percent-decoded (`:subject`, `:version`, `:id`). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when there was none). */
  body: unknown;
  ctx: RegistryContext;
}

/** A JSON reply, or a raw body (the `/schema` endpoints return the schema text itself). */
export type Reply = { status?: number; json: unknown } | { status?: number; raw: string };

export interface Route {
  method: Method;
  /** `/subjects/:subject/versions/:version`; a `:name` segment matches one path segment. */
  path: string;
  /** Changes state: runs in the single-writer queue. */
  write?: boolean;
  /** May be async (a long judgement yields to other requests); writes stay serialised either way. */
  handle(request: RouteRequest): Reply | Promise<Reply>;
}

export const json = (body: unknown, status?: number): Reply => (status === undefined ? { json: body } : { json: body, status });

export type RouteMatch = { route: Route; params: Record<string, string> } | 'method-not-allowed' | undefined;

/**
 * Finds the route for `method` and the raw (still percent-encoded) path segments. Segments are
 * decoded after splitting, so a subject may contain an encoded `/`.
 */
export function matchRoute(routes: readonly Route[], method: string, segments: readonly string[]): RouteMatch {
  let pathMatched = false;
  for (const route of routes) {
    const params = matchPath(route.path, segments);
    if (!params) continue;
    if (route.method === method) return { route, params };
    pathMatched = true;
  }
  return pathMatched ? 'method-not-allowed' : undefined;
}

const compiled = new Map<string, string[]>();

function matchPath(path: string, segments: readonly string[]): Record<string, string> | undefined {
  let pattern = compiled.get(path);
  if (!pattern) {
    pattern = path.split('/').filter(Boolean);
    compiled.set(path, pattern);
  }
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const want = pattern[i] as string;
    const got = segments[i] as string;
    if (want.startsWith(':')) {
      try {
        params[want.slice(1)] = decodeURIComponent(got);
      } catch {
        return undefined;
      }
    } else if (want !== got) {
      return undefined;
    }
  }
  return params;
}
