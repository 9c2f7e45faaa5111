#include "services/common/auth/access_policy.h"

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <map>

#include "renfort/v1/matching_service.pb.h"
#include "renfort/v1/mission_service.pb.h"
#include "renfort/v1/volunteer_service.pb.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_keys.h"

namespace renfort::services {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;

constexpr const char* kServices[] = {"renfort.v1.MissionService", "renfort.v1.VolunteerService",
                                     "renfort.v1.MatchingService"};

std::vector<std::string> EveryRpcOfTheApi() {
  std::vector<std::string> methods;
  for (const char* service_name : kServices) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_name);
    EXPECT_NE(service, nullptr) << service_name;
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back("/" + service->full_name() + "/" + service->method(i)->name());
    }
  }
  return methods;
}

TEST(AccessPolicy, HasExactlyOneRowForEveryRpcOfTheApi) {
  // Referencing the generated files links their descriptors into this test.
  ASSERT_NE(v1::CreateMissionRequest::descriptor(), nullptr);
  ASSERT_NE(v1::RegisterVolunteerRequest::descriptor(), nullptr);
  ASSERT_NE(v1::RankVolunteersRequest::descriptor(), nullptr);
  const std::vector<std::string> methods = EveryRpcOfTheApi();
  EXPECT_EQ(methods.size(), 37u);

  std::map<std::string, int> rows;
  for (const RpcPolicy& row : AccessPolicy()) ++rows[std::string(row.method)];
  for (const std::string& method : methods) {
    EXPECT_EQ(rows[method], 1) << method << " needs exactly one access rule";
  }
  EXPECT_EQ(AccessPolicy().size(), methods.size()) << "the table names an RPC the API lacks";
  for (const RpcPolicy& row : AccessPolicy()) {
    EXPECT_FALSE(row.roles.empty()) << row.method;
  }
}

TEST(CheckRole, LetsAnAllowedRoleThrough) {
  EXPECT_THAT(CheckRole(testing::VolunteerCaller(), "/renfort.v1.MissionService/Apply"), IsOk());
  EXPECT_THAT(CheckRole(testing::AdminCaller(), "/renfort.v1.MissionService/CreateMission"), IsOk());
}

TEST(CheckRole, RefusesOtherRolesNamingTheMethodAndTheAllowedRoles) {
  EXPECT_THAT(CheckRole(testing::VolunteerCaller(), "/renfort.v1.MissionService/CreateMission"),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       HasSubstr("(volunteer) may not call /renfort.v1.MissionService/CreateMission; "
                                 "allowed: org_manager, admin")));
}

TEST(CheckRole, FailsClosedForMethodsMissingFromTheTable) {
  EXPECT_THAT(CheckRole(testing::AdminCaller(), "/renfort.v1.MissionService/DropEverything"),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("no access rule")));
}

TEST(Caller, ScopeChecksFollowTheClaims) {
  EXPECT_THAT(testing::VolunteerCaller("v1").RequireSelf("v1"), IsOk());
  EXPECT_THAT(testing::VolunteerCaller("v1").RequireSelf("v2"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(testing::OrgManagerCaller("o1").RequireOrganisation("o1"), IsOk());
  EXPECT_THAT(testing::OrgManagerCaller("o1").RequireOrganisation("o2"),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("o2")));
  EXPECT_THAT(testing::CoordinatorCaller("59").RequireDepartment("59"), IsOk());
  EXPECT_THAT(testing::CoordinatorCaller("59").RequireDepartment("62"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  // A volunteer token naming an organisation is not a manager of it.
  Caller volunteer = testing::VolunteerCaller("v1");
  volunteer.organisation_ids = {"o1"};
  EXPECT_FALSE(volunteer.ManagesOrganisation("o1"));
}

TEST(Caller, AdminsPassEveryScopeCheck) {
  const Caller admin = testing::AdminCaller();
  EXPECT_THAT(admin.RequireSelf("anyone"), IsOk());
  EXPECT_THAT(admin.RequireOrganisation("any"), IsOk());
  EXPECT_THAT(admin.RequireDepartment("2A"), IsOk());
  EXPECT_THAT(admin.RequireNetwork("n"), IsOk());
}

}  // namespace
}  // namespace renfort::services
