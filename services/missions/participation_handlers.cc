// MissionHandlers — Participations: applications, their transitions and the waitlist.
#include "services/missions/mission_handlers.h"

#include "services/common/status.h"

namespace renfort::services {

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

}  // namespace renfort::services
