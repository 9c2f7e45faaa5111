// MissionHandlers — Missions: creation, reading, updates and the management listing. The
// status machine is in mission_status_handlers.cc, search in mission_search_handler.cc.
#include "services/missions/mission_handlers.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/field_mask.h"
#include "services/common/paging.h"
#include "services/common/validation.h"
#include "services/missions/mission_access.h"
#include "services/missions/mission_validation.h"
#include "services/missions/schedule_rules.h"
#include "storage/missions/mission_store.h"
#include "storage/status_macros.h"

namespace renfort::services {
namespace {

// Fills the output-only dates the schedule implies and sorts its slots, before storage.
void DeriveScheduleFields(v1::Mission& mission) {
  SortDatedSlots(*mission.mutable_schedule());
  ScheduleDates(mission.schedule(), *mission.mutable_start_date(), *mission.mutable_end_date());
  if (!mission.has_end_date() || mission.end_date().year() == 0) mission.clear_end_date();
}

absl::Status ValidateListFilters(const v1::ListMissionsRequest& request) {
  FieldChecker check;
  if (!request.organisation_id().empty()) check.Uuid("organisation_id", request.organisation_id());
  for (int i = 0; i < request.statuses_size(); ++i) {
    check.Range(absl::StrCat("statuses[", i, "]"), request.statuses(i), 1, 6);
  }
  check.Length("department_code", request.department_code(), 0, 3);
  return check.status();
}

int64_t CreateMicros(const v1::Mission& mission) {
  return mission.create_time().seconds() * 1000000 + mission.create_time().nanos() / 1000;
}

// The UpdateMission rules that depend on the stored mission: the status allows every path of
// the mask, and places never drop below the places held.
absl::Status ApplyUpdate(const v1::UpdateMissionRequest& request, v1::Mission& mission) {
  const std::set<std::string> allowed = FieldsUpdatableIn(mission.status());
  if (allowed.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("mission ", mission.id(), " is ",
                                                      v1::MissionStatus_Name(mission.status()),
                                                      "; it can no longer be changed"));
  }
  for (const std::string& path : request.update_mask().paths()) {
    if (allowed.count(path) == 0) {
      return absl::FailedPreconditionError(absl::StrCat("update_mask: '", path,
                                                        "' cannot change while the mission is ",
                                                        v1::MissionStatus_Name(mission.status())));
    }
  }
  ApplyUpdateMask(request.update_mask(), request.mission(), mission);
  RETURN_IF_ERROR(ValidateMissionContent(mission));
  if (mission.places() < mission.places_held()) {
    return absl::FailedPreconditionError(
        absl::StrCat("mission.places: cannot go below the ", mission.places_held(),
                     " places already held, got ", mission.places()));
  }
  DeriveScheduleFields(mission);
  return absl::OkStatus();
}

}  // namespace

absl::Status MissionHandlers::CreateMission(const Caller& caller,
                                            const v1::CreateMissionRequest& request,
                                            v1::CreateMissionResponse& response) {
  FieldChecker check;
  check.Uuid("mission.organisation_id", request.mission().organisation_id());
  RETURN_IF_ERROR(check.status());
  v1::Mission mission = request.mission();
  RETURN_IF_ERROR(ValidateMissionContent(mission));
  DeriveScheduleFields(mission);
  storage::MissionStore store(*backends_.database);
  auto guard = [&](const v1::Mission&, const v1::Organisation& organisation) -> absl::Status {
    if (ManagesOrganisation(caller, organisation)) return absl::OkStatus();
    return absl::PermissionDeniedError(absl::StrCat("mission.organisation_id: organisation ",
                                                    organisation.id(),
                                                    " is not one of the caller's organisations"));
  };
  ASSIGN_OR_RETURN(*response.mutable_mission(), store.Create(mission, guard));
  return absl::OkStatus();
}

absl::Status MissionHandlers::GetMission(const Caller& caller, const v1::GetMissionRequest& request,
                                         v1::GetMissionResponse& response) {
  FieldChecker check;
  check.Uuid("mission_id", request.mission_id());
  RETURN_IF_ERROR(check.status());
  storage::MissionStore store(*backends_.database);
  auto guard = [&](const v1::Mission& mission, const v1::Organisation& organisation) {
    if (CanSeeMission(caller, mission, organisation)) return absl::OkStatus();
    return absl::NotFoundError(absl::StrCat("mission ", mission.id(), " not found"));
  };
  ASSIGN_OR_RETURN(*response.mutable_mission(), store.Get(request.mission_id(), guard));
  return absl::OkStatus();
}

absl::Status MissionHandlers::UpdateMission(const Caller& caller,
                                            const v1::UpdateMissionRequest& request,
                                            v1::UpdateMissionResponse& response) {
  FieldChecker check;
  check.Uuid("mission.id", request.mission().id());
  RETURN_IF_ERROR(check.status());
  RETURN_IF_ERROR(CheckUpdateMask(request.update_mask(), UpdatableMissionFields()));
  storage::MissionStore store(*backends_.database);
  auto change = [&](const v1::Organisation& organisation, v1::Mission& mission) {
    RETURN_IF_ERROR(RequireMissionManager(caller, mission, organisation));
    return ApplyUpdate(request, mission);
  };
  ASSIGN_OR_RETURN(*response.mutable_mission(), store.Update(request.mission().id(), change));
  return absl::OkStatus();
}

absl::Status MissionHandlers::ListMissions(const Caller& caller,
                                           const v1::ListMissionsRequest& request,
                                           v1::ListMissionsResponse& response) {
  ASSIGN_OR_RETURN(const int page_size, PageSize(request.page_size()));
  RETURN_IF_ERROR(ValidateListFilters(request));
  const std::string fingerprint = FilterFingerprint(request);
  ASSIGN_OR_RETURN(const std::vector<std::string> after,
                   DecodePageToken(request.page_token(), fingerprint, 2));
  int64_t after_micros = 0;
  if (after.size() == 2 && (!absl::SimpleAtoi(after[0], &after_micros) || !IsUuid(after[1]))) {
    return absl::InvalidArgumentError("page_token: is not a token of this list");
  }
  storage::MissionStore store(*backends_.database);
  ASSIGN_OR_RETURN(std::vector<v1::Mission> missions,
                   store.List(request, VisibilityOf(caller), page_size + 1, after));
  const bool more = static_cast<int>(missions.size()) > page_size;
  if (more) missions.resize(page_size);
  for (v1::Mission& mission : missions) *response.add_missions() = std::move(mission);
  if (more) {
    const v1::Mission& last = response.missions(page_size - 1);
    response.set_next_page_token(
        EncodePageToken(fingerprint, {absl::StrCat(CreateMicros(last)), last.id()}));
  }
  return absl::OkStatus();
}

}  // namespace renfort::services
