// renfort: the three services in one process, for local use (scripts/run) and small deployments.
#include "services/matching/matching_spec.h"
#include "services/missions/missions_spec.h"
#include "services/volunteers/volunteers_spec.h"

int main(int argc, char** argv) {
  using renfort::services::ServiceSpec;
  const std::vector<ServiceSpec> parts = {renfort::services::MissionsSpec(),
                                          renfort::services::VolunteersSpec(),
                                          renfort::services::MatchingSpec()};
  ServiceSpec all_in_one{
      .binary_name = "renfort", .default_port = 50051, .service_names = {}, .make_services = {}};
  for (const ServiceSpec& part : parts) {
    all_in_one.service_names.insert(all_in_one.service_names.end(), part.service_names.begin(),
                                    part.service_names.end());
  }
  all_in_one.make_services = [parts](renfort::services::Backends& backends,
                                     const renfort::services::RpcRunner& rpc) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    for (const ServiceSpec& part : parts) {
      for (auto& service : part.make_services(backends, rpc)) services.push_back(std::move(service));
    }
    return services;
  };
  return renfort::services::RunServiceMain(all_in_one, argc, argv);
}
