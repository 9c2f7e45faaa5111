#include "services/common/status.h"

#include <gtest/gtest.h>

namespace renfort::services {
namespace {

TEST(ToGrpcStatus, KeepsCodeAndMessageOfClientErrors) {
  const grpc::Status status =
      ToGrpcStatus(absl::InvalidArgumentError("mission.places: must be between 1 and 10000, got 0"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "mission.places: must be between 1 and 10000, got 0");
}

TEST(ToGrpcStatus, MapsEveryCanonicalCodeOneToOne) {
  for (int code = 1; code <= 16; ++code) {
    const absl::Status status(static_cast<absl::StatusCode>(code), "m");
    EXPECT_EQ(static_cast<int>(ToGrpcStatus(status).error_code()), code) << status;
  }
}

TEST(ToGrpcStatus, HidesDetailsOfInternalErrors) {
  const grpc::Status status = ToGrpcStatus(absl::InternalError("relation \"x\" does not exist"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message().find("relation"), std::string::npos);
}

TEST(ToGrpcStatus, OkStaysOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

TEST(StatusCodeName, NamesCodesAsInTheGrpcSpecification) {
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::OK), "OK");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::FAILED_PRECONDITION), "FAILED_PRECONDITION");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
}

}  // namespace
}  // namespace renfort::services
