-- 0010: wake the outbox relay as soon as events commit, instead of letting it poll.
-- A statement-level trigger sends one NOTIFY per inserting statement; PostgreSQL delivers it at
-- commit (and drops it on rollback), and folds duplicates within one transaction.

CREATE FUNCTION outbox_events_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('renfort_outbox', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER outbox_events_notify_relay
  AFTER INSERT ON outbox_events
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_events_notify();

-- Published rows are deleted after a retention period; this index finds them.
CREATE INDEX outbox_events_published_at ON outbox_events (published_at)
  WHERE published_at IS NOT NULL;
