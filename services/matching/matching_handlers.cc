#include "services/matching/matching_handlers.h"

#include "services/common/status.h"

namespace renfort::services {

absl::Status MatchingHandlers::RankVolunteers(const Caller&, const v1::RankVolunteersRequest&,
                      v1::RankVolunteersResponse&) {
  return NotYetAvailable("MatchingService.RankVolunteers");
}

absl::Status MatchingHandlers::RecommendMissions(const Caller&, const v1::RecommendMissionsRequest&,
                      v1::RecommendMissionsResponse&) {
  return NotYetAvailable("MatchingService.RecommendMissions");
}

absl::Status MatchingHandlers::InviteVolunteers(const Caller&, const v1::InviteVolunteersRequest&,
                      v1::InviteVolunteersResponse&) {
  return NotYetAvailable("MatchingService.InviteVolunteers");
}

absl::Status MatchingHandlers::StaffEvent(const Caller&, const v1::StaffEventRequest&,
                      v1::StaffEventResponse&) {
  return NotYetAvailable("MatchingService.StaffEvent");
}

absl::Status MatchingHandlers::ListInvitations(const Caller&, const v1::ListInvitationsRequest&,
                      v1::ListInvitationsResponse&) {
  return NotYetAvailable("MatchingService.ListInvitations");
}

absl::Status MatchingHandlers::RespondToInvitation(const Caller&, const v1::RespondToInvitationRequest&,
                      v1::RespondToInvitationResponse&) {
  return NotYetAvailable("MatchingService.RespondToInvitation");
}

}  // namespace renfort::services
