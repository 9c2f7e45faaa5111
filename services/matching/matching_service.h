#ifndef RENFORT_SERVICES_MATCHING_MATCHING_SERVICE_H_
#define RENFORT_SERVICES_MATCHING_MATCHING_SERVICE_H_

#include "renfort/v1/matching_service.grpc.pb.h"
#include "services/common/rpc_runner.h"
#include "services/matching/matching_handlers.h"

namespace renfort::services {

// The gRPC adapter of renfort.v1.MatchingService: every RPC goes through the RpcRunner (token, access
// policy, executor, status mapping) to MatchingHandlers. Nothing else happens here.
class MatchingServiceAdapter final : public ::renfort::v1::MatchingService::CallbackService {
 public:
  MatchingServiceAdapter(const RpcRunner& rpc, Backends& backends) : rpc_(rpc), handlers_(backends) {}

  RENFORT_UNARY_RPC(MatchingService, RankVolunteers)
  RENFORT_UNARY_RPC(MatchingService, RecommendMissions)
  RENFORT_UNARY_RPC(MatchingService, InviteVolunteers)
  RENFORT_UNARY_RPC(MatchingService, StaffEvent)
  RENFORT_UNARY_RPC(MatchingService, ListInvitations)
  RENFORT_UNARY_RPC(MatchingService, RespondToInvitation)

 private:
  const RpcRunner& rpc_;
  MatchingHandlers handlers_;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MATCHING_MATCHING_SERVICE_H_
