#ifndef RENFORT_SERVICES_MATCHING_MATCHING_HANDLERS_H_
#define RENFORT_SERVICES_MATCHING_MATCHING_HANDLERS_H_

#include <functional>

#include "absl/status/status.h"
#include "renfort/v1/matching_service.pb.h"
#include "services/common/auth/caller.h"
#include "services/common/backends.h"

namespace renfort::services {

namespace v1 = ::renfort::v1;

// The domain side of renfort.v1.MatchingService: one method per RPC, called by the gRPC adapter after
// authentication and the access policy, on the blocking executor. Each validates its request
// (INVALID_ARGUMENT naming the field), checks the caller's scope, and fills the response.
class MatchingHandlers {
 public:
  explicit MatchingHandlers(Backends& backends) : backends_(backends) {}

  absl::Status RankVolunteers(const Caller& caller, const v1::RankVolunteersRequest& request,
                      v1::RankVolunteersResponse& response);
  absl::Status RecommendMissions(const Caller& caller, const v1::RecommendMissionsRequest& request,
                      v1::RecommendMissionsResponse& response);
  absl::Status InviteVolunteers(const Caller& caller, const v1::InviteVolunteersRequest& request,
                      v1::InviteVolunteersResponse& response);
  absl::Status StaffEvent(const Caller& caller, const v1::StaffEventRequest& request,
                      v1::StaffEventResponse& response);
  absl::Status ListInvitations(const Caller& caller, const v1::ListInvitationsRequest& request,
                      v1::ListInvitationsResponse& response);
  absl::Status RespondToInvitation(const Caller& caller, const v1::RespondToInvitationRequest& request,
                      v1::RespondToInvitationResponse& response);

 private:
  [[maybe_unused]] Backends& backends_;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MATCHING_MATCHING_HANDLERS_H_
