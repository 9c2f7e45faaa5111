-- 0014: the coordinators' inbox is their département's. Coordinators exist only as token
-- subjects with départements in their claims (`dept_codes`), and no table lists them, so the
-- notifier cannot write one row per coordinator: a COORDINATOR notification is addressed to a
-- département (its INSEE code) and every coordinator of that département, present or future,
-- reads it through ListNotifications(department_code).

COMMENT ON COLUMN notifications.recipient_id IS
  'Volunteer id, organisation id, or département code (59, 2A, 974), by recipient_kind.';

ALTER TABLE notifications ADD CONSTRAINT notifications_coordinator_recipient_is_department CHECK (
  recipient_kind <> 'COORDINATOR' OR recipient_id ~ '^(0[1-9]|[1-8][0-9]|9[0-5]|2[AB]|97[1-6])$');
