-- 0003: missions and what hangs off them: addresses (all in the mission's département),
-- schedule slots (dated slots for one-off missions, weekly slots for recurring ones), required
-- skills and beneficiaries. Also the French full-text search column and the indexes used by
-- ListMissions / SearchMissions / the auto-close job / coordinator statistics.

CREATE TABLE missions (
  id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id             uuid NOT NULL REFERENCES organisations (id),
  title                       text NOT NULL,
  description                 text NOT NULL DEFAULT '',
  domain_slug                 text NOT NULL REFERENCES domains (slug),
  secondary_domain_slug       text REFERENCES domains (slug),
  activity_slug               text REFERENCES activities (slug),
  prerequisites               text[] NOT NULL DEFAULT '{}',
  motivation_required         boolean NOT NULL DEFAULT false,
  format                      text NOT NULL,
  -- NULL only for REMOTE missions; every address row repeats it (see mission_addresses).
  department_code             text REFERENCES departments (code),
  schedule_kind               text NOT NULL,
  -- Local dates in the département's time zone. end_date NULL: recurring, open-ended.
  start_date                  date NOT NULL,
  end_date                    date,
  commitment_duration_minutes integer NOT NULL,
  commitment_period           text NOT NULL,
  commitment_min_months       smallint NOT NULL DEFAULT 0,
  places                      integer NOT NULL,
  -- Participations holding a place (PENDING, IN_REVIEW, ACCEPTED). Maintained only by the
  -- trigger participations_hold_places (migration 0005); the CHECK refuses overbooking.
  places_held                 integer NOT NULL DEFAULT 0,
  open_to_minors              boolean NOT NULL DEFAULT false,
  status                      text NOT NULL DEFAULT 'DRAFT',
  review_reason               text,
  reviewed_at                 timestamptz,
  reviewed_by                 text,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now(),
  published_at                timestamptz,
  closed_at                   timestamptz,
  search_vector               tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('renfort_french'::regconfig, coalesce(title, '')), 'A') ||
    setweight(to_tsvector('renfort_french'::regconfig, coalesce(description, '')), 'B')
  ) STORED,
  CONSTRAINT missions_title_length CHECK (char_length(title) BETWEEN 3 AND 200),
  CONSTRAINT missions_description_length CHECK (char_length(description) <= 10000),
  CONSTRAINT missions_secondary_domain_distinct CHECK (secondary_domain_slug <> domain_slug),
  CONSTRAINT missions_prerequisites_valid CHECK (
    cardinality(prerequisites) <= 3 AND coalesce(array_ndims(prerequisites), 1) = 1
    AND text_items_within_length(prerequisites, 200)),
  CONSTRAINT missions_format_valid CHECK (format IN ('IN_PERSON', 'REMOTE', 'HYBRID')),
  CONSTRAINT missions_department_unless_remote CHECK (
    format = 'REMOTE' OR department_code IS NOT NULL),
  CONSTRAINT missions_schedule_kind_valid CHECK (schedule_kind IN ('ONE_OFF', 'RECURRING')),
  CONSTRAINT missions_dates_ordered CHECK (end_date >= start_date),
  CONSTRAINT missions_one_off_has_end_date CHECK (
    schedule_kind = 'RECURRING' OR end_date IS NOT NULL),
  CONSTRAINT missions_commitment_duration_range CHECK (
    commitment_duration_minutes BETWEEN 1 AND 527040),
  CONSTRAINT missions_commitment_period_valid CHECK (
    commitment_period IN ('DAY', 'WEEK', 'MONTH', 'TOTAL')),
  CONSTRAINT missions_commitment_min_months_range CHECK (commitment_min_months BETWEEN 0 AND 120),
  CONSTRAINT missions_places_range CHECK (places BETWEEN 1 AND 10000),
  CONSTRAINT missions_places_held_range CHECK (places_held BETWEEN 0 AND places),
  CONSTRAINT missions_status_valid CHECK (
    status IN ('DRAFT', 'PENDING_REVIEW', 'PUBLISHED', 'PAUSED', 'CLOSED', 'CANCELLED')),
  CONSTRAINT missions_review_reason_length CHECK (char_length(review_reason) <= 2000),
  CONSTRAINT missions_published_at_set CHECK (
    status NOT IN ('PUBLISHED', 'PAUSED', 'CLOSED') OR published_at IS NOT NULL),
  CONSTRAINT missions_closed_at_iff_ended CHECK (
    (status IN ('CLOSED', 'CANCELLED')) = (closed_at IS NOT NULL)),
  -- Target of mission_addresses' composite foreign key.
  CONSTRAINT missions_id_department_key UNIQUE (id, department_code)
);
COMMENT ON TABLE missions IS
  'status: DRAFT -> PENDING_REVIEW -> PUBLISHED -> CLOSED; PUBLISHED <-> PAUSED; any -> CANCELLED.';
COMMENT ON COLUMN missions.places_held IS
  'Number of PENDING/IN_REVIEW/ACCEPTED participations; written only by the trigger '
  'participations_hold_places.';
COMMENT ON COLUMN missions.closed_at IS 'When the mission became CLOSED or CANCELLED.';

CREATE TRIGGER missions_set_updated_at BEFORE UPDATE ON missions
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- ListMissions of an organisation, optionally by status, newest first.
CREATE INDEX missions_organisation_status ON missions (organisation_id, status, created_at DESC);
-- SearchMissions filters on published missions: by département (+ domain), by domain
-- nationally, remote/hybrid ones, each ordered by start date.
CREATE INDEX missions_published_department ON missions (department_code, domain_slug, start_date)
  WHERE status = 'PUBLISHED';
CREATE INDEX missions_published_domain ON missions (domain_slug, start_date)
  WHERE status = 'PUBLISHED';
CREATE INDEX missions_published_secondary_domain ON missions (secondary_domain_slug, start_date)
  WHERE status = 'PUBLISHED' AND secondary_domain_slug IS NOT NULL;
CREATE INDEX missions_published_remote ON missions (start_date)
  WHERE status = 'PUBLISHED' AND format IN ('REMOTE', 'HYBRID');
-- Full-text search (query with websearch_to_tsquery('renfort_french', ...)) and typo-tolerant
-- title matching (lower(unaccent_immutable(title)) % lower(unaccent_immutable($1))).
CREATE INDEX missions_search ON missions USING gin (search_vector);
CREATE INDEX missions_title_trgm
  ON missions USING gin (lower(unaccent_immutable(title)) gin_trgm_ops);
-- Review queue per département, and the job closing missions a month after their end date.
CREATE INDEX missions_pending_review ON missions (department_code, updated_at)
  WHERE status = 'PENDING_REVIEW';
CREATE INDEX missions_to_close ON missions (end_date) WHERE status IN ('PUBLISHED', 'PAUSED');
-- Coordinator statistics over all missions of a département / domain.
CREATE INDEX missions_department_domain ON missions (department_code, domain_slug);

-- Where an in-person or hybrid mission takes place. The composite foreign key to
-- missions (id, department_code) makes every address of a mission lie in the mission's
-- département; the one to communes makes department_code the commune's. To move a mission to
-- another département, delete its addresses first, update it, then insert the new ones.
CREATE TABLE mission_addresses (
  mission_id         uuid NOT NULL,
  position           smallint NOT NULL,
  label              text NOT NULL,
  commune_insee_code text NOT NULL,
  department_code    text NOT NULL,
  latitude           double precision NOT NULL,
  longitude          double precision NOT NULL,
  PRIMARY KEY (mission_id, position),
  CONSTRAINT mission_addresses_mission_fkey FOREIGN KEY (mission_id, department_code)
    REFERENCES missions (id, department_code) ON DELETE CASCADE,
  CONSTRAINT mission_addresses_commune_fkey FOREIGN KEY (commune_insee_code, department_code)
    REFERENCES communes (insee_code, department_code),
  CONSTRAINT mission_addresses_position_range CHECK (position BETWEEN 0 AND 99),
  CONSTRAINT mission_addresses_label_length CHECK (char_length(label) BETWEEN 1 AND 300),
  CONSTRAINT mission_addresses_latitude_range CHECK (latitude BETWEEN -90 AND 90),
  CONSTRAINT mission_addresses_longitude_range CHECK (longitude BETWEEN -180 AND 180)
);
-- "Near lat/lon within a radius" (also used for volunteers_location): a degree box that
-- contains the circle, served by the index, then the exact great-circle distance:
--   point(longitude, latitude) <@ box(point($lon - $dlon, $lat - $dlat),
--                                     point($lon + $dlon, $lat + $dlat))
--   AND earth_distance(ll_to_earth($lat, $lon), ll_to_earth(latitude, longitude)) <= $metres
-- with $dlat = $metres / 111195.0 and $dlon = $dlat / cos(radians($lat)).
-- Why point() and not a GiST on ll_to_earth(latitude, longitude): (1) earthdistance 1.1 (the
-- version of PostgreSQL 15) resolves its type names through search_path, so pg_dump/restore
-- fails to rebuild such an index ("type earth does not exist") and the backup silently lacks
-- it; (2) PostgreSQL 15 builds a point GiST sorted: 1.5 s for 1M rows, against 23 s for the
-- cube one.
CREATE INDEX mission_addresses_location ON mission_addresses
  USING gist (point(longitude, latitude));

-- Dates and times of a ONE_OFF mission. Slots of one mission never overlap.
CREATE TABLE mission_dated_slots (
  mission_id uuid NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  starts_at  timestamptz NOT NULL,
  ends_at    timestamptz NOT NULL,
  PRIMARY KEY (mission_id, starts_at),
  CONSTRAINT mission_dated_slots_ends_after_start CHECK (ends_at > starts_at),
  CONSTRAINT mission_dated_slots_no_overlap EXCLUDE USING gist (
    mission_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
);

-- Weekly hours of a RECURRING mission, local to the département's time zone. weekday is ISO
-- (1 = Monday … 7 = Sunday); minutes after local midnight, end exclusive, so back-to-back slots
-- (10:00–12:00, 12:00–14:00) are allowed while overlapping ones are refused. A slot never
-- crosses midnight: split it in two.
CREATE TABLE mission_weekly_slots (
  mission_id   uuid NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  weekday      smallint NOT NULL,
  start_minute smallint NOT NULL,
  end_minute   smallint NOT NULL,
  PRIMARY KEY (mission_id, weekday, start_minute),
  CONSTRAINT mission_weekly_slots_weekday_range CHECK (weekday BETWEEN 1 AND 7),
  CONSTRAINT mission_weekly_slots_minutes_range CHECK (
    start_minute BETWEEN 0 AND 1440 AND end_minute BETWEEN 0 AND 1440
    AND end_minute > start_minute),
  CONSTRAINT mission_weekly_slots_no_overlap EXCLUDE USING gist (
    mission_id WITH =, weekday WITH =, int4range(start_minute, end_minute) WITH &&)
);

CREATE TABLE mission_skills (
  mission_id uuid NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  skill_slug text NOT NULL REFERENCES skills (slug),
  PRIMARY KEY (mission_id, skill_slug)
);
CREATE INDEX mission_skills_skill ON mission_skills (skill_slug, mission_id);

CREATE TABLE mission_beneficiaries (
  mission_id       uuid NOT NULL REFERENCES missions (id) ON DELETE CASCADE,
  beneficiary_slug text NOT NULL REFERENCES beneficiary_kinds (slug),
  PRIMARY KEY (mission_id, beneficiary_slug)
);
