import { ConfigurationError } from '../errors.js';
import { resolveRetry, type ResolvedRetry } from './retry.js';
import type { ConsumerOptions, Policy } from './types.js';

/** What the consumer does with each kind of failure, resolved once from its options (defaults depend on `deadLetter`). */
export interface ConsumerPolicies {
  dlqOn: boolean;
  onUndecodable: Policy;
  onUnknownEventType: Policy;
  onInvalid: Policy;
  onSchemaMismatch: Policy;
  onHandlerError: Policy;
  retryDefault: ResolvedRetry;
  retryByType: Map<string, ResolvedRetry>;
}

/** Throws a ConfigurationError for a 'dead-letter' policy without a dead-letter topic, or an invalid retry policy. */
export function resolvePolicies(options: ConsumerOptions<unknown>): ConsumerPolicies {
  const dlqOn = options.deadLetter !== false;
  const policy = (name: string, given: Policy | undefined, fallback: Policy): Policy => {
    if (given === 'dead-letter' && !dlqOn) {
      throw new ConfigurationError(`${name} is 'dead-letter' but deadLetter is false: enable deadLetter or choose 'skip' or 'fail'.`);
    }
    return given ?? (dlqOn ? 'dead-letter' : fallback);
  };
  const retryByType = new Map<string, ResolvedRetry>();
  const resolved = {
    dlqOn,
    onUndecodable: policy('onUndecodable', options.onUndecodable, 'skip'),
    onUnknownEventType: policy('onUnknownEventType', options.onUnknownEventType, 'skip'),
    onInvalid: policy('onInvalid', options.onInvalid, 'skip'),
    onSchemaMismatch: policy('onSchemaMismatch', options.onSchemaMismatch, 'skip'),
    onHandlerError: policy('onHandlerError', options.onHandlerError, 'fail'),
    retryDefault: resolveRetry(options.retry, 'retry'),
    retryByType,
  };
  for (const [eventType, p] of Object.entries(options.retryByEventType ?? {})) {
    retryByType.set(eventType, resolveRetry(p, `retryByEventType["${eventType}"]`));
  }
  return resolved;
}
