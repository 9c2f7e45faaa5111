#include "services/missions/missions_spec.h"

#include "services/missions/mission_service.h"

namespace renfort::services {

ServiceSpec MissionsSpec() {
  return ServiceSpec{
      .binary_name = "renfort-missions",
      .default_port = 50052,
      .service_names = {renfort::v1::MissionService::service_full_name()},
      .make_services =
          [](Backends& backends, const RpcRunner& rpc) {
            std::vector<std::unique_ptr<grpc::Service>> services;
            services.push_back(std::make_unique<MissionServiceAdapter>(rpc, backends));
            return services;
          },
  };
}

}  // namespace renfort::services
