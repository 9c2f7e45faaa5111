-- 0005: participations (applications and accepted invitations), their full transition history,
-- and the trigger that keeps missions.places_held equal to the number of participations
-- holding a place, so that the CHECK missions_places_held_range refuses overbooking even under
-- concurrent requests (the trigger's UPDATE locks the mission row; concurrent transactions
-- queue on it and each sees the count left by the previous one).

CREATE TABLE participations (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mission_id     uuid NOT NULL REFERENCES missions (id),
  volunteer_id   uuid NOT NULL REFERENCES volunteers (id),
  origin         text NOT NULL,
  status         text NOT NULL,
  reason         text,
  motivation     text,
  hours_done     numeric(6, 2),
  checked_in_at  timestamptz,
  checked_out_at timestamptz,
  -- When the volunteer joined the waitlist; the waitlist is served in (waitlisted_at, id)
  -- order. Kept after promotion, for statistics.
  waitlisted_at  timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT participations_origin_valid CHECK (origin IN ('APPLIED', 'INVITED')),
  CONSTRAINT participations_status_valid CHECK (status IN (
    'WAITLISTED', 'PENDING', 'IN_REVIEW', 'ACCEPTED', 'REFUSED', 'CANCELLED', 'DONE', 'NO_SHOW')),
  CONSTRAINT participations_reason_valid CHECK (reason IN (
    'no_response', 'requirements_not_fulfilled', 'not_available', 'change_mind',
    'mission_terminated', 'other')),
  CONSTRAINT participations_reason_only_when_ended CHECK (
    reason IS NULL OR status IN ('REFUSED', 'CANCELLED')),
  CONSTRAINT participations_motivation_length CHECK (char_length(motivation) <= 2000),
  CONSTRAINT participations_hours_done_iff_done CHECK (
    (status = 'DONE') = (hours_done IS NOT NULL)),
  CONSTRAINT participations_hours_done_range CHECK (hours_done BETWEEN 0 AND 1000),
  CONSTRAINT participations_check_out_after_check_in CHECK (
    checked_out_at IS NULL OR (checked_in_at IS NOT NULL AND checked_out_at >= checked_in_at)),
  CONSTRAINT participations_waitlisted_at_set CHECK (
    status <> 'WAITLISTED' OR waitlisted_at IS NOT NULL),
  -- Target of invitations' composite foreign key (same mission and volunteer).
  CONSTRAINT participations_id_mission_volunteer_key UNIQUE (id, mission_id, volunteer_id)
);
COMMENT ON TABLE participations IS
  'WAITLISTED -> PENDING -> IN_REVIEW -> ACCEPTED | REFUSED; active -> CANCELLED; '
  'ACCEPTED -> DONE (hours_done) | NO_SHOW. PENDING, IN_REVIEW and ACCEPTED hold a place.';
COMMENT ON COLUMN participations.hours_done IS 'Hours given, set exactly when status = DONE.';

CREATE TRIGGER participations_set_updated_at BEFORE UPDATE ON participations
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- One active participation per (mission, volunteer); a new one is allowed once the previous
-- one is REFUSED, CANCELLED, DONE or NO_SHOW.
CREATE UNIQUE INDEX participations_active_key ON participations (mission_id, volunteer_id)
  WHERE status IN ('WAITLISTED', 'PENDING', 'IN_REVIEW', 'ACCEPTED');
-- ListParticipations by mission (and status), by volunteer; the waitlist in serving order;
-- statistics and export over a time window.
CREATE INDEX participations_mission_status ON participations (mission_id, status, created_at);
CREATE INDEX participations_volunteer ON participations (volunteer_id, created_at DESC);
CREATE INDEX participations_waitlist ON participations (mission_id, waitlisted_at, id)
  WHERE status = 'WAITLISTED';
CREATE INDEX participations_created ON participations (created_at);

-- True for the statuses that hold one of the mission's places.
CREATE FUNCTION participation_status_holds_place(status text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT status IN ('PENDING', 'IN_REVIEW', 'ACCEPTED') $$;

-- AFTER trigger: moves places_held by +1/-1 when a participation starts or stops holding a
-- place (insert, status change, mission change, delete). When the mission is full, the +1
-- fails with check_violation on missions_places_held_range.
CREATE FUNCTION participations_hold_places() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  released_mission uuid;
  taken_mission    uuid;
BEGIN
  IF TG_OP <> 'INSERT' AND participation_status_holds_place(OLD.status) THEN
    released_mission := OLD.mission_id;
  END IF;
  IF TG_OP <> 'DELETE' AND participation_status_holds_place(NEW.status) THEN
    taken_mission := NEW.mission_id;
  END IF;
  IF released_mission IS NOT DISTINCT FROM taken_mission THEN
    RETURN NULL;
  END IF;
  IF released_mission IS NOT NULL THEN
    UPDATE missions SET places_held = places_held - 1 WHERE id = released_mission;
  END IF;
  IF taken_mission IS NOT NULL THEN
    UPDATE missions SET places_held = places_held + 1 WHERE id = taken_mission;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER participations_hold_places
  AFTER INSERT OR DELETE OR UPDATE OF status, mission_id ON participations
  FOR EACH ROW EXECUTE FUNCTION participations_hold_places();

-- Every status change, with who made it. Written by the service in the transaction that
-- changes participations.status (from_status NULL for the creation).
CREATE TABLE participation_transitions (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  participation_id uuid NOT NULL REFERENCES participations (id),
  from_status      text,
  to_status        text NOT NULL,
  reason           text,
  actor_role       text NOT NULL,
  actor_id         text,
  at               timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT participation_transitions_from_status_valid CHECK (from_status IN (
    'WAITLISTED', 'PENDING', 'IN_REVIEW', 'ACCEPTED', 'REFUSED', 'CANCELLED', 'DONE', 'NO_SHOW')),
  CONSTRAINT participation_transitions_to_status_valid CHECK (to_status IN (
    'WAITLISTED', 'PENDING', 'IN_REVIEW', 'ACCEPTED', 'REFUSED', 'CANCELLED', 'DONE', 'NO_SHOW')),
  CONSTRAINT participation_transitions_changes_status CHECK (from_status <> to_status),
  CONSTRAINT participation_transitions_reason_valid CHECK (reason IN (
    'no_response', 'requirements_not_fulfilled', 'not_available', 'change_mind',
    'mission_terminated', 'other')),
  CONSTRAINT participation_transitions_reason_only_when_ended CHECK (
    reason IS NULL OR to_status IN ('REFUSED', 'CANCELLED')),
  -- JWT roles of DESIGN.md §3, plus 'system' for automatic changes (waitlist promotion,
  -- expiry), which have no actor id.
  CONSTRAINT participation_transitions_actor_role_valid CHECK (
    actor_role IN ('volunteer', 'org_manager', 'coordinator', 'admin', 'system')),
  CONSTRAINT participation_transitions_actor_id_set CHECK (
    (actor_role = 'system') = (actor_id IS NULL))
);
COMMENT ON TABLE participation_transitions IS 'Append-only history of participation statuses.';
CREATE INDEX participation_transitions_participation
  ON participation_transitions (participation_id, id);
