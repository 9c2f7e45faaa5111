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

// Cancels every active participation of the volunteer; returns their ids, and in
// `freed_missions` the missions where one held a place.
std::vector<std::string> CancelActiveParticipations(pqxx::transaction_base& txn,
                                                    const std::string& id, const std::string& at,
                                                    std::vector<std::string>& freed_missions) {
  std::vector<std::string> cancelled;
  for (const pqxx::row& row : txn.exec_params(
           "SELECT id::text, status, mission_id::text FROM participations WHERE volunteer_id = $1 "
           "AND status IN ('WAITLISTED', 'PENDING', 'IN_REVIEW', 'ACCEPTED') ORDER BY id FOR UPDATE",
           id)) {
    if (row[1].as<std::string>() != "WAITLISTED") freed_missions.push_back(row[2].as<std::string>());
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

// A cancelled participation that held a place frees it: the mission's waitlist moves up, oldest
// first, as after any other cancellation (the missions service's rule: only while the mission
// still takes volunteers and has places left). Returns the promoted participations' ids.
std::vector<std::string> PromoteWaitlisted(pqxx::transaction_base& txn,
                                           const std::vector<std::string>& mission_ids,
                                           const std::string& at) {
  std::vector<std::string> promoted;
  for (const std::string& mission_id : mission_ids) {
    while (true) {
      const pqxx::result first = txn.exec_params(
          "SELECT p.id::text FROM participations p JOIN missions m ON m.id = p.mission_id "
          "WHERE p.mission_id = $1::uuid AND p.status = 'WAITLISTED' "
          "  AND m.places_held < m.places AND m.status IN ('PUBLISHED', 'PAUSED') "
          "ORDER BY p.waitlisted_at, p.id LIMIT 1 FOR UPDATE OF p",
          mission_id);
      if (first.empty()) break;
      const std::string id = first[0][0].as<std::string>();
      txn.exec_params(
          "UPDATE participations SET status = 'PENDING', updated_at = $2::timestamptz WHERE id = $1",
          id, at);
      txn.exec_params(
          "INSERT INTO participation_transitions "
          "  (participation_id, from_status, to_status, actor_role, actor_id, at) "
          "VALUES ($1, 'WAITLISTED', 'PENDING', 'system', NULL, $2::timestamptz)",
          id, at);
      promoted.push_back(id);
    }
  }
  return promoted;
}

// Free-text notes on the volunteer's participation transitions (migration 0012 of the missions
// service) may name them: they go too. Checked at run time so the erasure works on a schema with
// or without that column.
void ClearTransitionNotes(pqxx::transaction_base& txn, const std::string& id) {
  if (txn.exec("SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
               "AND table_name = 'participation_transitions' AND column_name = 'note'")
          .empty()) {
    return;
  }
  txn.exec_params(
      "UPDATE participation_transitions SET note = NULL WHERE participation_id IN "
      "(SELECT id FROM participations WHERE volunteer_id = $1::uuid)",
      id);
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
  std::vector<std::string> freed_missions;
  const std::vector<std::string> cancelled =
      CancelActiveParticipations(txn, id, at, freed_missions);
  const std::vector<std::string> promoted = PromoteWaitlisted(txn, freed_missions, at);
  ClearTransitionNotes(txn, id);
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
  for (const std::vector<std::string>* changed : {&cancelled, &promoted}) {
    for (const std::string& participation_id : *changed) {
      ASSIGN_OR_RETURN(const v1::Participation participation,
                       ReadParticipationForExport(txn, participation_id));
      AppendOutboxEvent(txn, "participation.transitioned", Aggregate::kParticipation,
                        participation_id, participation);
    }
  }
  AppendOutboxEvent(txn, kVolunteerDeleted, Aggregate::kVolunteer, id, erased);
  *response.mutable_delete_time() = erased.delete_time();
  return response;
}

}  // namespace renfort::storage
