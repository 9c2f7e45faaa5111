#include "services/missions/mission_handlers.h"

#include "services/common/status.h"

namespace renfort::services {

absl::Status MissionHandlers::CreateOrganisation(const Caller&, const v1::CreateOrganisationRequest&,
                      v1::CreateOrganisationResponse&) {
  return NotYetAvailable("MissionService.CreateOrganisation");
}

absl::Status MissionHandlers::GetOrganisation(const Caller&, const v1::GetOrganisationRequest&,
                      v1::GetOrganisationResponse&) {
  return NotYetAvailable("MissionService.GetOrganisation");
}

absl::Status MissionHandlers::ListOrganisations(const Caller&, const v1::ListOrganisationsRequest&,
                      v1::ListOrganisationsResponse&) {
  return NotYetAvailable("MissionService.ListOrganisations");
}

absl::Status MissionHandlers::ReviewOrganisation(const Caller&, const v1::ReviewOrganisationRequest&,
                      v1::ReviewOrganisationResponse&) {
  return NotYetAvailable("MissionService.ReviewOrganisation");
}

absl::Status MissionHandlers::CreateMission(const Caller&, const v1::CreateMissionRequest&,
                      v1::CreateMissionResponse&) {
  return NotYetAvailable("MissionService.CreateMission");
}

absl::Status MissionHandlers::GetMission(const Caller&, const v1::GetMissionRequest&,
                      v1::GetMissionResponse&) {
  return NotYetAvailable("MissionService.GetMission");
}

absl::Status MissionHandlers::UpdateMission(const Caller&, const v1::UpdateMissionRequest&,
                      v1::UpdateMissionResponse&) {
  return NotYetAvailable("MissionService.UpdateMission");
}

absl::Status MissionHandlers::ListMissions(const Caller&, const v1::ListMissionsRequest&,
                      v1::ListMissionsResponse&) {
  return NotYetAvailable("MissionService.ListMissions");
}

absl::Status MissionHandlers::SearchMissions(const Caller&, const v1::SearchMissionsRequest&,
                      v1::SearchMissionsResponse&) {
  return NotYetAvailable("MissionService.SearchMissions");
}

absl::Status MissionHandlers::SubmitMission(const Caller&, const v1::SubmitMissionRequest&,
                      v1::SubmitMissionResponse&) {
  return NotYetAvailable("MissionService.SubmitMission");
}

absl::Status MissionHandlers::ReviewMission(const Caller&, const v1::ReviewMissionRequest&,
                      v1::ReviewMissionResponse&) {
  return NotYetAvailable("MissionService.ReviewMission");
}

absl::Status MissionHandlers::PublishMission(const Caller&, const v1::PublishMissionRequest&,
                      v1::PublishMissionResponse&) {
  return NotYetAvailable("MissionService.PublishMission");
}

absl::Status MissionHandlers::PauseMission(const Caller&, const v1::PauseMissionRequest&,
                      v1::PauseMissionResponse&) {
  return NotYetAvailable("MissionService.PauseMission");
}

absl::Status MissionHandlers::CloseMission(const Caller&, const v1::CloseMissionRequest&,
                      v1::CloseMissionResponse&) {
  return NotYetAvailable("MissionService.CloseMission");
}

absl::Status MissionHandlers::CancelMission(const Caller&, const v1::CancelMissionRequest&,
                      v1::CancelMissionResponse&) {
  return NotYetAvailable("MissionService.CancelMission");
}

absl::Status MissionHandlers::Apply(const Caller&, const v1::ApplyRequest&,
                      v1::ApplyResponse&) {
  return NotYetAvailable("MissionService.Apply");
}

absl::Status MissionHandlers::GetParticipation(const Caller&, const v1::GetParticipationRequest&,
                      v1::GetParticipationResponse&) {
  return NotYetAvailable("MissionService.GetParticipation");
}

absl::Status MissionHandlers::ListParticipations(const Caller&, const v1::ListParticipationsRequest&,
                      v1::ListParticipationsResponse&) {
  return NotYetAvailable("MissionService.ListParticipations");
}

absl::Status MissionHandlers::TransitionParticipation(const Caller&, const v1::TransitionParticipationRequest&,
                      v1::TransitionParticipationResponse&) {
  return NotYetAvailable("MissionService.TransitionParticipation");
}

absl::Status MissionHandlers::GetParticipationStats(const Caller&, const v1::GetParticipationStatsRequest&,
                      v1::GetParticipationStatsResponse&) {
  return NotYetAvailable("MissionService.GetParticipationStats");
}

absl::Status MissionHandlers::ExportParticipations(const Caller&, const v1::ExportParticipationsRequest&,
                      const std::function<bool(const v1::ExportParticipationsResponse&)>&) {
  return NotYetAvailable("MissionService.ExportParticipations");
}

}  // namespace renfort::services
