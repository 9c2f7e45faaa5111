// Accepting a volunteer whose ACCEPTED participations overlap in time: refused naming the
// conflicting mission; back-to-back is fine; each mission's slots are local to its
// département's time zone.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/participations/fixtures.h"

namespace renfort::testing {
namespace {

using ::testing::HasSubstr;

class OverlapTest : public ParticipationTest {
 protected:
  // Applies `volunteer` to `mission` and has the organisation accept; returns the status of
  // the acceptance.
  grpc::Status ApplyAndAccept(const std::string& volunteer, const std::string& organisation,
                              const std::string& mission, std::string* participation_id = nullptr) {
    v1::Participation p;
    const grpc::Status applied = Apply(Volunteer(volunteer), mission, &p);
    if (!applied.ok()) return applied;
    if (participation_id != nullptr) *participation_id = p.id();
    return Transition(Manager(organisation), Action(p.id(), v1::PARTICIPATION_ACTION_ACCEPT),
                      nullptr);
  }
};

TEST_F(OverlapTest, OneOffSlots_OverlapIsRefusedAndBackToBackAllowed) {
  const std::string organisation = fixtures_->Organisation();
  const std::string morning = fixtures_->Mission(
      organisation, {.title = "Tri du matin", .dated_slots = {{"2030-03-09", 9 * 60, 12 * 60}}});
  const std::string overlapping = fixtures_->Mission(
      organisation, {.title = "Distribution", .dated_slots = {{"2030-03-09", 11 * 60, 13 * 60}}});
  const std::string afternoon = fixtures_->Mission(
      organisation, {.title = "Après-midi", .dated_slots = {{"2030-03-09", 12 * 60, 15 * 60}}});
  const std::string volunteer = fixtures_->Volunteer();
  ASSERT_TRUE(Ok(ApplyAndAccept(volunteer, organisation, morning)));

  std::string refused_id;
  const grpc::Status refused = ApplyAndAccept(volunteer, organisation, overlapping, &refused_id);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr("Tri du matin"));
  EXPECT_THAT(refused.error_message(), HasSubstr(morning));
  // Nothing changed: still PENDING, one transition.
  v1::Participation still;
  ASSERT_TRUE(Ok(Get(AdminCaller(), refused_id, &still)));
  EXPECT_EQ(still.status(), v1::PARTICIPATION_STATUS_PENDING);
  EXPECT_EQ(still.transitions_size(), 1);

  EXPECT_TRUE(Ok(ApplyAndAccept(volunteer, organisation, afternoon)));
}

TEST_F(OverlapTest, OnlyAcceptedParticipationsCount) {
  const std::string organisation = fixtures_->Organisation();
  const std::string a =
      fixtures_->Mission(organisation, {.dated_slots = {{"2030-03-09", 540, 720}}});
  const std::string b =
      fixtures_->Mission(organisation, {.dated_slots = {{"2030-03-09", 600, 660}}});
  const std::string volunteer = fixtures_->Volunteer();
  // Pending in a, then accepted in b: a's pending participation does not block.
  ASSERT_TRUE(Ok(Apply(Volunteer(volunteer), a, nullptr)));
  EXPECT_TRUE(Ok(ApplyAndAccept(volunteer, organisation, b)));
  // Another volunteer is not concerned either.
  EXPECT_TRUE(Ok(ApplyAndAccept(fixtures_->Volunteer(), organisation, a)));
}

TEST_F(OverlapTest, WeeklySlots_OverlapOnTheSameWeekdayWithinOverlappingDateRanges) {
  const std::string organisation = fixtures_->Organisation();
  // Wednesdays 14:00–16:00, September to June.
  const std::string tutoring =
      fixtures_->Mission(organisation, {.title = "Soutien scolaire",
                                        .start_date = "2030-09-01",
                                        .end_date = "2031-06-30",
                                        .weekly_slots = {{3, 14 * 60, 16 * 60}}});
  const std::string same_wednesday =
      fixtures_->Mission(organisation, {.title = "Atelier",
                                        .start_date = "2031-01-01",
                                        .end_date = "",
                                        .weekly_slots = {{3, 15 * 60, 17 * 60}}});
  const std::string next_summer =
      fixtures_->Mission(organisation, {.title = "Été",
                                        .start_date = "2031-07-01",
                                        .end_date = "2031-08-31",
                                        .weekly_slots = {{3, 14 * 60, 16 * 60}}});
  const std::string right_after =
      fixtures_->Mission(organisation, {.title = "Goûter",
                                        .start_date = "2030-09-01",
                                        .end_date = "2031-06-30",
                                        .weekly_slots = {{3, 16 * 60, 17 * 60}}});
  const std::string one_wednesday = fixtures_->Mission(
      organisation, {.title = "Sortie", .dated_slots = {{"2030-10-02", 15 * 60, 18 * 60}}});
  const std::string volunteer = fixtures_->Volunteer();
  ASSERT_TRUE(Ok(ApplyAndAccept(volunteer, organisation, tutoring)));

  const grpc::Status refused = ApplyAndAccept(volunteer, organisation, same_wednesday);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr("Soutien scolaire"));
  const grpc::Status dated = ApplyAndAccept(volunteer, organisation, one_wednesday);
  EXPECT_EQ(dated.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(Ok(ApplyAndAccept(volunteer, organisation, next_summer)));
  EXPECT_TRUE(Ok(ApplyAndAccept(volunteer, organisation, right_after)));
}

// A Réunion mission at 09:00 is at 09:00 Réunion time (UTC+4): it does not meet a Paris
// mission at 09:00 Paris time, but meets one at 06:30 Paris time in winter (UTC+1).
TEST_F(OverlapTest, SlotsAreComparedAsInstantsInEachMissionsTimeZone) {
  const std::string reunion_org = fixtures_->Organisation({.department_code = "974"});
  const std::string paris_org = fixtures_->Organisation({.department_code = "75"});
  const std::string reunion = fixtures_->Mission(
      reunion_org,
      {.title = "Maraude à Saint-Denis", .dated_slots = {{"2030-01-15", 9 * 60, 10 * 60}}});
  const std::string paris_same_clock =
      fixtures_->Mission(paris_org, {.title = "Maraude à Paris",
                                     .format = "REMOTE",
                                     .dated_slots = {{"2030-01-15", 9 * 60, 10 * 60}}});
  const std::string paris_same_instant =
      fixtures_->Mission(paris_org, {.title = "Permanence téléphonique",
                                     .format = "REMOTE",
                                     .dated_slots = {{"2030-01-15", 6 * 60 + 30, 7 * 60 + 30}}});
  const std::string volunteer = fixtures_->Volunteer();
  ASSERT_TRUE(Ok(ApplyAndAccept(volunteer, reunion_org, reunion)));
  EXPECT_TRUE(Ok(ApplyAndAccept(volunteer, paris_org, paris_same_clock)));
  const grpc::Status refused = ApplyAndAccept(volunteer, paris_org, paris_same_instant);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr("Maraude à Saint-Denis"));
}

}  // namespace
}  // namespace renfort::testing
