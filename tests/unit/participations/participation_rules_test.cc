#include "services/missions/participation_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"

namespace renfort::services {
namespace {

namespace v1 = ::renfort::v1;
using ::renfort::testing::IsOk;
using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;

v1::Date D(int year, int month, int day) {
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

v1::Mission PublishedMission() {
  v1::Mission mission;
  mission.set_id("m");
  mission.set_status(v1::MISSION_STATUS_PUBLISHED);
  mission.set_format(v1::FORMAT_IN_PERSON);
  *mission.mutable_start_date() = D(2030, 3, 1);
  return mission;
}

v1::Volunteer Adult() {
  v1::Volunteer volunteer;
  volunteer.set_status(v1::VOLUNTEER_STATUS_ACTIVE);
  *volunteer.mutable_birth_date() = D(1990, 1, 1);
  volunteer.set_accepts_in_person(true);
  return volunteer;
}

TEST(ParticipationRulesTest, AgeOn_CountsBirthdaysInclusively) {
  EXPECT_EQ(AgeOn(D(2012, 3, 1), absl::CivilDay(2030, 3, 1)), 18);
  EXPECT_EQ(AgeOn(D(2012, 3, 2), absl::CivilDay(2030, 3, 1)), 17);
  EXPECT_EQ(AgeOn(D(2012, 2, 29), absl::CivilDay(2030, 2, 28)), 17);
}

TEST(ParticipationRulesTest, CheckCanApply_UsesTheLaterOfStartAndToday) {
  v1::Mission mission = PublishedMission();
  *mission.mutable_start_date() = D(2020, 1, 1);  // started long ago
  v1::Volunteer volunteer = Adult();
  *volunteer.mutable_birth_date() = D(2004, 6, 1);  // 15 at the start, 18 in 2022
  EXPECT_THAT(CheckCanApply(mission, volunteer, "", absl::CivilDay(2022, 6, 1)), IsOk());
  EXPECT_THAT(CheckCanApply(mission, volunteer, "", absl::CivilDay(2022, 5, 31)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(ParticipationRulesTest, CheckCanApply_RefusesErasedVolunteers) {
  v1::Volunteer volunteer = Adult();
  volunteer.set_status(v1::VOLUNTEER_STATUS_DELETED);
  EXPECT_THAT(CheckCanApply(PublishedMission(), volunteer, "", absl::CivilDay(2027, 1, 1)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("erased")));
}

TEST(ParticipationRulesTest, TargetStatus_FollowsTheStateMachine) {
  using A = v1::ParticipationAction;
  using S = v1::ParticipationStatus;
  const std::vector<std::tuple<S, A, S>> legal = {
      {v1::PARTICIPATION_STATUS_PENDING, v1::PARTICIPATION_ACTION_START_REVIEW,
       v1::PARTICIPATION_STATUS_IN_REVIEW},
      {v1::PARTICIPATION_STATUS_PENDING, v1::PARTICIPATION_ACTION_ACCEPT,
       v1::PARTICIPATION_STATUS_ACCEPTED},
      {v1::PARTICIPATION_STATUS_IN_REVIEW, v1::PARTICIPATION_ACTION_ACCEPT,
       v1::PARTICIPATION_STATUS_ACCEPTED},
      {v1::PARTICIPATION_STATUS_PENDING, v1::PARTICIPATION_ACTION_REFUSE,
       v1::PARTICIPATION_STATUS_REFUSED},
      {v1::PARTICIPATION_STATUS_IN_REVIEW, v1::PARTICIPATION_ACTION_REFUSE,
       v1::PARTICIPATION_STATUS_REFUSED},
      {v1::PARTICIPATION_STATUS_WAITLISTED, v1::PARTICIPATION_ACTION_CANCEL,
       v1::PARTICIPATION_STATUS_CANCELLED},
      {v1::PARTICIPATION_STATUS_PENDING, v1::PARTICIPATION_ACTION_CANCEL,
       v1::PARTICIPATION_STATUS_CANCELLED},
      {v1::PARTICIPATION_STATUS_IN_REVIEW, v1::PARTICIPATION_ACTION_CANCEL,
       v1::PARTICIPATION_STATUS_CANCELLED},
      {v1::PARTICIPATION_STATUS_ACCEPTED, v1::PARTICIPATION_ACTION_CANCEL,
       v1::PARTICIPATION_STATUS_CANCELLED},
      {v1::PARTICIPATION_STATUS_ACCEPTED, v1::PARTICIPATION_ACTION_MARK_DONE,
       v1::PARTICIPATION_STATUS_DONE},
      {v1::PARTICIPATION_STATUS_ACCEPTED, v1::PARTICIPATION_ACTION_MARK_NO_SHOW,
       v1::PARTICIPATION_STATUS_NO_SHOW},
  };
  int legal_count = 0;
  for (int from = 1; from <= 8; ++from) {
    for (int action = 1; action <= 6; ++action) {
      const auto result = TargetStatus(static_cast<S>(from), static_cast<A>(action));
      const auto expected = std::find_if(legal.begin(), legal.end(), [&](const auto& row) {
        return std::get<0>(row) == from && std::get<1>(row) == action;
      });
      if (expected == legal.end()) {
        EXPECT_THAT(result, StatusIs(absl::StatusCode::kFailedPrecondition))
            << from << " " << action;
      } else {
        ++legal_count;
        ASSERT_THAT(result, IsOk());
        EXPECT_EQ(*result, std::get<2>(*expected));
      }
    }
  }
  EXPECT_EQ(legal_count, static_cast<int>(legal.size()));
}

TEST(ParticipationRulesTest, ActingRole_LetsVolunteersOnlyCancelTheirOwn) {
  const Caller volunteer{.subject = "v1", .roles = {Role::kVolunteer}};
  EXPECT_THAT(ActingRole(volunteer, v1::PARTICIPATION_ACTION_CANCEL, "v1", "o"), IsOk());
  EXPECT_THAT(ActingRole(volunteer, v1::PARTICIPATION_ACTION_ACCEPT, "v1", "o"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(ActingRole(volunteer, v1::PARTICIPATION_ACTION_CANCEL, "v2", "o"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  const Caller manager{.subject = "m", .roles = {Role::kOrgManager}, .organisation_ids = {"o"}};
  EXPECT_EQ(*ActingRole(manager, v1::PARTICIPATION_ACTION_ACCEPT, "v1", "o"),
            v1::ACTOR_ROLE_ORG_MANAGER);
  EXPECT_THAT(ActingRole(manager, v1::PARTICIPATION_ACTION_ACCEPT, "v1", "other"),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST(ParticipationRulesTest, ValidateTransitionRequest_NamesTheField) {
  v1::TransitionParticipationRequest request;
  request.set_participation_id("1f0e9a4c-3b2d-4c5e-8f70-123456789abc");
  request.set_action(v1::PARTICIPATION_ACTION_REFUSE);
  EXPECT_THAT(ValidateTransitionRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
  request.set_reason(v1::PARTICIPATION_REASON_MISSION_TERMINATED);
  EXPECT_THAT(ValidateTransitionRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reserved")));
  request.set_reason(v1::PARTICIPATION_REASON_OTHER);
  EXPECT_THAT(ValidateTransitionRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("note")));
  request.set_note("Mission déplacée");
  EXPECT_THAT(ValidateTransitionRequest(request), IsOk());

  request = v1::TransitionParticipationRequest();
  request.set_participation_id("1f0e9a4c-3b2d-4c5e-8f70-123456789abc");
  request.set_action(v1::PARTICIPATION_ACTION_MARK_DONE);
  EXPECT_THAT(ValidateTransitionRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("hours")));
  request.set_hours(0);
  EXPECT_THAT(ValidateTransitionRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("hours")));
  request.set_hours(1000.5);
  EXPECT_THAT(ValidateTransitionRequest(request), StatusIs(absl::StatusCode::kInvalidArgument));
  request.set_hours(0.004);
  EXPECT_THAT(ValidateTransitionRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("0.01")));
  request.set_hours(3.456);
  EXPECT_THAT(ValidateTransitionRequest(request), IsOk());
  EXPECT_DOUBLE_EQ(HoursGiven(request), 3.46);
  request.mutable_attendance()->mutable_check_in_time()->set_seconds(1000);
  request.mutable_attendance()->mutable_check_out_time()->set_seconds(1000);
  EXPECT_THAT(ValidateTransitionRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("check_out_time")));
  request.mutable_attendance()->mutable_check_out_time()->set_seconds(1000 + 5400);
  EXPECT_THAT(ValidateTransitionRequest(request), IsOk());
  EXPECT_DOUBLE_EQ(HoursGiven(request), 1.5);

  request.set_action(v1::PARTICIPATION_ACTION_ACCEPT);
  EXPECT_THAT(ValidateTransitionRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("attendance")));
  request.set_action(static_cast<v1::ParticipationAction>(99));
  EXPECT_THAT(ValidateTransitionRequest(request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("action")));
}

}  // namespace
}  // namespace renfort::services
