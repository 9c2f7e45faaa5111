#include "services/volunteers/volunteers_spec.h"

#include "renfort/v1/volunteer_service.grpc.pb.h"

namespace renfort::services {

ServiceSpec VolunteersSpec() {
  return ServiceSpec{
      .binary_name = "renfort-volunteers",
      .default_port = 50053,
      .service_names = {renfort::v1::VolunteerService::service_full_name()},
      .make_services =
          [](Backends&) {
            // The RPC handlers are not written yet: the generated base class answers each RPC
            // with the standard "method not implemented" status, and reflection lists them all.
            std::vector<std::unique_ptr<grpc::Service>> services;
            services.push_back(std::make_unique<renfort::v1::VolunteerService::CallbackService>());
            return services;
          },
  };
}

}  // namespace renfort::services
