/**
 * Where a consumer remembers which events it has processed (per consumer group).
 * `runOnce` runs `effect` at most once per (group, eventId) and returns 'duplicate' without running it when
 * the event was already processed. Stores with transactions (PostgreSQL) pass the transaction to `effect`, so
 * the effect and the "processed" mark commit together; the in-memory store passes undefined.
 */
export interface IdempotencyStore<Tx = unknown> {
  runOnce(key: IdempotencyKey, effect: (tx: Tx | undefined) => Promise<void>): Promise<'processed' | 'duplicate'>;
  close?(): Promise<void>;
}

export interface IdempotencyKey {
  readonly group: string;
  readonly eventId: string;
}
