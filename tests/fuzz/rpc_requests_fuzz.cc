// Hostile bytes into every RPC of the three services, up to the first storage call: the first
// byte picks the RPC, the second the caller's roles, the rest is parsed as that RPC's request
// message (what gRPC does with the body; bytes that do not parse are refused there), then run
// through the checks its handler makes before any SQL, in the handler's order.
//
// The checks that live in shared functions are called as they are (CheckProfile,
// ValidateMissionContent, CheckUpdateMask and ApplyUpdateMask, PageSize, DecodePageToken,
// TargetVolunteer, ValidateReason...). The few lines of FieldChecker calls written inline in a
// handler are repeated here: they cannot be reached without the handler's storage.
//
// Two properties are checked beyond "no crash, no undefined behaviour": a page token made for a
// request decodes back to its keys for that request, and is refused for any other filters.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "renfort/v1/matching_service.pb.h"
#include "renfort/v1/mission_service.pb.h"
#include "renfort/v1/volunteer_service.pb.h"
#include "services/common/auth/caller.h"
#include "services/common/field_mask.h"
#include "services/common/paging.h"
#include "services/common/validation.h"
#include "services/missions/mission_validation.h"
#include "services/missions/participation_rules.h"
#include "services/missions/schedule_rules.h"
#include "services/volunteers/volunteer_access.h"
#include "services/volunteers/volunteer_validation.h"

namespace {

namespace v1 = renfort::v1;
namespace services = renfort::services;
using services::Caller;
using services::FieldChecker;
using services::Role;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

// The caller's roles are bits 0–3 of `bits`; bit 4 leaves the subject empty (a token without
// `sub` never verifies, but the checks must not rely on that).
Caller CallerOf(uint8_t bits) {
  Caller caller;
  if ((bits & 0x10) == 0) caller.subject = "7f3c1a52-96d4-4c1e-8a43-0c2f5b8e9d11";
  const Role roles[] = {Role::kVolunteer, Role::kOrgManager, Role::kCoordinator, Role::kAdmin};
  for (int i = 0; i < 4; ++i) {
    if (bits & (1 << i)) caller.roles.push_back(roles[i]);
  }
  caller.organisation_ids = {"0b6e2f4a-5c1d-4e8b-9a7f-3d2c1b0a9e8f"};
  caller.department_codes = {"33", "974"};
  caller.network_ids = {"reseau-gironde"};
  return caller;
}

[[noreturn]] void Fail(const std::string& what) {
  fprintf(stderr, "rpc_requests_fuzz: %s\n", what.c_str());
  abort();
}

// PageSize and DecodePageToken, as every List and Search handler starts; then a token made for
// this very request (keys from its own page token's bytes) must decode back to those keys, and
// one made for other filters must be refused.
template <typename Request>
void CheckPaging(const Request& request) {
  (void)services::PageSize(request.page_size());
  const std::string fingerprint = services::FilterFingerprint(request);
  (void)services::DecodePageToken(request.page_token(), fingerprint, 2);

  // Keys are UUIDs, timestamps and numbers, never the token's separator (0x1f).
  std::string raw = request.page_token();
  raw.erase(std::remove(raw.begin(), raw.end(), '\x1f'), raw.end());
  const std::vector<std::string> keys = {raw.substr(0, raw.size() / 2), raw.substr(raw.size() / 2)};
  const std::string token = services::EncodePageToken(fingerprint, keys);
  absl::StatusOr<std::vector<std::string>> decoded =
      services::DecodePageToken(token, fingerprint, 2);
  if (!decoded.ok() || *decoded != keys) {
    Fail(absl::StrCat("a page token does not decode to its keys: ",
                      decoded.ok() ? "other keys" : decoded.status().ToString()));
  }
  Request other = request;
  other.set_page_token("");
  other.set_page_size(0);
  other.GetReflection()->MutableUnknownFields(&other)->AddVarint(999, 1);
  if (services::FilterFingerprint(other) != fingerprint &&
      services::DecodePageToken(token, services::FilterFingerprint(other), 2).ok()) {
    Fail("a page token was accepted for other filters");
  }
}

// As VolunteerHandlers::RegisterVolunteer: the id from the token for a volunteer, the terms,
// the default travel distance, then the profile on today's date in the home département.
void RegisterVolunteer(const Caller& caller, const v1::RegisterVolunteerRequest& request) {
  v1::Volunteer volunteer = request.volunteer();
  volunteer.clear_id();
  if (!caller.IsAdmin() && !caller.HasRole(Role::kCoordinator)) {
    absl::StatusOr<std::string> self = services::TargetVolunteer(caller, "", "token subject");
    if (!self.ok()) return;
    volunteer.set_id(*self);
  }
  if (!request.accept_terms()) return;
  if (volunteer.max_travel_km() == 0) volunteer.set_max_travel_km(30);
  const std::string& insee = volunteer.home_commune().insee_code();
  const std::string department = insee.substr(0, insee.rfind("97", 0) == 0 ? 3 : 2);
  if (!services::CheckProfile(volunteer, services::TodayIn(department, kNow)).ok()) return;
  services::MarkMinor(volunteer, kNow);
}

// As VolunteerHandlers::UpdateVolunteer: the mask against the updatable paths, then the mask
// applied onto a stored profile and the result checked as a whole.
void UpdateVolunteer(const Caller& caller, const v1::UpdateVolunteerRequest& request) {
  if (!services::TargetVolunteer(caller, request.volunteer().id(), "volunteer.id").ok()) return;
  static const auto* const kPaths = new std::set<std::string>{
      "first_name", "last_name", "email", "phone", "birth_date", "home_commune",
      "max_travel_km", "accepts_in_person", "accepts_remote", "domains", "skills"};
  if (!services::CheckUpdateMask(request.update_mask(), *kPaths).ok()) return;
  v1::Volunteer stored;
  stored.set_first_name("Camille");
  stored.set_last_name("Martin");
  stored.set_email("camille@example.org");
  stored.mutable_home_commune()->set_insee_code("33063");
  stored.set_max_travel_km(30);
  services::ApplyUpdateMask(request.update_mask(), request.volunteer(), stored);
  (void)services::CheckProfile(stored, services::TodayIn("33", kNow));
}

// As MissionHandlers::UpdateMission and its ApplyUpdate, for a stored mission in each status.
void UpdateMission(const v1::UpdateMissionRequest& request) {
  FieldChecker check;
  check.Uuid("mission.id", request.mission().id());
  if (!check.ok()) return;
  if (!services::CheckUpdateMask(request.update_mask(), services::UpdatableMissionFields()).ok()) {
    return;
  }
  for (int status = v1::MissionStatus_MIN; status <= v1::MissionStatus_MAX; ++status) {
    if (!v1::MissionStatus_IsValid(status)) continue;
    const std::set<std::string> allowed =
        services::FieldsUpdatableIn(static_cast<v1::MissionStatus>(status));
    bool permitted = !allowed.empty();
    for (const std::string& path : request.update_mask().paths()) {
      permitted = permitted && allowed.count(path) > 0;
    }
    if (!permitted) continue;
    v1::Mission stored;
    stored.set_status(static_cast<v1::MissionStatus>(status));
    services::ApplyUpdateMask(request.update_mask(), request.mission(), stored);
    if (!services::ValidateMissionContent(stored).ok()) continue;
    services::SortDatedSlots(*stored.mutable_schedule());
    services::ScheduleDates(stored.schedule(), *stored.mutable_start_date(),
                            *stored.mutable_end_date());
  }
}

// As MissionHandlers::CreateMission: the organisation id, the content, the derived dates.
void CreateMission(const v1::CreateMissionRequest& request) {
  FieldChecker check;
  check.Uuid("mission.organisation_id", request.mission().organisation_id());
  if (!check.ok()) return;
  v1::Mission mission = request.mission();
  if (!services::ValidateMissionContent(mission).ok()) return;
  services::SortDatedSlots(*mission.mutable_schedule());
  services::ScheduleDates(mission.schedule(), *mission.mutable_start_date(),
                          *mission.mutable_end_date());
}

void Uuid(absl::string_view field, absl::string_view value) {
  FieldChecker check;
  check.Uuid(field, value);
}

// The volunteer a VolunteerService request names, and the self-or-staff rule.
void Target(const Caller& caller, absl::string_view requested_id) {
  absl::StatusOr<std::string> id = services::TargetVolunteer(caller, requested_id);
  if (id.ok()) (void)services::RequireSelfOrStaff(caller, *id);
}

template <typename Request>
bool Parse(const uint8_t* data, size_t size, Request& request) {
  return request.ParseFromArray(data, static_cast<int>(size));
}

// One RPC: parse the body as its request, then run its checks.
#define RPC(Request, checks)                  \
  {                                           \
    v1::Request request;                      \
    if (Parse(data, size, request)) checks;   \
    return 0;                                 \
  }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  constexpr int kRpcs = 37;
  const int rpc = data[0] % kRpcs;
  const Caller caller = CallerOf(data[1]);
  data += 2;
  size -= 2;
  switch (rpc) {
    // VolunteerService
    case 0: RPC(RegisterVolunteerRequest, RegisterVolunteer(caller, request))
    case 1: RPC(GetVolunteerRequest, Target(caller, request.volunteer_id()))
    case 2: RPC(UpdateVolunteerRequest, UpdateVolunteer(caller, request))
    case 3: RPC(SetAvailabilityRequest, {
      Target(caller, request.volunteer_id());
      (void)services::CheckAvailability(request.availability(), "availability");
    })
    case 4: RPC(PauseVolunteerRequest, {
      Target(caller, request.volunteer_id());
      FieldChecker check;
      if (!request.resume()) check.ValidDate("until", request.until());
    })
    case 5: RPC(ListVolunteersRequest, {
      CheckPaging(request);
      if (!request.email().empty()) FieldChecker().Email("email", request.email());
    })
    case 6: RPC(ExportVolunteerDataRequest, Target(caller, request.volunteer_id()))
    case 7: RPC(DeleteVolunteerRequest, Target(caller, request.volunteer_id()))
    case 8: RPC(GetCalendarRequest, Target(caller, request.volunteer_id()))
    case 9: RPC(ListNotificationsRequest, {
      CheckPaging(request);
      if (!request.organisation_id().empty()) Uuid("organisation_id", request.organisation_id());
      if (!request.volunteer_id().empty()) Target(caller, request.volunteer_id());
    })
    // MissionService: organisations
    case 10: RPC(CreateOrganisationRequest,
                 (void)services::ValidateNewOrganisation(request.organisation()))
    case 11: RPC(GetOrganisationRequest, Uuid("organisation_id", request.organisation_id()))
    case 12: RPC(ListOrganisationsRequest, {
      CheckPaging(request);
      FieldChecker().Length("network_id", request.network_id(), 0, 100);
    })
    case 13: RPC(ReviewOrganisationRequest, {
      Uuid("organisation_id", request.organisation_id());
      const bool required = request.decision() == v1::ORGANISATION_REVIEW_DECISION_REFUSE ||
                            request.decision() == v1::ORGANISATION_REVIEW_DECISION_SUSPEND;
      (void)services::ValidateReason("reason", request.reason(), required);
    })
    // MissionService: missions
    case 14: RPC(CreateMissionRequest, CreateMission(request))
    case 15: RPC(GetMissionRequest, Uuid("mission_id", request.mission_id()))
    case 16: RPC(UpdateMissionRequest, UpdateMission(request))
    case 17: RPC(ListMissionsRequest, {
      CheckPaging(request);
      if (!request.organisation_id().empty()) Uuid("organisation_id", request.organisation_id());
      FieldChecker().Length("department_code", request.department_code(), 0, 3);
    })
    case 18: RPC(SearchMissionsRequest, {
      CheckPaging(request);
      FieldChecker check;
      check.Length("query", request.query(), 0, 200);
      check.ValidDate("date_window.start_date", request.date_window().start_date());
      check.ValidDate("date_window.end_date", request.date_window().end_date());
    })
    case 19: RPC(SubmitMissionRequest, Uuid("mission_id", request.mission_id()))
    case 20: RPC(ReviewMissionRequest, {
      Uuid("mission_id", request.mission_id());
      const bool approve = request.decision() == v1::MISSION_REVIEW_DECISION_APPROVE;
      (void)services::ValidateReason("reason", request.reason(), !approve);
    })
    case 21: RPC(PublishMissionRequest, Uuid("mission_id", request.mission_id()))
    case 22: RPC(PauseMissionRequest, {
      Uuid("mission_id", request.mission_id());
      (void)services::ValidateReason("reason", request.reason(), false);
    })
    case 23: RPC(CloseMissionRequest, {
      Uuid("mission_id", request.mission_id());
      (void)services::ValidateReason("reason", request.reason(), false);
    })
    case 24: RPC(CancelMissionRequest, {
      Uuid("mission_id", request.mission_id());
      (void)services::ValidateReason("reason", request.reason(), true);
    })
    // MissionService: participations
    case 25: RPC(ApplyRequest, {
      FieldChecker check;
      check.Uuid("mission_id", request.mission_id());
      check.Length("motivation", request.motivation(), 0, 2000);
      const std::string& volunteer_id =
          request.volunteer_id().empty() ? caller.subject : request.volunteer_id();
      if (check.ok() && services::IsUuid(volunteer_id)) (void)caller.RequireSelf(volunteer_id);
    })
    case 26: RPC(GetParticipationRequest, Uuid("participation_id", request.participation_id()))
    case 27: RPC(ListParticipationsRequest, {
      CheckPaging(request);
      if (!request.volunteer_id().empty()) (void)caller.RequireSelf(request.volunteer_id());
      if (!request.organisation_id().empty()) {
        (void)caller.RequireOrganisation(request.organisation_id());
      }
      if (!request.department_code().empty()) {
        (void)caller.RequireDepartment(request.department_code());
      }
    })
    case 28: RPC(TransitionParticipationRequest, {
      if (services::ValidateTransitionRequest(request).ok()) {
        (void)services::HoursGiven(request);
        (void)services::ActingRole(caller, request.action(), caller.subject,
                                   caller.organisation_ids.front());
        for (int from = v1::ParticipationStatus_MIN; from <= v1::ParticipationStatus_MAX; ++from) {
          if (!v1::ParticipationStatus_IsValid(from)) continue;
          (void)services::TargetStatus(static_cast<v1::ParticipationStatus>(from),
                                       request.action());
        }
      }
    })
    case 29: RPC(GetParticipationStatsRequest, {
      for (const std::string& id : request.filter().organisation_ids()) Uuid("filter", id);
      for (const std::string& code : request.filter().department_codes()) {
        (void)caller.RequireDepartment(code);
      }
    })
    case 30: RPC(ExportParticipationsRequest, {
      for (const std::string& id : request.filter().organisation_ids()) {
        (void)caller.RequireOrganisation(id);
      }
    })
    // MatchingService
    case 31: RPC(RankVolunteersRequest, {
      FieldChecker check;
      check.Required("mission_id", request.mission_id()) &&
          check.Uuid("mission_id", request.mission_id());
      check.Range("limit", request.limit(), 0, 500);
    })
    case 32: RPC(RecommendMissionsRequest, {
      const std::string& id = request.volunteer_id().empty() && caller.HasRole(Role::kVolunteer)
                                  ? caller.subject
                                  : request.volunteer_id();
      FieldChecker check;
      check.Required("volunteer_id", id) && check.Uuid("volunteer_id", id);
      check.Range("limit", request.limit(), 0, 100);
    })
    case 33: RPC(InviteVolunteersRequest, {
      FieldChecker check;
      check.Required("mission_id", request.mission_id()) &&
          check.Uuid("mission_id", request.mission_id());
      check.Range("count", request.count(), 1, 100);
    })
    case 34: RPC(StaffEventRequest, {
      FieldChecker check;
      for (int i = 0; i < request.mission_ids_size() && check.ok(); ++i) {
        check.Uuid(absl::StrCat("mission_ids[", i, "]"), request.mission_ids(i));
      }
      for (int i = 0; i < request.volunteer_ids_size() && check.ok(); ++i) {
        check.Uuid(absl::StrCat("volunteer_ids[", i, "]"), request.volunteer_ids(i));
      }
    })
    case 35: RPC(ListInvitationsRequest, {
      v1::ListInvitationsRequest fingerprinted = request;
      if (request.volunteer_id().empty() && request.mission_id().empty() &&
          caller.HasRole(Role::kVolunteer)) {
        fingerprinted.set_volunteer_id(caller.subject);
      }
      CheckPaging(fingerprinted);
    })
    case 36: RPC(RespondToInvitationRequest, {
      FieldChecker check;
      check.Required("invitation_id", request.invitation_id()) &&
          check.Uuid("invitation_id", request.invitation_id());
      check.Length("motivation", request.motivation(), 0, 2000);
    })
  }
  return 0;
}
