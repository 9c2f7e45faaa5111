#include "services/missions/mission_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"

namespace renfort::services {
namespace {

using ::renfort::testing::IsOk;
using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;

v1::Mission ValidMission() {
  v1::Mission mission;
  mission.set_title("Maraude du soir");
  mission.set_description("Aller à la rencontre des personnes sans abri.");
  mission.set_domain(v1::DOMAIN_SOLIDARITY_INSERTION);
  mission.add_beneficiaries(v1::BENEFICIARY_PEOPLE_IN_DIFFICULTY);
  mission.set_format(v1::FORMAT_IN_PERSON);
  mission.add_addresses()->mutable_commune()->set_insee_code("2A004");
  v1::Schedule& schedule = *mission.mutable_schedule();
  schedule.set_kind(v1::SCHEDULE_KIND_ONE_OFF);
  v1::DatedSlot& slot = *schedule.add_dated_slots();
  slot.mutable_date()->set_year(2030);
  slot.mutable_date()->set_month(1);
  slot.mutable_date()->set_day(5);
  slot.set_start_minute(1200);
  slot.set_end_minute(1380);
  mission.set_places(3);
  return mission;
}

TEST(MissionValidationTest, ValidMissionPasses) {
  EXPECT_THAT(ValidateMissionContent(ValidMission()), IsOk());
}

TEST(MissionValidationTest, TitleAndDescriptionLengthsCountCharactersNotBytes) {
  v1::Mission mission = ValidMission();
  std::string title;
  for (int i = 0; i < 150; ++i) title += "é";
  mission.set_title(title);
  EXPECT_THAT(ValidateMissionContent(mission), IsOk());
  mission.set_title(title + "é");
  EXPECT_THAT(ValidateMissionContent(mission),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mission.title")));
  mission = ValidMission();
  mission.set_description(std::string(10000, 'a'));
  EXPECT_THAT(ValidateMissionContent(mission), IsOk());
  mission.set_description(std::string(10001, 'a'));
  EXPECT_THAT(ValidateMissionContent(mission),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mission.description")));
}

TEST(MissionValidationTest, RemoteMissionsHaveNoAddressOthersNeedOne) {
  v1::Mission mission = ValidMission();
  mission.set_format(v1::FORMAT_REMOTE);
  EXPECT_THAT(ValidateMissionContent(mission),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mission.addresses")));
  mission.clear_addresses();
  EXPECT_THAT(ValidateMissionContent(mission), IsOk());
  mission.set_format(v1::FORMAT_HYBRID);
  EXPECT_THAT(ValidateMissionContent(mission),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mission.addresses")));
}

TEST(MissionValidationTest, InseeCodesAreCheckedForShape) {
  v1::Mission mission = ValidMission();
  mission.mutable_addresses(0)->mutable_commune()->set_insee_code("2C004");
  EXPECT_THAT(ValidateMissionContent(mission),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("mission.addresses[0].commune.insee_code")));
}

TEST(MissionValidationTest, BeneficiariesAreDistinctAndAnyPublicStandsAlone) {
  v1::Mission mission = ValidMission();
  mission.add_beneficiaries(v1::BENEFICIARY_PEOPLE_IN_DIFFICULTY);
  EXPECT_THAT(ValidateMissionContent(mission),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mission.beneficiaries[1]")));
  mission = ValidMission();
  mission.add_beneficiaries(v1::BENEFICIARY_ANY_PUBLIC);
  EXPECT_THAT(ValidateMissionContent(mission),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ANY_PUBLIC")));
}

TEST(MissionValidationTest, CommitmentSpanNeedsAUnit) {
  v1::Mission mission = ValidMission();
  mission.mutable_commitment()->set_duration_minutes(120);
  mission.mutable_commitment()->set_period(v1::COMMITMENT_PERIOD_WEEK);
  mission.mutable_commitment()->set_minimum_span(3);
  EXPECT_THAT(ValidateMissionContent(mission),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("mission.commitment.minimum_span_unit")));
  mission.mutable_commitment()->set_minimum_span_unit(v1::COMMITMENT_PERIOD_MONTH);
  EXPECT_THAT(ValidateMissionContent(mission), IsOk());
}

TEST(MissionValidationTest, PublishedMissionsKeepTheTermsVolunteersAppliedUnder) {
  const std::set<std::string> draft = FieldsUpdatableIn(v1::MISSION_STATUS_DRAFT);
  const std::set<std::string> published = FieldsUpdatableIn(v1::MISSION_STATUS_PUBLISHED);
  EXPECT_EQ(draft, UpdatableMissionFields());
  EXPECT_EQ(published.count("format"), 0u);
  EXPECT_EQ(published.count("open_to_minors"), 0u);
  EXPECT_EQ(published.count("title"), 1u);
  EXPECT_TRUE(FieldsUpdatableIn(v1::MISSION_STATUS_CLOSED).empty());
  EXPECT_TRUE(FieldsUpdatableIn(v1::MISSION_STATUS_CANCELLED).empty());
}

TEST(MissionValidationTest, OrganisationIdentifiersHaveTheirOfficialShape) {
  v1::Organisation organisation;
  organisation.set_name("Secours du quartier");
  organisation.set_kind(v1::ORGANISATION_KIND_ASSOCIATION);
  organisation.mutable_address()->mutable_commune()->set_insee_code("75056");
  v1::OrganisationManager* manager = organisation.add_managers();
  manager->set_user_id("u1");
  manager->set_display_name("Alex");
  manager->set_email("alex@example.org");
  EXPECT_THAT(ValidateNewOrganisation(organisation), IsOk());
  organisation.set_siret("1234567890123a");
  EXPECT_THAT(ValidateNewOrganisation(organisation),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("organisation.siret")));
  organisation.set_siret("12345678901234");
  organisation.set_rna("W12345678");
  EXPECT_THAT(ValidateNewOrganisation(organisation),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("organisation.rna")));
}

TEST(MissionValidationTest, ReasonsAreBounded) {
  EXPECT_THAT(ValidateReason("reason", "", true),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
  EXPECT_THAT(ValidateReason("reason", "", false), IsOk());
  EXPECT_THAT(ValidateReason("reason", std::string(1001, 'a'), false),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
}

}  // namespace
}  // namespace renfort::services
