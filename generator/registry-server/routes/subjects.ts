import type { RegistryContext } from '../context.js';
import { errors } from '../errors.js';
import { flag, page, parseVersion, validSubject } from '../params.js';
import { findSameContent, parseSchemaRequest, registerSchema, schemaResponse } from '../register.js';
import { json, type Route, type RouteRequest } from '../router.js';
import { liveVersions, referencedBy, type SchemaEntry, type SubjectEntry, type VersionEntry } from '../state.js';

function schemaOf(ctx: RegistryContext, version: VersionEntry): SchemaEntry {
  const schema = ctx.state.schemas.get(version.id);
  if (!schema) throw errors.internal(`version ${version.version} points at unknown schema id ${version.id}`);
  return schema;
}

function assertNotReferenced(ctx: RegistryContext, subject: string, versions: readonly VersionEntry[]): void {
  for (const v of versions) {
    const referrers = referencedBy(ctx.state, subject, v.version);
    if (referrers.length > 0) throw errors.referenceExists(subject, v.version, referrers);
  }
}

function storedSubject(ctx: RegistryContext, name: string): SubjectEntry {
  const subject = ctx.state.subjects.get(name);
  if (!subject) throw errors.subjectNotFound(name);
  return subject;
}

export const subjectRoutes: Route[] = [
  {
    method: 'GET',
    path: '/subjects',
    handle: ({ ctx, query }) => {
      const prefix = query.get('subjectPrefix') ?? '';
      const deleted = flag(query, 'deleted');
      const deletedOnly = flag(query, 'deletedOnly');
      const names = [...ctx.state.subjects.values()]
        .filter((s) => s.name.startsWith(prefix))
        .filter((s) => {
          const live = liveVersions(s).length > 0;
          return deletedOnly ? !live : deleted || live;
        })
        .map((s) => s.name)
        .sort();
      return json(page(names, query));
    },
  },
  {
    method: 'POST',
    path: '/subjects/:subject',
    handle: ({ ctx, params, query, body }) => {
      const name = validSubject(params.subject as string);
      const request = parseSchemaRequest(body, { normalize: flag(query, 'normalize') });
      const deleted = flag(query, 'deleted');
      const subject = ctx.requireSubject(name, deleted);
      const found = findSameContent(ctx, deleted ? subject.versions : liveVersions(subject), request);
      if (!found) throw errors.schemaNotFound();
      return json(schemaResponse(name, found, schemaOf(ctx, found)));
    },
  },
  {
    method: 'DELETE',
    path: '/subjects/:subject',
    write: true,
    handle: ({ ctx, params, query }) => {
      const name = validSubject(params.subject as string);
      ctx.assertWritable(name);
      const subject = storedSubject(ctx, name);
      const permanent = flag(query, 'permanent');
      const live = liveVersions(subject);
      if (permanent && live.length > 0) throw errors.subjectNotSoftDeleted(name);
      if (!permanent && live.length === 0) throw errors.subjectSoftDeleted(name);
      const targets = permanent ? subject.versions : live;
      assertNotReferenced(ctx, name, targets);
      const versions = targets.map((v) => v.version);
      ctx.commit({ op: 'deleteVersions', subject: name, versions, permanent });
      return json(versions);
    },
  },
  {
    method: 'GET',
    path: '/subjects/:subject/versions',
    handle: ({ ctx, params, query }) => {
      const name = validSubject(params.subject as string);
      const deletedOnly = flag(query, 'deletedOnly');
      const deleted = flag(query, 'deleted') || deletedOnly;
      const subject = ctx.requireSubject(name, deleted);
      const negative = flag(query, 'deletedAsNegative');
      const versions = subject.versions
        .filter((v) => (deletedOnly ? v.deleted : deleted || !v.deleted))
        .map((v) => (negative && v.deleted ? -v.version : v.version));
      return json(page(versions, query));
    },
  },
  {
    method: 'POST',
    path: '/subjects/:subject/versions',
    write: true,
    handle: async ({ ctx, params, query, body }) => {
      const name = validSubject(params.subject as string);
      const request = parseSchemaRequest(body, { normalize: flag(query, 'normalize') });
      const result = await registerSchema(ctx, name, request, { force: flag(query, 'force') });
      return json({
        id: result.id,
        version: result.version,
        schemaType: 'JSON',
        ...(request.references.length > 0 ? { references: request.references } : {}),
        schema: request.schema,
        ...(request.metadata ? { metadata: request.metadata } : {}),
      });
    },
  },
  {
    method: 'GET',
    path: '/subjects/:subject/versions/:version',
    handle: (request) => {
      const { name, entry } = requestedVersion(request);
      return json(schemaResponse(name, entry, schemaOf(request.ctx, entry)));
    },
  },
  {
    method: 'GET',
    path: '/subjects/:subject/versions/:version/schema',
    handle: (request) => {
      const { entry } = requestedVersion(request);
      return { raw: schemaOf(request.ctx, entry).schema };
    },
  },
  {
    method: 'GET',
    path: '/subjects/:subject/versions/:version/referencedby',
    handle: (request) => {
      const { name, entry } = requestedVersion(request);
      return json(page(referencedBy(request.ctx.state, name, entry.version), request.query));
    },
  },
  {
    method: 'DELETE',
    path: '/subjects/:subject/versions/:version',
    write: true,
    handle: ({ ctx, params, query }) => {
      const version = parseVersion(params.version as string);
      const name = validSubject(params.subject as string);
      ctx.assertWritable(name);
      const subject = storedSubject(ctx, name);
      const permanent = flag(query, 'permanent');
      let entry: VersionEntry;
      if (permanent) {
        entry = ctx.requireVersion(subject, version, true);
        if (!entry.deleted) throw errors.versionNotSoftDeleted(name, entry.version);
      } else {
        if (version === -1 && liveVersions(subject).length === 0) throw errors.subjectNotFound(name);
        entry = ctx.requireVersion(subject, version, version !== -1);
        if (entry.deleted) throw errors.versionSoftDeleted(name, entry.version);
      }
      assertNotReferenced(ctx, name, [entry]);
      ctx.commit({ op: 'deleteVersions', subject: name, versions: [entry.version], permanent });
      return json(entry.version);
    },
  },
];

/**
 * The version a `GET /subjects/:subject/versions/:version…` request names (`?deleted=true` lets a
 * soft-deleted one count), checked in Confluent's order: version syntax, subject, then existence.
 */
function requestedVersion({ ctx, params, query }: RouteRequest): { name: string; entry: VersionEntry } {
  const version = parseVersion(params.version as string);
  const name = validSubject(params.subject as string);
  const deleted = flag(query, 'deleted');
  return { name, entry: ctx.requireVersion(ctx.requireSubject(name, deleted), version, deleted) };
}
