#include "storage/volunteers/volunteer_erasure.h"

#include <pqxx/pqxx>

#include "renfort/v1/participation.pb.h"
#include "storage/outbox.h"
#include "storage/status_macros.h"
#include "storage/volunteers/participation_rows.h"
#include "storage/volunteers/sql_values.h"
#include "storage/volunteers/volunteer_rows.h"
#include "storage/volunteers/volunteer_store.h"

namespace renfort::storage {
namespace {

namespace v1 = ::renfort::v1;

// Cancels every active participation of the volunteer; returns their ids.
std::vector<std::string> CancelActiveParticipations(pqxx::transaction_base& txn,
                                                    const std::string& id, const std::string& at) {
  std::vector<std::string> cancelled;
  for (const pqxx::row& row : txn.exec_params(
           "SELECT id::text, status FROM participations WHERE volunteer_id = $1 "
           "AND status IN ('WAITLISTED', 'PENDING', 'IN_REVIEW', 'ACCEPTED') ORDER BY id FOR UPDATE",
           id)) {
    const std::string participation_id = row[0].as<std::string>();
    txn.exec_params(
        "UPDATE participations SET status = 'CANCELLED', reason = 'change_mind', "
        "  updated_at = $2::timestamptz WHERE id = $1",
        participation_id, at);
    txn.exec_params(
        "INSERT INTO participation_transitions "
        "  (participation_id, from_status, to_status, reason, actor_role, actor_id, at) "
        "VALUES ($1, $2, 'CANCELLED', 'change_mind', 'system', NULL, $3::timestamptz)",
        participation_id, row[1].as<std::string>(), at);
    cancelled.push_back(participation_id);
  }
  return cancelled;
}

// Rewrites the payloads of earlier events: a volunteer's become the erased profile, a
// participation's lose the motivation and contact details.
void ScrubOutbox(pqxx::transaction_base& txn, const std::string& id,
                 const v1::Volunteer& erased) {
  const pqxx::binarystring erased_bytes(erased.SerializeAsString());
  txn.exec_params(
      "UPDATE outbox_events SET payload = $2 WHERE aggregate_type = 'VOLUNTEER' "
      "AND aggregate_id = $1",
      id, erased_bytes);
  for (const pqxx::row& row : txn.exec_params(
           "SELECT e.id, e.payload FROM outbox_events e "
           "JOIN participations p ON e.aggregate_type = 'PARTICIPATION' "
           "  AND e.aggregate_id = p.id::text "
           "WHERE p.volunteer_id = $1",
           id)) {
    const pqxx::binarystring bytes(row[1]);
    v1::Participation participation;
    if (!participation.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) continue;
    participation.clear_motivation();
    participation.clear_participant();
    txn.exec_params("UPDATE outbox_events SET payload = $2 WHERE id = $1", row[0].as<int64_t>(),
                    pqxx::binarystring(participation.SerializeAsString()));
  }
}

}  // namespace

absl::StatusOr<v1::DeleteVolunteerResponse> EraseVolunteer(pqxx::transaction_base& txn,
                                                           const std::string& id,
                                                           absl::Time now) {
  ASSIGN_OR_RETURN(v1::Volunteer volunteer, ReadVolunteer(txn, id, /*lock=*/true));
  v1::DeleteVolunteerResponse response;
  response.set_volunteer_id(id);
  if (volunteer.status() == v1::VOLUNTEER_STATUS_DELETED) {
    *response.mutable_delete_time() = volunteer.delete_time();
    return response;
  }
  const std::string at = TimestampText(now);
  const std::vector<std::string> cancelled = CancelActiveParticipations(txn, id, at);
  response.set_cancelled_participation_count(static_cast<int>(cancelled.size()));
  response.set_declined_invitation_count(static_cast<int>(
      txn.exec_params("UPDATE invitations SET status = 'DECLINED', responded_at = $2::timestamptz "
                      "WHERE volunteer_id = $1 AND status = 'PROPOSED'",
                      id, at)
          .affected_rows()));
  response.set_anonymised_participation_count(static_cast<int>(
      txn.exec_params("UPDATE participations SET motivation = NULL WHERE volunteer_id = $1", id)
          .affected_rows()));
  txn.exec_params(
      "DELETE FROM notifications WHERE recipient_kind = 'VOLUNTEER' AND recipient_id = $1", id);
  for (const char* table : {"volunteer_weekly_slots", "volunteer_domains", "volunteer_skills"}) {
    txn.exec_params(std::string("DELETE FROM ") + table + " WHERE volunteer_id = $1", id);
  }
  txn.exec_params(
      "UPDATE volunteers SET first_name = NULL, last_name = NULL, email = NULL, phone = NULL, "
      "  birth_date = NULL, home_commune_insee_code = NULL, latitude = NULL, longitude = NULL, "
      "  available_from = NULL, available_until = NULL, paused_until = NULL, "
      "  status = 'DELETED', deleted_at = $2::timestamptz, updated_at = $2::timestamptz "
      "WHERE id = $1",
      id, at);
  ASSIGN_OR_RETURN(const v1::Volunteer erased, ReadVolunteer(txn, id));
  ScrubOutbox(txn, id, erased);
  for (const std::string& participation_id : cancelled) {
    ASSIGN_OR_RETURN(const v1::Participation participation,
                     ReadParticipation(txn, participation_id));
    AppendOutboxEvent(txn, "participation.transitioned", Aggregate::kParticipation,
                      participation_id, participation);
  }
  AppendOutboxEvent(txn, kVolunteerDeleted, Aggregate::kVolunteer, id, erased);
  *response.mutable_delete_time() = erased.delete_time();
  return response;
}

}  // namespace renfort::storage
