-- 0006: invitations, the matching proposals sent to volunteers (InviteVolunteers). They also
-- serve as the exposure log for fairness: how many times a volunteer was solicited this month.

CREATE TABLE invitations (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  mission_id       uuid NOT NULL REFERENCES missions (id),
  volunteer_id     uuid NOT NULL REFERENCES volunteers (id),
  -- Matching score in [0, 1] and its per-factor breakdown at invitation time.
  score            real NOT NULL,
  explanation      jsonb NOT NULL DEFAULT '{}',
  status           text NOT NULL DEFAULT 'PROPOSED',
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  responded_at     timestamptz,
  -- The participation created (origin INVITED) when the volunteer accepted.
  participation_id uuid,
  CONSTRAINT invitations_score_range CHECK (score BETWEEN 0 AND 1),
  CONSTRAINT invitations_explanation_object CHECK (jsonb_typeof(explanation) = 'object'),
  CONSTRAINT invitations_status_valid CHECK (
    status IN ('PROPOSED', 'ACCEPTED', 'DECLINED', 'EXPIRED')),
  CONSTRAINT invitations_responded_at_iff_answered CHECK (
    (status IN ('ACCEPTED', 'DECLINED')) = (responded_at IS NOT NULL)),
  CONSTRAINT invitations_participation_iff_accepted CHECK (
    (status = 'ACCEPTED') = (participation_id IS NOT NULL)),
  -- The participation is for the same mission and volunteer as the invitation.
  CONSTRAINT invitations_participation_fkey FOREIGN KEY (participation_id, mission_id, volunteer_id)
    REFERENCES participations (id, mission_id, volunteer_id),
  CONSTRAINT invitations_participation_key UNIQUE (participation_id)
);
COMMENT ON TABLE invitations IS
  'PROPOSED -> ACCEPTED (creates a participation, origin INVITED) | DECLINED | EXPIRED.';

-- At most one pending proposal per (mission, volunteer).
CREATE UNIQUE INDEX invitations_proposed_key ON invitations (mission_id, volunteer_id)
  WHERE status = 'PROPOSED';
-- Fairness: invitations of one volunteer since the start of the month; also the volunteer's
-- list of invitations.
CREATE INDEX invitations_volunteer_created ON invitations (volunteer_id, created_at);
-- Volunteers already solicited for a mission (InviteVolunteers skips them).
CREATE INDEX invitations_mission ON invitations (mission_id, volunteer_id);
-- The job that expires unanswered proposals.
CREATE INDEX invitations_expiry ON invitations (expires_at) WHERE status = 'PROPOSED';
