import { ConfigurationError } from '../errors.js';
import type { RetryPolicy } from './types.js';

export interface ResolvedRetry {
  attempts: number;
  initialDelayMs: number;
  multiplier: number;
  maxDelayMs: number;
  jitter: number;
  retriable: (error: Error) => boolean;
}

/** kafkajs's errors, ours and any error may say `retriable: false`; everything else is worth another attempt. */
export const isRetriable = (error: Error): boolean => (error as { retriable?: unknown }).retriable !== false;

export const NO_RETRY: ResolvedRetry = {
  attempts: 1,
  initialDelayMs: 0,
  multiplier: 1,
  maxDelayMs: 0,
  jitter: 0,
  retriable: () => false,
};

export function resolveRetry(policy: RetryPolicy | false | undefined, where: string): ResolvedRetry {
  if (policy === false) return NO_RETRY;
  const r: ResolvedRetry = {
    attempts: policy?.attempts ?? 5,
    initialDelayMs: policy?.initialDelayMs ?? 200,
    multiplier: policy?.multiplier ?? 2,
    maxDelayMs: policy?.maxDelayMs ?? 30_000,
    jitter: policy?.jitter ?? 0.2,
    retriable: policy?.retriable ?? isRetriable,
  };
  const bad = (field: string, value: number, want: string): never => {
    throw new ConfigurationError(`${where}.${field} is ${String(value)}: it must be ${want}.`);
  };
  if (!Number.isInteger(r.attempts) || r.attempts < 1) bad('attempts', r.attempts, 'an integer ≥ 1');
  if (!(r.initialDelayMs >= 0)) bad('initialDelayMs', r.initialDelayMs, '≥ 0');
  if (!(r.multiplier >= 1)) bad('multiplier', r.multiplier, '≥ 1');
  if (!(r.maxDelayMs >= 0)) bad('maxDelayMs', r.maxDelayMs, '≥ 0');
  if (!(r.jitter >= 0 && r.jitter <= 1)) bad('jitter', r.jitter, 'between 0 and 1');
  return r;
}

/** The delay after failed attempt `attempt` (1-based): exponential, jittered, capped. */
export function backoffDelay(r: ResolvedRetry, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(r.maxDelayMs, r.initialDelayMs * r.multiplier ** (attempt - 1));
  const spread = base * r.jitter * (2 * random() - 1);
  return Math.max(0, Math.min(r.maxDelayMs, Math.round(base + spread)));
}

/** Heartbeats go out at least this often while a partition waits, well inside kafkajs's session timeout (30 s). */
const HEARTBEAT_EVERY_MS = 1000;

/**
 * Waits `ms`, heartbeating the group so the member is not evicted while its partition is blocked. Resolves false
 * (without waiting the rest) when `signal` aborts (the consumer stops) or a heartbeat fails (a rebalance took the
 * partition away): the caller then leaves the message uncommitted.
 */
export async function waitWithHeartbeat(ms: number, signal: AbortSignal, heartbeat: (() => Promise<void>) | undefined): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (signal.aborted) return false;
    const left = until - Date.now();
    if (left <= 0) return true;
    await sleep(Math.min(left, HEARTBEAT_EVERY_MS), signal);
    if (heartbeat !== undefined && !signal.aborted) {
      try {
        await heartbeat();
      } catch {
        return false;
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
