#include "services/common/auth/access_policy.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace renfort::services {
namespace {

constexpr Role kVolunteer = Role::kVolunteer;
constexpr Role kOrgManager = Role::kOrgManager;
constexpr Role kCoordinator = Role::kCoordinator;
constexpr Role kAdmin = Role::kAdmin;

}  // namespace

// Reading guide: volunteers act on themselves; organisation managers on their organisations,
// their missions and the participations in them; coordinators review and read within their
// départements; admins may do everything. Scope is checked again inside each handler.
const std::vector<RpcPolicy>& AccessPolicy() {
  static const auto* const kPolicy = new std::vector<RpcPolicy>{
      // MissionService: organisations.
      {"/renfort.v1.MissionService/CreateOrganisation", {kOrgManager, kAdmin}},
      {"/renfort.v1.MissionService/GetOrganisation", {kVolunteer, kOrgManager, kCoordinator, kAdmin}},
      {"/renfort.v1.MissionService/ListOrganisations", {kVolunteer, kOrgManager, kCoordinator, kAdmin}},
      {"/renfort.v1.MissionService/ReviewOrganisation", {kCoordinator, kAdmin}},
      // MissionService: missions.
      {"/renfort.v1.MissionService/CreateMission", {kOrgManager, kAdmin}},
      {"/renfort.v1.MissionService/GetMission", {kVolunteer, kOrgManager, kCoordinator, kAdmin}},
      {"/renfort.v1.MissionService/UpdateMission", {kOrgManager, kAdmin}},
      {"/renfort.v1.MissionService/ListMissions", {kVolunteer, kOrgManager, kCoordinator, kAdmin}},
      {"/renfort.v1.MissionService/SearchMissions", {kVolunteer, kOrgManager, kCoordinator, kAdmin}},
      {"/renfort.v1.MissionService/SubmitMission", {kOrgManager, kAdmin}},
      {"/renfort.v1.MissionService/ReviewMission", {kCoordinator, kAdmin}},
      {"/renfort.v1.MissionService/PublishMission", {kOrgManager, kAdmin}},
      {"/renfort.v1.MissionService/PauseMission", {kOrgManager, kAdmin}},
      {"/renfort.v1.MissionService/CloseMission", {kOrgManager, kAdmin}},
      {"/renfort.v1.MissionService/CancelMission", {kOrgManager, kCoordinator, kAdmin}},
      // MissionService: participations.
      {"/renfort.v1.MissionService/Apply", {kVolunteer}},
      {"/renfort.v1.MissionService/GetParticipation", {kVolunteer, kOrgManager, kCoordinator, kAdmin}},
      {"/renfort.v1.MissionService/ListParticipations", {kVolunteer, kOrgManager, kCoordinator, kAdmin}},
      {"/renfort.v1.MissionService/TransitionParticipation", {kVolunteer, kOrgManager, kAdmin}},
      // MissionService: coordinators (and managers, for their own organisations).
      {"/renfort.v1.MissionService/GetParticipationStats", {kOrgManager, kCoordinator, kAdmin}},
      {"/renfort.v1.MissionService/ExportParticipations", {kOrgManager, kCoordinator, kAdmin}},
      // VolunteerService.
      {"/renfort.v1.VolunteerService/RegisterVolunteer", {kVolunteer, kCoordinator, kAdmin}},
      {"/renfort.v1.VolunteerService/GetVolunteer", {kVolunteer, kOrgManager, kCoordinator, kAdmin}},
      {"/renfort.v1.VolunteerService/UpdateVolunteer", {kVolunteer, kCoordinator, kAdmin}},
      {"/renfort.v1.VolunteerService/SetAvailability", {kVolunteer, kCoordinator, kAdmin}},
      {"/renfort.v1.VolunteerService/PauseVolunteer", {kVolunteer, kCoordinator, kAdmin}},
      {"/renfort.v1.VolunteerService/ListVolunteers", {kCoordinator, kAdmin}},
      {"/renfort.v1.VolunteerService/ExportVolunteerData", {kVolunteer, kAdmin}},
      {"/renfort.v1.VolunteerService/DeleteVolunteer", {kVolunteer, kAdmin}},
      {"/renfort.v1.VolunteerService/GetCalendar", {kVolunteer}},
      // Each role reads its own inbox: a volunteer's, an organisation's, a département's.
      {"/renfort.v1.VolunteerService/ListNotifications",
       {kVolunteer, kOrgManager, kCoordinator, kAdmin}},
      // MatchingService.
      {"/renfort.v1.MatchingService/RankVolunteers", {kOrgManager, kCoordinator, kAdmin}},
      {"/renfort.v1.MatchingService/RecommendMissions", {kVolunteer, kCoordinator, kAdmin}},
      {"/renfort.v1.MatchingService/InviteVolunteers", {kOrgManager, kAdmin}},
      {"/renfort.v1.MatchingService/StaffEvent", {kOrgManager, kCoordinator, kAdmin}},
      {"/renfort.v1.MatchingService/ListInvitations", {kVolunteer, kOrgManager, kAdmin}},
      {"/renfort.v1.MatchingService/RespondToInvitation", {kVolunteer}},
  };
  return *kPolicy;
}

absl::Status CheckRole(const Caller& caller, absl::string_view method) {
  const std::vector<RpcPolicy>& policy = AccessPolicy();
  auto row = std::find_if(policy.begin(), policy.end(),
                          [method](const RpcPolicy& rpc) { return rpc.method == method; });
  if (row == policy.end()) {
    return absl::PermissionDeniedError(absl::StrCat("no access rule for ", method));
  }
  for (Role role : row->roles) {
    if (caller.HasRole(role)) return absl::OkStatus();
  }
  auto name = [](std::string* out, Role role) { absl::StrAppend(out, RoleName(role)); };
  return absl::PermissionDeniedError(
      absl::StrCat("the caller's roles (", absl::StrJoin(caller.roles, ", ", name),
                   ") may not call ", method, "; allowed: ", absl::StrJoin(row->roles, ", ", name)));
}

}  // namespace renfort::services
