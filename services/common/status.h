#ifndef RENFORT_SERVICES_COMMON_STATUS_H_
#define RENFORT_SERVICES_COMMON_STATUS_H_

#include "absl/strings/string_view.h"

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace renfort::services {

// The one place where an internal absl::Status becomes the grpc::Status a client sees. Codes map
// one to one (both follow google.rpc.Code); INTERNAL and UNKNOWN messages are replaced by a
// generic text, since they can carry implementation details that are none of the client's business.
grpc::Status ToGrpcStatus(const absl::Status& status);

// "OK", "INVALID_ARGUMENT", ...: the canonical name of a gRPC status code, for logs.
absl::string_view StatusCodeName(grpc::StatusCode code);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_STATUS_H_
