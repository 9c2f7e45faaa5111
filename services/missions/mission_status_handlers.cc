// MissionHandlers — the mission status machine of mission.proto: DRAFT → PENDING_REVIEW →
// PUBLISHED → CLOSED, PUBLISHED ↔ PAUSED, any non-terminal status → CANCELLED. Each RPC states
// its transition as a storage::MissionStatusChange; the store applies it in one transaction
// (FAILED_PRECONDITION when it does not apply) with its events and its effect on
// participations and invitations.
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/validation.h"
#include "services/missions/mission_access.h"
#include "services/missions/mission_handlers.h"
#include "services/missions/mission_validation.h"
#include "storage/missions/mission_ending.h"
#include "storage/missions/mission_store.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

using storage::MissionStatusChange;

constexpr v1::MissionStatus kDraft = v1::MISSION_STATUS_DRAFT;
constexpr v1::MissionStatus kPendingReview = v1::MISSION_STATUS_PENDING_REVIEW;
constexpr v1::MissionStatus kPublished = v1::MISSION_STATUS_PUBLISHED;
constexpr v1::MissionStatus kPaused = v1::MISSION_STATUS_PAUSED;
constexpr v1::MissionStatus kClosed = v1::MISSION_STATUS_CLOSED;
constexpr v1::MissionStatus kCancelled = v1::MISSION_STATUS_CANCELLED;

absl::Status CheckMissionId(absl::string_view mission_id) {
  FieldChecker check;
  check.Uuid("mission_id", mission_id);
  return check.status();
}

// Guard of the organisation's own RPCs (submit, publish, pause, close).
storage::MissionGuard ManagerGuard(const Caller& caller) {
  return [&caller](const v1::Mission& mission, const v1::Organisation& organisation) {
    return RequireMissionManager(caller, mission, organisation);
  };
}

// Guard of the coordinators' RPCs: the mission's département or the organisation's network.
storage::MissionGuard CoordinatorGuard(const Caller& caller) {
  return [&caller](const v1::Mission& mission, const v1::Organisation& organisation) {
    if (CoordinatesScope(caller, mission.department_code(), organisation.network_id())) {
      return absl::OkStatus();
    }
    if (!CanSeeMission(caller, mission, organisation)) {
      return absl::NotFoundError(absl::StrCat("mission ", mission.id(), " not found"));
    }
    return absl::PermissionDeniedError(absl::StrCat(
        "mission ", mission.id(), " is outside the caller's départements and networks"));
  };
}

MissionStatusChange Change(absl::string_view rpc, std::vector<v1::MissionStatus> from,
                           v1::MissionStatus to, std::vector<std::string> events) {
  MissionStatusChange change;
  change.rpc = std::string(rpc);
  change.from = std::move(from);
  change.to = to;
  change.events = std::move(events);
  change.now = absl::Now();
  return change;
}

}  // namespace

absl::Status MissionHandlers::SubmitMission(const Caller& caller,
                                            const v1::SubmitMissionRequest& request,
                                            v1::SubmitMissionResponse& response) {
  RETURN_IF_ERROR(CheckMissionId(request.mission_id()));
  MissionStatusChange change =
      Change("SubmitMission", {kDraft}, kPendingReview, {"mission.submitted"});
  change.reason = "";
  auto guard = [&](const v1::Mission& mission, const v1::Organisation& organisation) {
    RETURN_IF_ERROR(RequireMissionManager(caller, mission, organisation));
    if (mission.status() != kDraft) return absl::OkStatus();  // the store reports the status
    const absl::Status complete = ValidateMissionContent(mission);
    if (complete.ok()) return complete;
    return absl::FailedPreconditionError(
        absl::StrCat("mission is not ready for review: ", complete.message()));
  };
  storage::MissionStore store(*backends_.database);
  ASSIGN_OR_RETURN(*response.mutable_mission(),
                   store.ChangeStatus(request.mission_id(), change, guard));
  return absl::OkStatus();
}

absl::Status MissionHandlers::ReviewMission(const Caller& caller,
                                            const v1::ReviewMissionRequest& request,
                                            v1::ReviewMissionResponse& response) {
  RETURN_IF_ERROR(CheckMissionId(request.mission_id()));
  FieldChecker check;
  check.Range("decision", request.decision(), 1, 3);
  RETURN_IF_ERROR(check.status());
  const bool approve = request.decision() == v1::MISSION_REVIEW_DECISION_APPROVE;
  RETURN_IF_ERROR(ValidateReason("reason", request.reason(), !approve));
  MissionStatusChange change;
  switch (request.decision()) {
    case v1::MISSION_REVIEW_DECISION_APPROVE:
      change = Change("ReviewMission", {kPendingReview}, kPublished,
                      {"mission.reviewed", "mission.published"});
      change.requires_validated_organisation = true;
      break;
    case v1::MISSION_REVIEW_DECISION_REQUEST_CHANGES:
      change = Change("ReviewMission", {kPendingReview}, kDraft, {"mission.reviewed"});
      break;
    default:
      change = Change("ReviewMission", {kPendingReview}, kCancelled,
                      {"mission.reviewed", "mission.cancelled"});
      change.expire_invitations = true;
      break;
  }
  change.reason = request.reason();
  change.reviewer = caller.subject;
  storage::MissionStore store(*backends_.database);
  ASSIGN_OR_RETURN(*response.mutable_mission(),
                   store.ChangeStatus(request.mission_id(), change, CoordinatorGuard(caller)));
  return absl::OkStatus();
}

absl::Status MissionHandlers::PublishMission(const Caller& caller,
                                             const v1::PublishMissionRequest& request,
                                             v1::PublishMissionResponse& response) {
  RETURN_IF_ERROR(CheckMissionId(request.mission_id()));
  MissionStatusChange change =
      Change("PublishMission", {kPaused}, kPublished, {"mission.published"});
  change.requires_validated_organisation = true;
  change.refuse_when_ended = true;
  change.reason = "";
  storage::MissionStore store(*backends_.database);
  ASSIGN_OR_RETURN(*response.mutable_mission(),
                   store.ChangeStatus(request.mission_id(), change, ManagerGuard(caller)));
  return absl::OkStatus();
}

absl::Status MissionHandlers::PauseMission(const Caller& caller,
                                           const v1::PauseMissionRequest& request,
                                           v1::PauseMissionResponse& response) {
  RETURN_IF_ERROR(CheckMissionId(request.mission_id()));
  RETURN_IF_ERROR(ValidateReason("reason", request.reason(), false));
  MissionStatusChange change = Change("PauseMission", {kPublished}, kPaused, {"mission.paused"});
  change.reason = request.reason();
  storage::MissionStore store(*backends_.database);
  ASSIGN_OR_RETURN(*response.mutable_mission(),
                   store.ChangeStatus(request.mission_id(), change, ManagerGuard(caller)));
  return absl::OkStatus();
}

absl::Status MissionHandlers::CloseMission(const Caller& caller,
                                           const v1::CloseMissionRequest& request,
                                           v1::CloseMissionResponse& response) {
  RETURN_IF_ERROR(CheckMissionId(request.mission_id()));
  RETURN_IF_ERROR(ValidateReason("reason", request.reason(), false));
  MissionStatusChange change =
      Change("CloseMission", {kPublished, kPaused}, kClosed, {"mission.closed"});
  change.reason = request.reason();
  change.participations_to_cancel = storage::OpenApplicationStatuses();
  change.expire_invitations = true;
  change.actor_id = caller.subject;
  auto guard = [&](const v1::Mission& mission, const v1::Organisation& organisation) {
    change.actor_role = ActorRoleName(caller, organisation);
    return RequireMissionManager(caller, mission, organisation);
  };
  storage::MissionStore store(*backends_.database);
  ASSIGN_OR_RETURN(*response.mutable_mission(),
                   store.ChangeStatus(request.mission_id(), change, guard));
  return absl::OkStatus();
}

absl::Status MissionHandlers::CancelMission(const Caller& caller,
                                            const v1::CancelMissionRequest& request,
                                            v1::CancelMissionResponse& response) {
  RETURN_IF_ERROR(CheckMissionId(request.mission_id()));
  RETURN_IF_ERROR(ValidateReason("reason", request.reason(), true));
  MissionStatusChange change =
      Change("CancelMission", {kDraft, kPendingReview, kPublished, kPaused}, kCancelled,
             {"mission.cancelled"});
  change.reason = request.reason();
  change.participations_to_cancel = storage::ActiveParticipationStatuses();
  change.expire_invitations = true;
  change.actor_id = caller.subject;
  const storage::MissionGuard coordinator = CoordinatorGuard(caller);
  auto guard = [&](const v1::Mission& mission, const v1::Organisation& organisation) {
    change.actor_role = ActorRoleName(caller, organisation);
    if (ManagesOrganisation(caller, organisation)) return absl::OkStatus();
    return coordinator(mission, organisation);
  };
  storage::MissionStore store(*backends_.database);
  ASSIGN_OR_RETURN(*response.mutable_mission(),
                   store.ChangeStatus(request.mission_id(), change, guard));
  return absl::OkStatus();
}

}  // namespace renfort::services
