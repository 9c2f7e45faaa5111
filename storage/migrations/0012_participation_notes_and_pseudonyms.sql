-- 0012: what participations need beyond 0005.
-- * participation_transitions.note: the free-text note of TransitionParticipationRequest, kept
--   with the transition and shown to the other party (up to 1000 characters).
-- * pseudonym_keys: the per-deployment secret with which exports to coordinators replace
--   volunteer ids by HMAC-SHA256 pseudonyms. Generated once, here, from PostgreSQL's strong
--   random source (gen_random_uuid), so every deployment (every database) has its own key and
--   pseudonyms stay stable across exports of that deployment. Never returned by any RPC.

ALTER TABLE participation_transitions ADD COLUMN note text;
ALTER TABLE participation_transitions ADD CONSTRAINT participation_transitions_note_length
  CHECK (char_length(note) <= 1000);

CREATE TABLE pseudonym_keys (
  purpose    text PRIMARY KEY,
  secret     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT pseudonym_keys_secret_length CHECK (char_length(secret) >= 32)
);
COMMENT ON TABLE pseudonym_keys IS
  'Secrets of the pseudonyms in exports, one per purpose; generated at migration time.';

INSERT INTO pseudonym_keys (purpose, secret)
VALUES ('participation_export', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

-- Time to first application per mission (statistics): the first participation of a mission.
CREATE INDEX participations_mission_created ON participations (mission_id, created_at);
-- The export order (create_time, then id) as one index, so each keyset batch is a range scan.
CREATE INDEX participations_created_id ON participations (created_at, id);
-- Hours given and no-show rate over a time window: the transitions that ended participations.
CREATE INDEX participation_transitions_ended ON participation_transitions (at, to_status)
  WHERE to_status IN ('DONE', 'NO_SHOW');
