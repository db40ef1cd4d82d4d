-- @event-contracts/runtime: processed events of idempotent consumers (createPostgresIdempotencyStore).
-- One row per (consumer group, eventId); the row is inserted in the same transaction as the handler's effect.
-- Idempotent: safe to run again. Rows older than your longest redelivery window can be deleted, e.g. daily:
--   DELETE FROM contracts_processed_events WHERE processed_at < now() - interval '30 days';
CREATE TABLE IF NOT EXISTS contracts_processed_events (
  consumer_group text        NOT NULL,
  event_id       text        NOT NULL,
  processed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);

CREATE INDEX IF NOT EXISTS contracts_processed_events_processed_at ON contracts_processed_events (processed_at);
