// Hostile request messages into the checks every RPC runs before any SQL: the first byte picks
// the request type, the rest is parsed as that message (bytes that do not parse are dropped, as
// gRPC drops them) and handed to the validator its handler calls first.

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "renfort/v1/mission_service.pb.h"
#include "renfort/v1/volunteer_service.pb.h"
#include "services/common/validation.h"
#include "services/missions/mission_validation.h"
#include "services/missions/participation_rules.h"
#include "services/volunteers/volunteer_validation.h"

namespace {

namespace v1 = renfort::v1;
namespace services = renfort::services;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

// As VolunteerHandlers::RegisterVolunteer checks the profile (today in the home département).
void RegisterVolunteer(const v1::RegisterVolunteerRequest& request) {
  v1::Volunteer volunteer = request.volunteer();
  if (volunteer.max_travel_km() == 0) volunteer.set_max_travel_km(30);
  (void)services::CheckProfile(
      volunteer, services::TodayIn(volunteer.home_commune().department_code(), kNow));
  services::MarkMinor(volunteer, kNow);
}

// As MissionHandlers::CreateMission: the organisation id, then the mission's content.
void CreateMission(const v1::CreateMissionRequest& request) {
  services::FieldChecker check;
  check.Uuid("mission.organisation_id", request.mission().organisation_id());
  if (!check.status().ok()) return;
  (void)services::ValidateMissionContent(request.mission());
}

template <typename Request>
bool Parse(const uint8_t* data, size_t size, Request& request) {
  return request.ParseFromArray(data, static_cast<int>(size));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t kind = data[0] % 5;
  ++data;
  --size;
  switch (kind) {
    case 0: {
      v1::RegisterVolunteerRequest request;
      if (Parse(data, size, request)) RegisterVolunteer(request);
      break;
    }
    case 1: {
      v1::CreateMissionRequest request;
      if (Parse(data, size, request)) CreateMission(request);
      break;
    }
    case 2: {
      v1::CreateOrganisationRequest request;
      if (Parse(data, size, request)) (void)services::ValidateNewOrganisation(request.organisation());
      break;
    }
    case 3: {
      v1::TransitionParticipationRequest request;
      if (Parse(data, size, request) && services::ValidateTransitionRequest(request).ok()) {
        (void)services::HoursGiven(request);
      }
      break;
    }
    case 4: {
      v1::SetAvailabilityRequest request;
      if (Parse(data, size, request)) {
        (void)services::CheckAvailability(request.availability(), "availability");
      }
      break;
    }
  }
  return 0;
}
