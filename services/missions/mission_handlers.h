#ifndef RENFORT_SERVICES_MISSIONS_MISSION_HANDLERS_H_
#define RENFORT_SERVICES_MISSIONS_MISSION_HANDLERS_H_

#include <functional>

#include "absl/status/status.h"
#include "renfort/v1/mission_service.pb.h"
#include "services/common/auth/caller.h"
#include "services/common/backends.h"

namespace renfort::services {

namespace v1 = ::renfort::v1;

// The domain side of renfort.v1.MissionService: one method per RPC, called by the gRPC adapter after
// authentication and the access policy, on the blocking executor. Each validates its request
// (INVALID_ARGUMENT naming the field), checks the caller's scope, and fills the response.
class MissionHandlers {
 public:
  explicit MissionHandlers(Backends& backends) : backends_(backends) {}

  absl::Status CreateOrganisation(const Caller& caller, const v1::CreateOrganisationRequest& request,
                      v1::CreateOrganisationResponse& response);
  absl::Status GetOrganisation(const Caller& caller, const v1::GetOrganisationRequest& request,
                      v1::GetOrganisationResponse& response);
  absl::Status ListOrganisations(const Caller& caller, const v1::ListOrganisationsRequest& request,
                      v1::ListOrganisationsResponse& response);
  absl::Status ReviewOrganisation(const Caller& caller, const v1::ReviewOrganisationRequest& request,
                      v1::ReviewOrganisationResponse& response);
  absl::Status CreateMission(const Caller& caller, const v1::CreateMissionRequest& request,
                      v1::CreateMissionResponse& response);
  absl::Status GetMission(const Caller& caller, const v1::GetMissionRequest& request,
                      v1::GetMissionResponse& response);
  absl::Status UpdateMission(const Caller& caller, const v1::UpdateMissionRequest& request,
                      v1::UpdateMissionResponse& response);
  absl::Status ListMissions(const Caller& caller, const v1::ListMissionsRequest& request,
                      v1::ListMissionsResponse& response);
  absl::Status SearchMissions(const Caller& caller, const v1::SearchMissionsRequest& request,
                      v1::SearchMissionsResponse& response);
  absl::Status SubmitMission(const Caller& caller, const v1::SubmitMissionRequest& request,
                      v1::SubmitMissionResponse& response);
  absl::Status ReviewMission(const Caller& caller, const v1::ReviewMissionRequest& request,
                      v1::ReviewMissionResponse& response);
  absl::Status PublishMission(const Caller& caller, const v1::PublishMissionRequest& request,
                      v1::PublishMissionResponse& response);
  absl::Status PauseMission(const Caller& caller, const v1::PauseMissionRequest& request,
                      v1::PauseMissionResponse& response);
  absl::Status CloseMission(const Caller& caller, const v1::CloseMissionRequest& request,
                      v1::CloseMissionResponse& response);
  absl::Status CancelMission(const Caller& caller, const v1::CancelMissionRequest& request,
                      v1::CancelMissionResponse& response);
  absl::Status Apply(const Caller& caller, const v1::ApplyRequest& request,
                      v1::ApplyResponse& response);
  absl::Status GetParticipation(const Caller& caller, const v1::GetParticipationRequest& request,
                      v1::GetParticipationResponse& response);
  absl::Status ListParticipations(const Caller& caller, const v1::ListParticipationsRequest& request,
                      v1::ListParticipationsResponse& response);
  absl::Status TransitionParticipation(const Caller& caller, const v1::TransitionParticipationRequest& request,
                      v1::TransitionParticipationResponse& response);
  absl::Status GetParticipationStats(const Caller& caller, const v1::GetParticipationStatsRequest& request,
                      v1::GetParticipationStatsResponse& response);
  absl::Status ExportParticipations(const Caller& caller, const v1::ExportParticipationsRequest& request,
                      const std::function<bool(const v1::ExportParticipationsResponse&)>& write);

 private:
  [[maybe_unused]] Backends& backends_;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MISSIONS_MISSION_HANDLERS_H_
