#include "services/common/auth/volunteer_view.h"

#include <gtest/gtest.h>

#include "tests/support/test_keys.h"

namespace renfort::services {
namespace {

v1::Volunteer Camille() {
  v1::Volunteer volunteer;
  volunteer.set_id("vol-1");
  volunteer.set_first_name("Camille");
  volunteer.set_last_name("Élie");
  volunteer.set_email("camille@example.org");
  volunteer.set_phone("+33612345678");
  volunteer.mutable_birth_date()->set_year(1990);
  volunteer.add_skills("premiers_secours_psc1");
  return volunteer;
}

TEST(RestrictVolunteerView, TheVolunteerThemselfReadsEverything) {
  v1::Volunteer volunteer = Camille();
  RestrictVolunteerView(testing::VolunteerCaller("vol-1"), VolunteerRelation::kNone, volunteer);
  EXPECT_EQ(volunteer.SerializeAsString(), Camille().SerializeAsString());
}

TEST(RestrictVolunteerView, AdminsReadEverything) {
  v1::Volunteer volunteer = Camille();
  RestrictVolunteerView(testing::AdminCaller(), VolunteerRelation::kNone, volunteer);
  EXPECT_EQ(volunteer.SerializeAsString(), Camille().SerializeAsString());
}

TEST(RestrictVolunteerView, AnotherVolunteerGetsThePseudonymousView) {
  v1::Volunteer volunteer = Camille();
  RestrictVolunteerView(testing::VolunteerCaller("vol-2"), VolunteerRelation::kNone, volunteer);
  EXPECT_EQ(volunteer.last_name(), "É.");
  EXPECT_TRUE(volunteer.email().empty());
}

TEST(RestrictVolunteerView, RelatedManagerGetsContactDataButNoBirthDate) {
  v1::Volunteer volunteer = Camille();
  RestrictVolunteerView(testing::OrgManagerCaller(),
                        VolunteerRelation::kRelatedToCallersOrganisation, volunteer);
  EXPECT_EQ(volunteer.email(), "camille@example.org");
  EXPECT_EQ(volunteer.phone(), "+33612345678");
  EXPECT_EQ(volunteer.last_name(), "Élie");
  EXPECT_FALSE(volunteer.has_birth_date());
}

TEST(RestrictVolunteerView, UnrelatedManagerAndCoordinatorGetNoContactData) {
  for (const Caller& caller : {testing::OrgManagerCaller(), testing::CoordinatorCaller()}) {
    v1::Volunteer volunteer = Camille();
    RestrictVolunteerView(caller, VolunteerRelation::kNone, volunteer);
    EXPECT_EQ(volunteer.first_name(), "Camille");
    EXPECT_EQ(volunteer.last_name(), "É.");  // a two-byte UTF-8 initial stays whole
    EXPECT_TRUE(volunteer.email().empty());
    EXPECT_TRUE(volunteer.phone().empty());
    EXPECT_FALSE(volunteer.has_birth_date());
    EXPECT_EQ(volunteer.skills_size(), 1);
  }
}

TEST(RestrictVolunteerView, ACoordinatorWhoIsAlsoARelatedManagerStillNeedsTheRelation) {
  Caller caller = testing::CoordinatorCaller();
  caller.roles.push_back(Role::kOrgManager);
  v1::Volunteer volunteer = Camille();
  RestrictVolunteerView(caller, VolunteerRelation::kNone, volunteer);
  EXPECT_TRUE(volunteer.email().empty());
}

}  // namespace
}  // namespace renfort::services
