#include "services/missions/missions_spec.h"

#include "renfort/v1/mission_service.grpc.pb.h"

namespace renfort::services {

ServiceSpec MissionsSpec() {
  return ServiceSpec{
      .binary_name = "renfort-missions",
      .default_port = 50052,
      .service_names = {renfort::v1::MissionService::service_full_name()},
      .make_services =
          [](Backends&) {
            // The RPC handlers are not written yet: the generated base class answers each RPC
            // with the standard "method not implemented" status, and reflection lists them all.
            std::vector<std::unique_ptr<grpc::Service>> services;
            services.push_back(std::make_unique<renfort::v1::MissionService::CallbackService>());
            return services;
          },
  };
}

}  // namespace renfort::services
