// MissionHandlers — SearchMissions.
#include "services/common/status.h"
#include "services/missions/mission_handlers.h"

namespace renfort::services {

absl::Status MissionHandlers::SearchMissions(const Caller&, const v1::SearchMissionsRequest&,
                                             v1::SearchMissionsResponse&) {
  return NotYetAvailable("MissionService.SearchMissions");
}

}  // namespace renfort::services
