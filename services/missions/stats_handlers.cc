// MissionHandlers — Coordinator statistics and the participations export.
#include "services/missions/mission_handlers.h"

#include "services/common/status.h"

namespace renfort::services {

absl::Status MissionHandlers::GetParticipationStats(const Caller&, const v1::GetParticipationStatsRequest&,
                      v1::GetParticipationStatsResponse&) {
  return NotYetAvailable("MissionService.GetParticipationStats");
}

absl::Status MissionHandlers::ExportParticipations(const Caller&, const v1::ExportParticipationsRequest&,
                      const std::function<bool(const v1::ExportParticipationsResponse&)>&) {
  return NotYetAvailable("MissionService.ExportParticipations");
}

}  // namespace renfort::services
