-- 0011: what MissionService needs to store its protos without loss, added to 0002/0003.
-- Everything here is additive or loosens a constraint, so rows written before stay valid.
--
-- * Organisations: the seat's address parts (label, street, postal code) and the network as
--   the slug the API and coordinators' tokens use (networks.id is an internal uuid).
-- * Managers: the display name and contact email of OrganisationManager.
-- * Missions: an optional commitment (Commitment is optional in the API) with its minimum span
--   in any unit; 'YEAR' joins the periods ('TOTAL' is the API's ONCE).
-- * Addresses: street and postal code; the label becomes optional as in the API.
-- * Dated slots: the local date and minutes as given, so a slot reads back exactly as written
--   even across daylight-saving changes (starts_at/ends_at stay, for overlap checks in UTC).
-- * missions.weekdays: the ISO weekdays of a recurring mission's weekly slots as a bit set
--   (bit 0 = Monday), written with the slots, so SearchMissions computes "the next date the
--   mission takes place" without reading the slots of every candidate.
-- * haversine_km: the API's one distance formula (sphere of radius 6371.0088 km), also used by
--   matching; earthdistance's earth_distance() uses another radius.

ALTER TABLE organisations
  ADD COLUMN address_label       text,
  ADD COLUMN address_street      text,
  ADD COLUMN address_postal_code text,
  ADD COLUMN network_slug        text,
  ADD CONSTRAINT organisations_network_slug_format CHECK (network_slug ~ '^[a-z][a-z0-9_]{0,99}$'),
  ADD CONSTRAINT organisations_address_parts_length CHECK (
    char_length(address_label) <= 100 AND char_length(address_street) <= 200
    AND char_length(address_postal_code) <= 5);
CREATE UNIQUE INDEX organisations_rna_key ON organisations (rna) WHERE rna IS NOT NULL;
CREATE INDEX organisations_network_slug ON organisations (network_slug)
  WHERE network_slug IS NOT NULL;
-- ListOrganisations pages by (name, id).
CREATE INDEX organisations_name_id ON organisations (name, id);

ALTER TABLE organisation_managers
  ADD COLUMN display_name text,
  ADD COLUMN email        text,
  ADD CONSTRAINT organisation_managers_display_name_length CHECK (char_length(display_name) <= 100),
  ADD CONSTRAINT organisation_managers_email_length CHECK (char_length(email) <= 254);

ALTER TABLE missions
  ALTER COLUMN commitment_duration_minutes DROP NOT NULL,
  ALTER COLUMN commitment_period DROP NOT NULL,
  DROP CONSTRAINT missions_commitment_period_valid,
  ADD CONSTRAINT missions_commitment_period_valid CHECK (
    commitment_period IN ('DAY', 'WEEK', 'MONTH', 'YEAR', 'TOTAL')),
  ADD COLUMN commitment_minimum_span      smallint NOT NULL DEFAULT 0,
  ADD COLUMN commitment_minimum_span_unit text,
  ADD CONSTRAINT missions_commitment_minimum_span_range CHECK (
    commitment_minimum_span BETWEEN 0 AND 120),
  ADD CONSTRAINT missions_commitment_minimum_span_unit_valid CHECK (
    commitment_minimum_span_unit IN ('DAY', 'WEEK', 'MONTH', 'YEAR'));
ALTER TABLE missions
  ADD COLUMN weekdays smallint NOT NULL DEFAULT 0,
  ADD CONSTRAINT missions_weekdays_range CHECK (weekdays BETWEEN 0 AND 127);
-- ListMissions pages by (created_at DESC, id DESC).
CREATE INDEX missions_created_id ON missions (created_at DESC, id DESC);

ALTER TABLE mission_addresses
  ALTER COLUMN label DROP NOT NULL,
  ADD COLUMN street      text,
  ADD COLUMN postal_code text,
  ADD CONSTRAINT mission_addresses_parts_length CHECK (
    char_length(street) <= 200 AND char_length(postal_code) <= 5);

ALTER TABLE mission_dated_slots
  ADD COLUMN local_date   date,
  ADD COLUMN start_minute smallint,
  ADD COLUMN end_minute   smallint,
  ADD CONSTRAINT mission_dated_slots_minutes_range CHECK (
    start_minute BETWEEN 0 AND 1439 AND end_minute BETWEEN 1 AND 1440
    AND end_minute > start_minute);
CREATE INDEX mission_dated_slots_local_date ON mission_dated_slots (mission_id, local_date);

-- Not STRICT, so that the planner inlines it into queries (a STRICT SQL function whose body
-- is not strict is called row by row, ~10x slower over thousands of addresses).
CREATE FUNCTION haversine_km(lat1 double precision, lon1 double precision,
                             lat2 double precision, lon2 double precision)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT 2 * 6371.0088 * asin(least(1, sqrt(
    sin(radians(lat2 - lat1) / 2) ^ 2
    + cos(radians(lat1)) * cos(radians(lat2)) * sin(radians(lon2 - lon1) / 2) ^ 2)))
$$;

-- Days from `first_day` to the first day on or after it whose ISO weekday is in `weekdays`
-- (bit 0 = Monday); NULL when the set is empty. Inlined by the planner (not STRICT).
CREATE FUNCTION next_weekday_offset(weekdays integer, first_day date) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN weekdays & (1 << ((extract(isodow FROM first_day)::int - 1) % 7)) <> 0 THEN 0
    WHEN weekdays & (1 << ((extract(isodow FROM first_day)::int) % 7)) <> 0 THEN 1
    WHEN weekdays & (1 << ((extract(isodow FROM first_day)::int + 1) % 7)) <> 0 THEN 2
    WHEN weekdays & (1 << ((extract(isodow FROM first_day)::int + 2) % 7)) <> 0 THEN 3
    WHEN weekdays & (1 << ((extract(isodow FROM first_day)::int + 3) % 7)) <> 0 THEN 4
    WHEN weekdays & (1 << ((extract(isodow FROM first_day)::int + 4) % 7)) <> 0 THEN 5
    WHEN weekdays & (1 << ((extract(isodow FROM first_day)::int + 5) % 7)) <> 0 THEN 6
  END
$$;
