#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "renfort/v1/mission_service.pb.h"
#include "tests/support/status_matchers.h"
#include "tests/unit/tools/command_test_util.h"

namespace renfort::ctl {
namespace {

using ::renfort::ctl::testing::Build;
using ::renfort::ctl::testing::BuildError;
using ::renfort::ctl::testing::Format;
using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;

TEST(OrgCreate, BuildsTheOrganisationFromFlags) {
  auto request = Build<v1::CreateOrganisationRequest>(
      "org", "create",
      {"--name=Banque alimentaire du Nord", "--kind=association", "--commune=59350",
       "--rna=W595000001", "--network=banques_alimentaires", "--street=12 rue des Lilas",
       "--manager=u-1,Claire Martin, présidente,claire@example.org",
       "--manager=u-2,Paul,paul@example.org"});
  const v1::Organisation& organisation = request.organisation();
  EXPECT_EQ(organisation.name(), "Banque alimentaire du Nord");
  EXPECT_EQ(organisation.kind(), v1::ORGANISATION_KIND_ASSOCIATION);
  EXPECT_EQ(organisation.address().commune().insee_code(), "59350");
  EXPECT_EQ(organisation.address().street(), "12 rue des Lilas");
  EXPECT_EQ(organisation.rna(), "W595000001");
  ASSERT_EQ(organisation.managers_size(), 2);
  EXPECT_EQ(organisation.managers(0).display_name(), "Claire Martin, présidente");
  EXPECT_EQ(organisation.managers(0).email(), "claire@example.org");
  EXPECT_EQ(organisation.managers(1).user_id(), "u-2");
}

TEST(OrgCreate, ReadsAJsonFileThatFlagsOverride) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "renfortctl_org_test.json").string();
  std::ofstream(path) << R"({"name": "Secours", "kind": "ORGANISATION_KIND_ASSOCIATION",
      "address": {"commune": {"insee_code": "2A004"}},
      "managers": [{"userId": "u-9", "displayName": "Ange", "email": "ange@example.org"}]})";
  auto request = Build<v1::CreateOrganisationRequest>("org", "create",
                                                      {"--file=" + path, "--name=Secours corse"});
  EXPECT_EQ(request.organisation().name(), "Secours corse");
  EXPECT_EQ(request.organisation().address().commune().insee_code(), "2A004");
  EXPECT_EQ(request.organisation().managers(0).user_id(), "u-9");

  std::ofstream(path) << R"({"name": "x", "colour": "red"})";
  EXPECT_THAT(BuildError("org", "create", {"--file=" + path}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--file: '" + path + "' is not valid JSON for Organisation")));
  std::filesystem::remove(path);
}

TEST(OrgCreate, NamesTheMissingOrBadFlag) {
  EXPECT_THAT(BuildError("org", "create", {"--kind=association"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--name")));
  EXPECT_THAT(BuildError("org", "create", {"--name=A", "--kind=association", "--manager=u,A,a@b"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--commune is required")));
  EXPECT_THAT(BuildError("org", "create",
                         {"--name=A", "--kind=association", "--commune=59350", "--manager=u-1"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--manager: expected 'user_id,Display Name,email'")));
  EXPECT_THAT(BuildError("org", "create", {"--name=A", "--kind=club"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--kind: expected one of association")));
}

TEST(OrgList, MapsFiltersAndPaging) {
  auto request = Build<v1::ListOrganisationsRequest>(
      "org", "list",
      {"--dept=974", "--status=pending_review,validated", "--kind=public_body", "--page-size=50",
       "--page-token=abc"});
  EXPECT_EQ(request.department_code(), "974");
  ASSERT_EQ(request.statuses_size(), 2);
  EXPECT_EQ(request.statuses(1), v1::ORGANISATION_STATUS_VALIDATED);
  EXPECT_EQ(request.kind(), v1::ORGANISATION_KIND_PUBLIC_BODY);
  EXPECT_EQ(request.page_size(), 50);
  EXPECT_EQ(request.page_token(), "abc");
}

TEST(OrgReview, RequiresAReasonToRefuse) {
  auto request =
      Build<v1::ReviewOrganisationRequest>("org", "review", {"--id=o-1", "--decision=validate"});
  EXPECT_EQ(request.decision(), v1::ORGANISATION_REVIEW_DECISION_VALIDATE);
  EXPECT_THAT(BuildError("org", "review", {"--id=o-1", "--decision=refuse"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--reason is required")));
  EXPECT_THAT(BuildError("org", "review", {"--decision=validate"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--id is required")));
}

v1::Organisation Sample(const std::string& id, const std::string& name, const std::string& dept) {
  v1::Organisation organisation;
  organisation.set_id(id);
  organisation.set_name(name);
  organisation.set_kind(v1::ORGANISATION_KIND_ASSOCIATION);
  organisation.set_status(v1::ORGANISATION_STATUS_VALIDATED);
  organisation.mutable_address()->mutable_commune()->set_department_code(dept);
  organisation.mutable_address()->mutable_commune()->set_name("Saint-Denis");
  return organisation;
}

TEST(OrgList, PrintsAnAlignedTableAndTheNextPageToken) {
  v1::ListOrganisationsResponse response;
  *response.add_organisations() = Sample("o-1", "Épicerie solidaire", "974");
  *response.add_organisations() = Sample("o-22", "Restos", "59");
  response.set_next_page_token("tok");
  EXPECT_EQ(Format("org", "list", response),
            "ID    NAME                KIND         DEPT  STATUS     NETWORK\n"
            "o-1   Épicerie solidaire  association  974   validated\n"
            "o-22  Restos              association  59    validated\n"
            "next page: --page-token=tok\n");
}

TEST(OrgGet, PrintsFieldsOrJson) {
  v1::GetOrganisationResponse response;
  *response.mutable_organisation() = Sample("o-1", "Épicerie solidaire", "974");
  const std::string text = Format("org", "get", response);
  EXPECT_THAT(text, HasSubstr("name         Épicerie solidaire\n"));
  EXPECT_THAT(text, HasSubstr("département  974\n"));
  const std::string json = Format("org", "get", response, {"--json"});
  EXPECT_THAT(json, HasSubstr("\"name\": \"Épicerie solidaire\""));
  EXPECT_THAT(json, HasSubstr("\"status\": \"ORGANISATION_STATUS_VALIDATED\""));
  EXPECT_THAT(json, HasSubstr("\"managers\": []"));  // scripts may iterate an empty list
}

TEST(OrgGet, ShowsAManagerWithoutNameByTheirUserId) {
  v1::GetOrganisationResponse response;
  response.mutable_organisation()->add_managers()->set_user_id("admin-dev");
  v1::OrganisationManager* claire = response.mutable_organisation()->add_managers();
  claire->set_display_name("Claire");
  claire->set_email("claire@example.org");
  EXPECT_THAT(Format("org", "get", response),
              HasSubstr("managers  admin-dev; Claire <claire@example.org>\n"));
}

}  // namespace
}  // namespace renfort::ctl
