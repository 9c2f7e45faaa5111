#include "services/matching/matching_spec.h"

#include "services/matching/matching_service.h"

namespace renfort::services {

ServiceSpec MatchingSpec() {
  return ServiceSpec{
      .binary_name = "renfort-matching",
      .default_port = 50054,
      .service_names = {renfort::v1::MatchingService::service_full_name()},
      .make_services =
          [](Backends& backends, const RpcRunner& rpc) {
            std::vector<std::unique_ptr<grpc::Service>> services;
            services.push_back(std::make_unique<MatchingServiceAdapter>(rpc, backends));
            return services;
          },
  };
}

}  // namespace renfort::services
