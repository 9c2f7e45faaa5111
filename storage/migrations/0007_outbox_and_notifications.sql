-- 0007: the transactional outbox (DESIGN.md §4), the processed-event log that makes consumers
-- idempotent under at-least-once delivery, and the notifications written by the notifier.

-- Events written in the same transaction as the state change they describe. The relay reads
-- unpublished rows in id order,
--   SELECT ... FROM outbox_events WHERE published_at IS NULL ORDER BY id LIMIT $n
--   FOR UPDATE SKIP LOCKED
-- XADDs them to the Redis Stream renfort:events (with event_id) and sets published_at.
-- id is an identity for a stable order; it is assigned at insert, not at commit, so a later id
-- may commit first: consumers must not assume a strict global order (they dedupe by event_id).
--
-- payload is bytea holding the serialized protobuf message named by `type` (e.g.
-- 'renfort.v1.ParticipationChanged'), not jsonb: the proto messages are the domain model, the
-- relay copies the bytes to Redis untouched and consumers parse them with the generated code,
-- so no JSON mapping has to be kept in step. Inspect with `protoc --decode`.
CREATE TABLE outbox_events (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id       uuid NOT NULL DEFAULT gen_random_uuid(),
  type           text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id   text NOT NULL,
  payload        bytea NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  published_at   timestamptz,
  CONSTRAINT outbox_events_event_id_key UNIQUE (event_id),
  CONSTRAINT outbox_events_type_format CHECK (type ~ '^[A-Za-z][A-Za-z0-9_.]{0,199}$'),
  CONSTRAINT outbox_events_aggregate_type_valid CHECK (aggregate_type IN (
    'ORGANISATION', 'NETWORK', 'MISSION', 'VOLUNTEER', 'PARTICIPATION', 'INVITATION')),
  CONSTRAINT outbox_events_aggregate_id_length CHECK (char_length(aggregate_id) BETWEEN 1 AND 200),
  CONSTRAINT outbox_events_payload_size CHECK (octet_length(payload) <= 1048576)
);
COMMENT ON COLUMN outbox_events.payload IS 'Serialized protobuf message whose full name is `type`.';
-- The relay's queue: small, because published rows leave it.
CREATE INDEX outbox_events_unpublished ON outbox_events (id) WHERE published_at IS NULL;

-- One row per (consumer, event) handled. A consumer inserts it in the transaction that applies
-- the event's effects; ON CONFLICT DO NOTHING returning no row means "already done, just XACK".
CREATE TABLE processed_events (
  consumer     text NOT NULL,
  event_id     uuid NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id),
  CONSTRAINT processed_events_consumer_format CHECK (consumer ~ '^[a-z][a-z0-9_.-]{0,99}$')
);
-- Pruning rows older than the stream's retention.
CREATE INDEX processed_events_processed_at ON processed_events (processed_at);

-- Inboxes of volunteers, organisations and coordinators. dedup_key is derived from the source
-- event and the recipient (e.g. '<event_id>:<recipient_kind>:<recipient_id>'), and the notifier
-- inserts with ON CONFLICT (dedup_key) DO NOTHING: a redelivered event adds nothing.
CREATE TABLE notifications (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipient_kind  text NOT NULL,
  recipient_id    text NOT NULL,
  kind            text NOT NULL,
  payload         jsonb NOT NULL DEFAULT '{}',
  dedup_key       text NOT NULL,
  source_event_id uuid,
  created_at      timestamptz NOT NULL DEFAULT now(),
  read_at         timestamptz,
  CONSTRAINT notifications_recipient_kind_valid CHECK (
    recipient_kind IN ('VOLUNTEER', 'ORGANISATION', 'COORDINATOR')),
  CONSTRAINT notifications_recipient_id_length CHECK (char_length(recipient_id) BETWEEN 1 AND 200),
  CONSTRAINT notifications_kind_format CHECK (kind ~ '^[a-z][a-z0-9_.]{0,99}$'),
  CONSTRAINT notifications_payload_object CHECK (jsonb_typeof(payload) = 'object'),
  CONSTRAINT notifications_dedup_key_length CHECK (char_length(dedup_key) BETWEEN 1 AND 300),
  CONSTRAINT notifications_dedup_key_key UNIQUE (dedup_key)
);
COMMENT ON COLUMN notifications.recipient_id IS
  'Volunteer id, organisation id, or coordinator JWT subject, depending on recipient_kind.';
-- ListNotifications: one recipient's inbox, newest first.
CREATE INDEX notifications_recipient
  ON notifications (recipient_kind, recipient_id, created_at DESC);
