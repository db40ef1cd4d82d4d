/**
 * Confluent's REST errors: an HTTP status, an `error_code` and a message, sent as
 * `{"error_code": 40401, "message": "Subject 'x' not found."}`. One class with fields; the
 * factories below are the table of codes this server answers with (names follow Confluent's
 * `rest/exceptions/Errors.java`).
 */
export class RegistryHttpError extends Error {
  override name = 'RegistryHttpError';
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
    /** Extra response headers, e.g. `WWW-Authenticate` on 401. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { error_code: number; message: string } {
    return { error_code: this.errorCode, message: this.message };
  }
}

const VERSION_RANGE = 'Allowed values are between [1, 2^31-1] and the string "latest"';

export const errors = {
  badRequest: (message: string) => new RegistryHttpError(400, 400, message),
  unauthorized: () =>
    new RegistryHttpError(401, 40101, "Unauthorized: send HTTP basic credentials that match the server's --auth.", {
      'WWW-Authenticate': 'Basic realm="contracts-registry", charset="UTF-8"',
    }),
  notFound: () => new RegistryHttpError(404, 404, 'HTTP 404 Not Found'),
  methodNotAllowed: () => new RegistryHttpError(405, 405, 'HTTP 405 Method Not Allowed'),
  unsupportedMediaType: (contentType: string) =>
    new RegistryHttpError(
      415,
      415,
      `HTTP 415 Unsupported Media Type: '${contentType}'. Send application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json or application/octet-stream.`,
    ),
  bodyTooLarge: (limit: number) =>
    new RegistryHttpError(413, 42209, `Request body is larger than this registry's limit of ${limit} bytes; send a smaller schema.`),

  subjectNotFound: (subject: string) => new RegistryHttpError(404, 40401, `Subject '${subject}' not found.`),
  versionNotFound: (version: number | string) => new RegistryHttpError(404, 40402, `Version ${version} not found.`),
  schemaNotFound: (id?: number) => new RegistryHttpError(404, 40403, id === undefined ? 'Schema not found.' : `Schema ${id} not found`),
  subjectSoftDeleted: (subject: string) => new RegistryHttpError(404, 40404, `Subject '${subject}' was soft deleted. Set permanent=true to delete permanently`),
  subjectNotSoftDeleted: (subject: string) => new RegistryHttpError(404, 40405, `Subject '${subject}' was not deleted first before being permanently deleted`),
  versionSoftDeleted: (subject: string, version: number) =>
    new RegistryHttpError(404, 40406, `Subject '${subject}' Version ${version} was soft deleted. Set permanent=true to delete permanently`),
  versionNotSoftDeleted: (subject: string, version: number) =>
    new RegistryHttpError(404, 40407, `Subject '${subject}' Version ${version} was not deleted first before being permanently deleted`),
  subjectConfigNotFound: (subject: string) =>
    new RegistryHttpError(
      404,
      40408,
      `Subject '${subject}' does not have subject-level compatibility configured. Pass defaultToGlobal=true to read the global level.`,
    ),
  subjectModeNotFound: (subject: string) =>
    new RegistryHttpError(404, 40409, `Subject '${subject}' does not have subject-level mode configured. Pass defaultToGlobal=true to read the global mode.`),

  incompatible: (subject: string, details: readonly string[]) =>
    new RegistryHttpError(
      409,
      40901,
      `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${details.join(', ')}]`,
    ),

  invalidSchema: (message: string) => new RegistryHttpError(422, 42201, message),
  invalidVersion: (version: string) => new RegistryHttpError(422, 42202, `The specified version '${version}' is not a valid version id. ${VERSION_RANGE}`),
  invalidCompatibilityLevel: (message: string) => new RegistryHttpError(422, 42203, message),
  invalidMode: (mode: string) => new RegistryHttpError(422, 42204, `Invalid mode '${mode}'. Valid values are READWRITE, READONLY and IMPORT.`),
  operationNotPermitted: (message: string) => new RegistryHttpError(422, 42205, message),
  referenceExists: (subject: string, version: number, referrers: readonly number[]) =>
    new RegistryHttpError(
      422,
      42206,
      `One or more references exist to the schema {subject=${subject}, version=${version}}: schema ids ${referrers.join(', ')} refer to it. Delete those first.`,
    ),
  invalidSubject: (subject: string) =>
    new RegistryHttpError(422, 42208, `The specified subject '${subject}' is not valid: it must be non-empty and contain no control characters.`),

  storeFailed: (message: string) => new RegistryHttpError(500, 50001, `Error in the backend data store: ${message}`),
  internal: (message: string) => new RegistryHttpError(500, 50001, `Internal error in the embedded registry: ${message}`),
} as const;
