import { EventContractsError } from './errors.js';

/** One validation failure, pointing into the validated value (the event's `data`). */
export interface ValidationIssue {
  /** JSON pointer (RFC 6901) into the validated value; '' is the value itself. */
  readonly pointer: string;
  /** The JSON Schema keyword that failed: 'required', 'type', 'additionalProperties', … */
  readonly keyword: string;
  readonly message: string;
}

/**
 * What generated code supplies per event type and side: a type guard, with the issues of the last failed call in
 * `errors` (null or undefined after a success). Not re-entrant, like ajv's functions.
 */
export interface Validator<T> {
  (value: unknown): value is T;
  readonly errors: readonly ValidationIssue[] | null | undefined;
}

/** The structural part of an ajv error this package reads (no ajv import). */
export interface AjvLikeError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** An ajv validate function, compiled or standalone. */
export interface AjvLikeValidate {
  (value: unknown): boolean;
  errors?: AjvLikeError[] | null;
}

const escapeToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

/** Maps ajv errors to issues; `required` and `additionalProperties` point at the missing or extra property. */
export function issuesFromAjv(errors: readonly AjvLikeError[] | null | undefined): ValidationIssue[] {
  if (!errors) return [];
  return errors.map((e) => {
    let pointer = e.instancePath;
    const params = e.params ?? {};
    if (e.keyword === 'required' && typeof params['missingProperty'] === 'string') {
      pointer += `/${escapeToken(params['missingProperty'])}`;
    } else if (e.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
      pointer += `/${escapeToken(params['additionalProperty'])}`;
    } else if (e.keyword === 'unevaluatedProperties' && typeof params['unevaluatedProperty'] === 'string') {
      pointer += `/${escapeToken(params['unevaluatedProperty'])}`;
    }
    let message = e.message ?? `fails "${e.keyword}"`;
    if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
      message = 'is not declared by the contract (undeclared properties are not allowed here)';
    }
    if (e.keyword === 'enum' && Array.isArray(params['allowedValues'])) {
      message = `must be one of ${params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')}`;
    }
    return { pointer, keyword: e.keyword, message };
  });
}

/**
 * Adapts an ajv validate function to `Validator<T>`; errors are mapped only when read. With `all` (the same
 * schema compiled with `allErrors`), reading `errors` after a failure runs it on the failed value, so the
 * issues name every problem, not only the first the fast validator stopped at; successes never run it.
 * `all === fn` says `fn` is itself compiled with `allErrors` (generated packages): its errors are used as they
 * are, without a second run, repeats removed.
 */
export function validatorFromAjv<T>(fn: AjvLikeValidate, all?: AjvLikeValidate): Validator<T> {
  let mappedFrom: AjvLikeError[] | null | undefined = null;
  let mapped: ValidationIssue[] | null = null;
  let failed: unknown;
  const rerun = all !== undefined && all !== fn;
  const validate = (
    !rerun
      ? (value: unknown) => fn(value)
      : (value: unknown) => {
          if (fn(value)) return true;
          failed = value;
          return false;
        }
  ) as Validator<T>;
  Object.defineProperty(validate, 'errors', {
    enumerable: true,
    get(): readonly ValidationIssue[] | null {
      const raw = fn.errors;
      if (!raw) return null;
      if (raw !== mappedFrom) {
        mappedFrom = raw;
        mapped = all === undefined ? issuesFromAjv(raw) : rerun ? allIssues(all, failed, raw) : unique(issuesFromAjv(raw));
        failed = undefined;
      }
      return mapped;
    },
  });
  return validate;
}

/** Every issue of `value` per `all`, without repeats; `first` if `all` finds none. */
function allIssues(all: AjvLikeValidate, value: unknown, first: readonly AjvLikeError[]): ValidationIssue[] {
  const errors = all(value) ? null : all.errors;
  return unique(issuesFromAjv(errors && errors.length > 0 ? errors : first));
}

/** Issues without repeats (a schema checked twice, e.g. the strict side's written-schema guard, reports twice). */
function unique(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.pointer}\u0000${i.keyword}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const MAX_LISTED = 10;

export function formatIssues(issues: readonly ValidationIssue[]): string {
  const listed = issues.slice(0, MAX_LISTED).map((i) => `${i.pointer === '' ? '(data)' : i.pointer} ${i.message}`);
  if (issues.length > MAX_LISTED) listed.push(`… and ${issues.length - MAX_LISTED} more`);
  return listed.join('; ');
}

/** An event's `data` (or, consumer side, its envelope) does not match its contract. */
export class ValidationError extends EventContractsError {
  readonly eventType: string;
  readonly side: 'producer' | 'consumer';
  readonly issues: readonly ValidationIssue[];
  /** Position of the failing item in a `publishBatch` call; undefined outside a batch. */
  readonly batchIndex: number | undefined;
  constructor(eventType: string, side: 'producer' | 'consumer', issues: readonly ValidationIssue[], what = 'data', batchIndex?: number) {
    super(
      'VALIDATION',
      `${batchIndex === undefined ? '' : `publishBatch item ${batchIndex}: `}${eventType} ${what} is invalid (${side} side): ${formatIssues(issues) || 'the validator rejected it without details'}.`,
    );
    this.eventType = eventType;
    this.side = side;
    this.issues = issues;
    this.batchIndex = batchIndex;
  }
}
