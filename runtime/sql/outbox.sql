-- @event-contracts/runtime: the transactional outbox (outbox.add on a generated publisher; the relay sends the rows).
-- Writers insert framed events inside their business transaction; `contracts outbox relay` (or createOutboxRelay)
-- publishes pending rows in id order per lane and marks them sent. Idempotent: safe to run again.
CREATE TABLE IF NOT EXISTS contracts_outbox (
  id         bigserial   PRIMARY KEY,
  topic      text        NOT NULL,
  key        text,
  headers    jsonb       NOT NULL,
  value      bytea       NOT NULL,
  event_id   text        NOT NULL,
  event_type text        NOT NULL,
  -- 16 lanes by key: a relay owns whole lanes (advisory locks), so all rows of one key go out through one relay, in id order.
  lane       smallint    NOT NULL GENERATED ALWAYS AS (((hashtext(coalesce(key, '')) & 2147483647) % 16)::smallint) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at    timestamptz
);

CREATE INDEX IF NOT EXISTS contracts_outbox_pending ON contracts_outbox (lane, id) WHERE sent_at IS NULL;
CREATE INDEX IF NOT EXISTS contracts_outbox_sent_at ON contracts_outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Wakes the relays (LISTEN contracts_outbox) when a transaction that wrote rows commits; nothing for a rollback.
CREATE OR REPLACE FUNCTION contracts_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_TABLE_NAME, '');
  RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS contracts_outbox_notify ON contracts_outbox;
CREATE TRIGGER contracts_outbox_notify AFTER INSERT ON contracts_outbox FOR EACH STATEMENT EXECUTE FUNCTION contracts_outbox_notify();
