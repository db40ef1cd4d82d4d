import { errors } from '../errors.js';
import { flag, page, parseId } from '../params.js';
import type { RegistryContext } from '../context.js';
import { json, type Route } from '../router.js';
import { schemaResponse } from '../register.js';
import { versionsOfId, type SchemaEntry } from '../state.js';

/** A schema id is visible while a stored version carries it (soft-deleted ones included: consumers still decode). */
function requireSchema(ctx: RegistryContext, idText: string): SchemaEntry {
  const id = parseId(idText);
  const schema = ctx.state.schemas.get(id);
  if (!schema || !ctx.state.usage.has(id)) throw errors.schemaNotFound(id);
  return schema;
}

export const schemaRoutes: Route[] = [
  { method: 'GET', path: '/', handle: () => json({}) },
  // Only JSON Schema is served; Confluent lists ["JSON","PROTOBUF","AVRO"].
  { method: 'GET', path: '/schemas/types', handle: () => json(['JSON']) },
  { method: 'GET', path: '/contexts', handle: () => json(['.']) },
  {
    method: 'GET',
    path: '/schemas',
    handle: ({ ctx, query }) => {
      const prefix = query.get('subjectPrefix') ?? '';
      const deleted = flag(query, 'deleted');
      const latestOnly = flag(query, 'latestOnly');
      const out: Record<string, unknown>[] = [];
      for (const name of [...ctx.state.subjects.keys()].sort()) {
        if (!name.startsWith(prefix)) continue;
        const subject = ctx.state.subjects.get(name);
        const visible = (subject?.versions ?? []).filter((v) => deleted || !v.deleted);
        for (const v of latestOnly ? visible.slice(-1) : visible) {
          out.push(schemaResponse(name, v, ctx.state.schemas.get(v.id) as SchemaEntry));
        }
      }
      return json(page(out, query));
    },
  },
  {
    method: 'GET',
    path: '/schemas/ids/:id',
    handle: ({ ctx, params }) => {
      const schema = requireSchema(ctx, params.id as string);
      return json({
        schemaType: 'JSON',
        ...(schema.references.length > 0 ? { references: schema.references } : {}),
        schema: schema.schema,
        ...(schema.metadata ? { metadata: schema.metadata } : {}),
      });
    },
  },
  { method: 'GET', path: '/schemas/ids/:id/schema', handle: ({ ctx, params }) => ({ raw: requireSchema(ctx, params.id as string).schema }) },
  {
    method: 'GET',
    path: '/schemas/ids/:id/versions',
    handle: ({ ctx, params, query }) => {
      const schema = requireSchema(ctx, params.id as string);
      const deleted = flag(query, 'deleted');
      const versions = versionsOfId(ctx.state, schema.id).filter((u) => deleted || !u.version.deleted);
      return json(
        page(
          versions.map((u) => ({ subject: u.subject, version: u.version.version })),
          query,
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/schemas/ids/:id/subjects',
    handle: ({ ctx, params, query }) => {
      const schema = requireSchema(ctx, params.id as string);
      const deleted = flag(query, 'deleted');
      const subjects = new Set(
        versionsOfId(ctx.state, schema.id)
          .filter((u) => deleted || !u.version.deleted)
          .map((u) => u.subject),
      );
      return json(page([...subjects], query));
    },
  },
];
