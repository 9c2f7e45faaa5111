#ifndef RENFORT_SERVICES_MATCHING_MATCHING_HANDLERS_H_
#define RENFORT_SERVICES_MATCHING_MATCHING_HANDLERS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "renfort/v1/matching_service.pb.h"
#include "services/common/auth/caller.h"
#include "services/common/backends.h"
#include "services/matching/live_index.h"

namespace renfort::services {

namespace v1 = ::renfort::v1;

// The domain side of renfort.v1.MatchingService: one method per RPC, called by the gRPC adapter
// after authentication and the access policy, on the blocking executor. Each validates its
// request (INVALID_ARGUMENT naming the field), checks the caller's scope, and fills the
// response. Rankings come from the live index (UNAVAILABLE until its snapshot is loaded);
// writes run in one transaction with their outbox events, then refresh the index at once so
// the caller's next ranking already reflects them (the events do the same for other processes).
class MatchingHandlers {
 public:
  MatchingHandlers(Backends& backends, LiveIndex& index) : backends_(backends), index_(index) {}

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
  absl::Status RespondToInvitation(const Caller& caller,
                                   const v1::RespondToInvitationRequest& request,
                                   v1::RespondToInvitationResponse& response);

 private:
  // The indexed facts of a mission the caller may rank for. NOT_FOUND for an unknown mission,
  // FAILED_PRECONDITION for one that exists but is not PUBLISHED (checked in PostgreSQL when
  // the index does not hold it), PERMISSION_DENIED outside the caller's scope.
  absl::StatusOr<MissionFacts> RankableMission(const Caller& caller, const std::string& mission_id,
                                               bool coordinators_allowed);
  // Scope of a mission for managers (its organisation), coordinators (its département), admins.
  static absl::Status CheckMissionScope(const Caller& caller, const std::string& organisation_id,
                                        const std::string& department_code,
                                        bool coordinators_allowed);
  // Applies a committed write to this process's index right away; a failure is only logged
  // (the write's events bring the index up to date anyway).
  void RefreshAfterWrite(const RefreshSet& set);

  Backends& backends_;
  LiveIndex& index_;
};

// How long a PROPOSED invitation stays open (never past the mission's last day).
inline constexpr absl::Duration kInvitationLifetime = absl::Hours(24 * 7);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MATCHING_MATCHING_HANDLERS_H_
