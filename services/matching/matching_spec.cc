#include "services/matching/matching_spec.h"

#include "absl/flags/flag.h"
#include "services/matching/index_metrics.h"
#include "services/matching/matching_indexer.h"
#include "services/matching/matching_service.h"

ABSL_FLAG(std::string, matching_indexer_group, "",
          "Redis consumer group of this process's matching index (default: matching-indexer-"
          "<host name>). Each process serving MatchingService holds a whole index, so no two "
          "may share a group");
ABSL_FLAG(int, matching_claim_idle_seconds, 30,
          "Entries left pending this long by a dead indexer of the same group are taken over");

ABSL_FLAG(int, invitation_expiry_interval_seconds, 60,
          "How often PROPOSED invitations past their expiry are marked EXPIRED");

namespace renfort::services {

ServiceSpec MatchingSpec() {
  return ServiceSpec{
      .binary_name = "renfort-matching",
      .default_port = 50054,
      .service_names = {renfort::v1::MatchingService::service_full_name()},
      .make_services =
          [](Backends& backends, const RpcRunner& rpc) {
            MatchingIndexerOptions options;
            options.group = absl::GetFlag(FLAGS_matching_indexer_group);
            options.claim_idle = absl::Seconds(absl::GetFlag(FLAGS_matching_claim_idle_seconds));
            auto adapter = std::make_unique<MatchingServiceAdapter>(
                rpc, backends, options,
                absl::Seconds(absl::GetFlag(FLAGS_invitation_expiry_interval_seconds)));
            const LiveIndex* index = &adapter->index();
            // Health stays NOT_SERVING until the first snapshot is in the index.
            backends.readiness_checks.push_back([index] { return index->ReadyStatus(); });
            backends.metric_samplers.push_back(MatchingIndexSampler(*index));
            std::vector<std::unique_ptr<grpc::Service>> services;
            services.push_back(std::move(adapter));
            return services;
          },
  };
}

}  // namespace renfort::services
