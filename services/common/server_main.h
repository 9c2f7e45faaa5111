#ifndef RENFORT_SERVICES_COMMON_SERVER_MAIN_H_
#define RENFORT_SERVICES_COMMON_SERVER_MAIN_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/impl/service_type.h>

#include "services/common/backends.h"
#include "services/common/rpc_runner.h"

namespace renfort::services {

// What distinguishes one server binary from another; everything else is shared.
struct ServiceSpec {
  std::string binary_name;  // "renfort-missions", used in logs and error lines
  int default_port;         // when neither --port nor RENFORT_PORT is given
  // Fully qualified names ("renfort.v1.MissionService"), reported by the health service.
  std::vector<std::string> service_names;
  // Builds the services once the backends are open; every RPC goes through `rpc`, which
  // authenticates and authorises it. The services live until the server has stopped.
  std::function<std::vector<std::unique_ptr<grpc::Service>>(Backends& backends,
                                                             const RpcRunner& rpc)>
      make_services;
};

// The whole life of a server process:
//  1. parses flags and RENFORT_* variables, opens PostgreSQL and Redis (one clear error line and
//     exit code 1 when something is wrong or unreachable, 2 for bad configuration);
//  2. serves the services plus grpc.health.v1.Health and server reflection, logging one line per
//     call; health ("" and each service name) is NOT_SERVING until the database answers with
//     the expected schema, and is re-checked every few seconds; the health name "liveness" is
//     SERVING from start to SIGTERM (for liveness probes that must not follow the database);
//  3. on SIGHUP: re-reads the token verification keys (a bad file keeps the old keys);
//  4. on SIGTERM or SIGINT: health goes NOT_SERVING, in-flight calls get
//     --shutdown_grace_seconds to finish, then the server stops and the process exits 0; calls
//     still running at the end of the grace period are abandoned (their clients see the
//     connection close) and the process exits 0 at once rather than wait for them.
// Call from main() before any other thread starts (signals are blocked for every thread).
int RunServiceMain(const ServiceSpec& spec, int argc, char** argv);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_SERVER_MAIN_H_
