-- 0002: organisations (associations, local authorities, public bodies…), the national networks
-- (réseaux) they may belong to, and the managers allowed to act for them (JWT subjects).
-- An organisation's location is its commune; latitude/longitude/department_code are derived
-- from the commune (or a geocoded address) by the service and kept here for filtering.

CREATE TABLE networks (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name                 text NOT NULL,
  -- The head organisation coordinates the members; set once it exists (see the FK below).
  head_organisation_id uuid,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT networks_name_length CHECK (char_length(name) BETWEEN 2 AND 200)
);
COMMENT ON TABLE networks IS 'National networks (réseaux) of organisations, e.g. a federation.';
CREATE UNIQUE INDEX networks_name_key ON networks (lower(name));

CREATE TABLE organisations (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name               text NOT NULL,
  kind               text NOT NULL,
  siret              text,
  rna                text,
  network_id         uuid REFERENCES networks (id),
  address_line       text NOT NULL,
  commune_insee_code text NOT NULL,
  department_code    text NOT NULL,
  latitude           double precision NOT NULL,
  longitude          double precision NOT NULL,
  status             text NOT NULL DEFAULT 'PENDING_REVIEW',
  review_reason      text,
  reviewed_at        timestamptz,
  reviewed_by        text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT organisations_name_length CHECK (char_length(name) BETWEEN 2 AND 200),
  CONSTRAINT organisations_kind_valid CHECK (
    kind IN ('ASSOCIATION', 'LOCAL_AUTHORITY', 'PUBLIC_BODY', 'PRIVATE_ORGANISATION', 'OTHER')),
  -- SIRET: 14 digits (SIREN + establishment); RNA: the associations register, W + 9 digits.
  CONSTRAINT organisations_siret_format CHECK (siret ~ '^[0-9]{14}$'),
  CONSTRAINT organisations_rna_format CHECK (rna ~ '^W[0-9]{9}$'),
  CONSTRAINT organisations_address_line_length CHECK (char_length(address_line) BETWEEN 1 AND 300),
  CONSTRAINT organisations_commune_fkey FOREIGN KEY (commune_insee_code, department_code)
    REFERENCES communes (insee_code, department_code),
  CONSTRAINT organisations_latitude_range CHECK (latitude BETWEEN -90 AND 90),
  CONSTRAINT organisations_longitude_range CHECK (longitude BETWEEN -180 AND 180),
  CONSTRAINT organisations_status_valid CHECK (
    status IN ('PENDING_REVIEW', 'VALIDATED', 'REFUSED', 'SUSPENDED')),
  CONSTRAINT organisations_reviewed_unless_pending CHECK (
    status = 'PENDING_REVIEW' OR (reviewed_at IS NOT NULL AND reviewed_by IS NOT NULL)),
  CONSTRAINT organisations_review_reason_length CHECK (char_length(review_reason) <= 2000)
);
COMMENT ON TABLE organisations IS
  'Organisations that post missions. status: PENDING_REVIEW -> VALIDATED | REFUSED; '
  'VALIDATED <-> SUSPENDED.';
COMMENT ON COLUMN organisations.reviewed_by IS 'JWT subject of the coordinator/admin who reviewed.';

CREATE UNIQUE INDEX organisations_siret_key ON organisations (siret) WHERE siret IS NOT NULL;
-- ListOrganisations for a coordinator (département, status) and the review queue.
CREATE INDEX organisations_department_status
  ON organisations (department_code, status, created_at);
CREATE INDEX organisations_status_created ON organisations (status, created_at);
-- Members of a network, for a network head.
CREATE INDEX organisations_network ON organisations (network_id) WHERE network_id IS NOT NULL;
CREATE INDEX organisations_rna ON organisations (rna) WHERE rna IS NOT NULL;

ALTER TABLE networks ADD CONSTRAINT networks_head_organisation_fkey
  FOREIGN KEY (head_organisation_id) REFERENCES organisations (id);

CREATE TRIGGER networks_set_updated_at BEFORE UPDATE ON networks
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE TRIGGER organisations_set_updated_at BEFORE UPDATE ON organisations
  FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Who may manage an organisation: `subject` is the user id carried by the manager's JWT.
CREATE TABLE organisation_managers (
  organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  subject         text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, subject),
  CONSTRAINT organisation_managers_subject_length CHECK (char_length(subject) BETWEEN 1 AND 200)
);
-- The organisations one manager acts for.
CREATE INDEX organisation_managers_subject ON organisation_managers (subject);
