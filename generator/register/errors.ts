/**
 * The one error class of the registry client. Retries consult `retriable` and nothing else:
 * network failures, timeouts and HTTP 5xx are retriable; every 4xx is an answer, not a fault.
 */

/** Confluent's error codes the register stage distinguishes (`rest/exceptions/Errors.java`). */
export const RegistryErrorCode = {
  SUBJECT_NOT_FOUND: 40401,
  VERSION_NOT_FOUND: 40402,
  SCHEMA_NOT_FOUND: 40403,
  SUBJECT_COMPATIBILITY_NOT_CONFIGURED: 40408,
  /** Up to Confluent 8.0.3 / 8.1.1 an incompatible registration answered error_code 409. */
  INCOMPATIBLE_SCHEMA_LEGACY: 409,
  INCOMPATIBLE_SCHEMA: 40901,
  INVALID_SCHEMA: 42201,
  INVALID_VERSION: 42202,
  INVALID_COMPATIBILITY_LEVEL: 42203,
  STORE_ERROR: 50001,
  OPERATION_TIMEOUT: 50002,
  REQUEST_FORWARDING_FAILED: 50003,
  UNKNOWN_LEADER: 50004,
} as const;

export type RegistryErrorKind = 'http' | 'network' | 'timeout';

export interface RegistryErrorFields {
  kind: RegistryErrorKind;
  /** HTTP status; undefined for network errors and timeouts. */
  status?: number;
  /** Confluent `error_code` from the body (or the HTTP status when the body has none). */
  errorCode?: number;
  subject?: string;
  version?: number | 'latest';
  /** Network errors, timeouts and 5xx only. */
  retriable: boolean;
  /** `METHOD path` of the failed request. */
  request: string;
}

export class RegistryError extends Error {
  override name = 'RegistryError';
  readonly kind: RegistryErrorKind;
  readonly status?: number;
  readonly errorCode?: number;
  readonly subject?: string;
  readonly version?: number | 'latest';
  readonly retriable: boolean;
  readonly request: string;

  constructor(message: string, fields: RegistryErrorFields) {
    super(message);
    this.kind = fields.kind;
    this.status = fields.status;
    this.errorCode = fields.errorCode;
    this.subject = fields.subject;
    this.version = fields.version;
    this.retriable = fields.retriable;
    this.request = fields.request;
  }

  /** The registry refused a schema as incompatible (HTTP 409, error_code 409 or 40901). */
  get incompatible(): boolean {
    return this.status === 409 && (this.errorCode === 409 || this.errorCode === 40901 || this.errorCode === undefined);
  }

  /** 404 with one of the given error codes (any 404 when none given). */
  isNotFound(...codes: number[]): boolean {
    return this.status === 404 && (codes.length === 0 || (this.errorCode !== undefined && codes.includes(this.errorCode)));
  }
}

/** Map an HTTP answer with a non-2xx status to a RegistryError. */
export function errorFromResponse(status: number, body: string, context: { request: string; subject?: string; version?: number | 'latest' }): RegistryError {
  let errorCode: number | undefined;
  let serverMessage = '';
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const p = parsed as Record<string, unknown>;
      // Apicurio answers some failures with error_code 0: treat it as absent.
      if (typeof p.error_code === 'number' && p.error_code > 0) errorCode = p.error_code;
      if (typeof p.message === 'string') serverMessage = p.message;
    }
  } catch {
    serverMessage = body.slice(0, 300);
  }
  const where = context.subject ? ` (subject "${context.subject}"${context.version !== undefined ? `, version ${context.version}` : ''})` : '';
  const code = errorCode !== undefined ? ` error_code ${errorCode}` : '';
  return new RegistryError(`${context.request} → HTTP ${status}${code}${where}: ${serverMessage || 'no message'}`, {
    kind: 'http',
    status,
    errorCode: errorCode ?? status,
    subject: context.subject,
    version: context.version,
    retriable: status >= 500,
    request: context.request,
  });
}

/** Map a transport failure (reset, refused, DNS, TLS, timeout) to a retriable RegistryError. */
export function errorFromNetwork(
  error: unknown,
  context: { request: string; subject?: string; version?: number | 'latest'; timedOut?: boolean },
): RegistryError {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as NodeJS.ErrnoException).code;
  const kind: RegistryErrorKind = context.timedOut ? 'timeout' : 'network';
  const what = context.timedOut ? 'timed out' : `failed: ${code ? `${code} ` : ''}${err.message}`;
  // TLS verification failures are not transient: retrying cannot fix a wrong CA.
  const tls = typeof code === 'string' && /CERT|SELF_SIGNED|TLS|SSL/.test(code);
  return new RegistryError(`${context.request} ${what}`, {
    kind,
    subject: context.subject,
    version: context.version,
    retriable: !tls,
    request: context.request,
  });
}
