// MissionHandlers — Missions: creation, updates, listing, search and the status machine.
#include "services/missions/mission_handlers.h"

#include "services/common/status.h"

namespace renfort::services {

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

}  // namespace renfort::services
