#ifndef RENFORT_SERVICES_MATCHING_MATCHING_SERVICE_H_
#define RENFORT_SERVICES_MATCHING_MATCHING_SERVICE_H_

#include <memory>

#include "renfort/v1/matching_service.grpc.pb.h"
#include "services/common/rpc_runner.h"
#include "services/matching/invitation_expirer.h"
#include "services/matching/live_index.h"
#include "services/matching/matching_handlers.h"
#include "services/matching/matching_indexer.h"

namespace renfort::services {

// The gRPC adapter of renfort.v1.MatchingService: every RPC goes through the RpcRunner (token,
// access policy, executor, status mapping) to MatchingHandlers. It also owns the process's live
// index, the indexer that keeps it fresh and the invitation expirer (started here, stopped on
// destruction, after the server has stopped serving).
class MatchingServiceAdapter final : public ::renfort::v1::MatchingService::CallbackService {
 public:
  MatchingServiceAdapter(const RpcRunner& rpc, Backends& backends,
                         MatchingIndexerOptions indexer_options, absl::Duration expiry_interval)
      : rpc_(rpc),
        index_(std::make_unique<LiveIndex>()),
        indexer_(std::make_unique<MatchingIndexer>(*backends.database, backends.redis, *index_,
                                                   std::move(indexer_options))),
        expirer_(std::make_unique<InvitationExpirer>(*backends.database, *index_, expiry_interval)),
        handlers_(backends, *index_) {
    indexer_->Start();
    expirer_->Start();
  }
  ~MatchingServiceAdapter() override {
    expirer_->Stop();
    indexer_->Stop();
  }

  const LiveIndex& index() const { return *index_; }

  RENFORT_UNARY_RPC(MatchingService, RankVolunteers)
  RENFORT_UNARY_RPC(MatchingService, RecommendMissions)
  RENFORT_UNARY_RPC(MatchingService, InviteVolunteers)
  RENFORT_UNARY_RPC(MatchingService, StaffEvent)
  RENFORT_UNARY_RPC(MatchingService, ListInvitations)
  RENFORT_UNARY_RPC(MatchingService, RespondToInvitation)

 private:
  const RpcRunner& rpc_;
  std::unique_ptr<LiveIndex> index_;
  std::unique_ptr<MatchingIndexer> indexer_;
  std::unique_ptr<InvitationExpirer> expirer_;
  MatchingHandlers handlers_;
};

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_MATCHING_MATCHING_SERVICE_H_
