#include "services/volunteers/volunteers_spec.h"

#include "services/notifier/notifier_startup.h"
#include "services/volunteers/volunteer_service.h"

namespace renfort::services {

ServiceSpec VolunteersSpec() {
  return ServiceSpec{
      .binary_name = "renfort-volunteers",
      .default_port = 50053,
      .service_names = {renfort::v1::VolunteerService::service_full_name()},
      .make_services =
          [](Backends& backends, const RpcRunner& rpc) {
            std::vector<std::unique_ptr<grpc::Service>> services;
            services.push_back(std::make_unique<VolunteerServiceAdapter>(rpc, backends));
            StartNotifierIfEnabled(backends);
            return services;
          },
  };
}

}  // namespace renfort::services
