-- 0013: recording a volunteer's activity (last_active_at, touched when they call any RPC with
-- their own token) must not count as a profile change: Volunteer.update_time is "when the
-- profile or availability was last changed". The volunteers trigger now leaves updated_at alone
-- when nothing but last_active_at changed; every other update is stamped as before.

CREATE FUNCTION volunteers_set_updated_at() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at
     AND (to_jsonb(NEW) - 'last_active_at') IS DISTINCT FROM (to_jsonb(OLD) - 'last_active_at') THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END
$$;

DROP TRIGGER volunteers_set_updated_at ON volunteers;
CREATE TRIGGER volunteers_set_updated_at BEFORE UPDATE ON volunteers
  FOR EACH ROW EXECUTE FUNCTION volunteers_set_updated_at();

-- The retention job's scan: volunteers by last activity.
CREATE INDEX volunteers_last_active ON volunteers (last_active_at) WHERE status <> 'DELETED';
