#include "storage/missions/mission_ending.h"

#include <optional>
#include <pqxx/pqxx>

#include "renfort/v1/participation.pb.h"
#include "storage/sql_values.h"
#include "storage/outbox.h"

namespace renfort::storage {
namespace {

constexpr char kCancelParticipations[] = R"sql(
  WITH old AS (
    SELECT id, status FROM participations
    WHERE mission_id = $1 AND status = ANY($2::text[])
    FOR UPDATE
  ), cancelled AS (
    UPDATE participations p
    SET status = 'CANCELLED', reason = 'mission_terminated',
        updated_at = to_timestamp($5::double precision / 1000000)
    FROM old WHERE p.id = old.id
    RETURNING p.id, old.status AS from_status, p.volunteer_id, p.origin,
              coalesce(p.motivation, '') AS motivation,
              (extract(epoch FROM p.created_at) * 1000000)::bigint AS created_micros
  ), transitions AS (
    INSERT INTO participation_transitions (participation_id, from_status, to_status, reason,
                                           actor_role, actor_id, at)
    SELECT id, from_status, 'CANCELLED', 'mission_terminated', $3, $4,
           to_timestamp($5::double precision / 1000000)
    FROM cancelled
  )
  SELECT id, from_status, volunteer_id, origin, motivation, created_micros
  FROM cancelled ORDER BY id)sql";

constexpr char kExpireInvitations[] = R"sql(
  UPDATE invitations SET status = 'EXPIRED' WHERE mission_id = $1 AND status = 'PROPOSED')sql";

v1::ActorRole ActorRoleFromName(absl::string_view role) {
  if (role == "org_manager") return v1::ACTOR_ROLE_ORG_MANAGER;
  if (role == "coordinator") return v1::ACTOR_ROLE_COORDINATOR;
  if (role == "admin") return v1::ACTOR_ROLE_ADMIN;
  if (role == "volunteer") return v1::ACTOR_ROLE_VOLUNTEER;
  return v1::ACTOR_ROLE_SYSTEM;
}

}  // namespace

const std::vector<std::string>& OpenApplicationStatuses() {
  static const auto* const kStatuses =
      new std::vector<std::string>{"WAITLISTED", "PENDING", "IN_REVIEW"};
  return *kStatuses;
}

const std::vector<std::string>& ActiveParticipationStatuses() {
  static const auto* const kStatuses =
      new std::vector<std::string>{"WAITLISTED", "PENDING", "IN_REVIEW", "ACCEPTED"};
  return *kStatuses;
}

int CancelParticipations(pqxx::transaction_base& txn, absl::string_view mission_id,
                         absl::string_view organisation_id,
                         const std::vector<std::string>& statuses, absl::string_view actor_role,
                         absl::string_view actor_id, absl::Time now) {
  const int64_t micros = absl::ToUnixMicros(now);
  std::optional<std::string> actor;
  if (!actor_id.empty()) actor = std::string(actor_id);
  const pqxx::result rows =
      txn.exec_params(kCancelParticipations, std::string(mission_id), ToPgArray(statuses),
                      std::string(actor_role), actor, micros);
  for (const pqxx::row& row : rows) {
    v1::Participation participation;
    participation.set_id(row[0].as<std::string>());
    participation.set_mission_id(std::string(mission_id));
    participation.set_organisation_id(std::string(organisation_id));
    participation.set_volunteer_id(row[2].as<std::string>());
    participation.set_origin(ParticipationOriginFromName(row[3].as<std::string>()));
    participation.set_status(v1::PARTICIPATION_STATUS_CANCELLED);
    participation.set_reason(v1::PARTICIPATION_REASON_MISSION_TERMINATED);
    participation.set_motivation(row[4].as<std::string>());
    *participation.mutable_create_time() = TimestampFromMicros(row[5].as<int64_t>());
    *participation.mutable_update_time() = TimestampFromMicros(micros);
    v1::ParticipationTransition& transition = *participation.add_transitions();
    transition.set_from_status(ParticipationStatusFromName(row[1].as<std::string>()));
    transition.set_to_status(v1::PARTICIPATION_STATUS_CANCELLED);
    transition.set_reason(v1::PARTICIPATION_REASON_MISSION_TERMINATED);
    transition.mutable_actor()->set_role(ActorRoleFromName(actor_role));
    transition.mutable_actor()->set_subject(std::string(actor_id));
    *transition.mutable_transition_time() = TimestampFromMicros(micros);
    AppendOutboxEvent(txn, "participation.transitioned", Aggregate::kParticipation,
                      participation.id(), participation);
  }
  return static_cast<int>(rows.size());
}

int ExpireInvitations(pqxx::transaction_base& txn, absl::string_view mission_id) {
  return static_cast<int>(
      txn.exec_params(kExpireInvitations, std::string(mission_id)).affected_rows());
}

}  // namespace renfort::storage
