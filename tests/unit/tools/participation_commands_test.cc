#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "renfort/v1/mission_service.pb.h"
#include "tests/support/status_matchers.h"
#include "tests/unit/tools/command_test_util.h"

namespace renfort::ctl {
namespace {

using ::renfort::ctl::testing::Build;
using ::renfort::ctl::testing::BuildError;
using ::renfort::ctl::testing::Format;
using ::renfort::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using Transition = v1::TransitionParticipationRequest;

TEST(ParticipationApply, CarriesMissionVolunteerAndMotivation) {
  auto request = Build<v1::ApplyRequest>(
      "participation", "apply", {"--mission=m-1", "--motivation=J'ai déjà aidé l'an dernier"});
  EXPECT_EQ(request.mission_id(), "m-1");
  EXPECT_EQ(request.volunteer_id(), "");
  EXPECT_EQ(request.motivation(), "J'ai déjà aidé l'an dernier");
  EXPECT_THAT(BuildError("participation", "apply", {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--mission is required")));
}

TEST(ParticipationList, MapsFilters) {
  auto request =
      Build<v1::ListParticipationsRequest>("participation", "list",
                                           {"--mission=m-1", "--status=pending,in_review",
                                            "--dept=974", "--org=o-1", "--volunteer=v-1"});
  EXPECT_EQ(request.mission_id(), "m-1");
  EXPECT_THAT(request.statuses(),
              ElementsAre(v1::PARTICIPATION_STATUS_PENDING, v1::PARTICIPATION_STATUS_IN_REVIEW));
  EXPECT_EQ(request.department_code(), "974");
  EXPECT_EQ(request.organisation_id(), "o-1");
  EXPECT_EQ(request.volunteer_id(), "v-1");
  EXPECT_EQ(
      Build<v1::GetParticipationRequest>("participation", "get", {"--id=p-1"}).participation_id(),
      "p-1");
}

TEST(ParticipationTransitions, EachCommandSendsItsAction) {
  EXPECT_EQ(Build<Transition>("participation", "review", {"--id=p-1"}).action(),
            v1::PARTICIPATION_ACTION_START_REVIEW);
  EXPECT_EQ(Build<Transition>("participation", "accept", {"--id=p-1"}).action(),
            v1::PARTICIPATION_ACTION_ACCEPT);
  EXPECT_EQ(Build<Transition>("participation", "no-show", {"--id=p-1"}).action(),
            v1::PARTICIPATION_ACTION_MARK_NO_SHOW);
  auto refuse = Build<Transition>("participation", "refuse",
                                  {"--id=p-1", "--reason=requirements_not_fulfilled"});
  EXPECT_EQ(refuse.action(), v1::PARTICIPATION_ACTION_REFUSE);
  EXPECT_EQ(refuse.reason(), v1::PARTICIPATION_REASON_REQUIREMENTS_NOT_FULFILLED);
  auto cancel = Build<Transition>("participation", "cancel",
                                  {"--id=p-1", "--reason=other", "--note=Déménagement"});
  EXPECT_EQ(cancel.action(), v1::PARTICIPATION_ACTION_CANCEL);
  EXPECT_EQ(cancel.note(), "Déménagement");
  EXPECT_EQ(cancel.participation_id(), "p-1");
}

TEST(ParticipationTransitions, ReasonsAreCheckedBeforeSending) {
  EXPECT_THAT(BuildError("participation", "refuse", {"--id=p-1"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--reason is required")));
  EXPECT_THAT(BuildError("participation", "cancel", {"--id=p-1", "--reason=other"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--note is required with --reason=other")));
  EXPECT_THAT(BuildError("participation", "cancel", {"--id=p-1", "--reason=mission_terminated"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--reason: mission_terminated is set by renfort")));
  EXPECT_THAT(BuildError("participation", "accept", {"--id=p-1", "--reason=no_response"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--reason: unknown flag")));
}

TEST(ParticipationDone, TakesHoursOrCheckInAndOut) {
  auto hours = Build<Transition>("participation", "done", {"--id=p-1", "--hours=3.5"});
  EXPECT_EQ(hours.action(), v1::PARTICIPATION_ACTION_MARK_DONE);
  EXPECT_DOUBLE_EQ(hours.hours(), 3.5);
  auto attendance = Build<Transition>("participation", "done",
                                      {"--id=p-1", "--check-in=2026-12-05T09:00:00+01:00",
                                       "--check-out=2026-12-05T12:30:00+01:00"});
  EXPECT_EQ(attendance.attendance().check_out_time().seconds() -
                attendance.attendance().check_in_time().seconds(),
            3 * 3600 + 1800);
  EXPECT_THAT(BuildError("participation", "done", {"--id=p-1"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--hours is required, or --check-in with --check-out")));
  EXPECT_THAT(
      BuildError("participation", "done", {"--id=p-1", "--hours=2", "--check-in=2026-12-05"}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("--hours: cannot be given with --check-in")));
  EXPECT_THAT(BuildError("participation", "done", {"--id=p-1", "--check-in=2026-12-05T09:00:00Z"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--check-out is required")));
  EXPECT_THAT(BuildError("participation", "done", {"--id=p-1", "--hours=trois"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--hours: expected a number, got 'trois'")));
}

v1::Participation Sample() {
  v1::Participation participation;
  participation.set_id("p-1");
  participation.set_mission_id("m-1");
  participation.set_volunteer_id("v-1");
  participation.set_status(v1::PARTICIPATION_STATUS_WAITLISTED);
  participation.set_waitlist_position(2);
  participation.set_origin(v1::PARTICIPATION_ORIGIN_APPLIED);
  participation.mutable_participant()->set_first_name("Anaïs");
  participation.mutable_participant()->set_last_name("Benoît");
  participation.mutable_create_time()->set_seconds(1796112000);
  v1::ParticipationTransition* created = participation.add_transitions();
  created->set_to_status(v1::PARTICIPATION_STATUS_WAITLISTED);
  created->mutable_actor()->set_role(v1::ACTOR_ROLE_VOLUNTEER);
  created->mutable_transition_time()->set_seconds(1796112000);
  return participation;
}

TEST(ParticipationList, PrintsATableWithWaitlistPosition) {
  v1::ListParticipationsResponse response;
  *response.add_participations() = Sample();
  EXPECT_EQ(Format("participation", "list", response),
            "ID   MISSION  VOLUNTEER  NAME          STATUS           ORIGIN   HOURS  CREATED\n"
            "p-1  m-1      v-1        Anaïs Benoît  waitlisted (#2)  applied         2026-12-01 "
            "08:00Z\n");
}

TEST(ParticipationGet, PrintsTheHistory) {
  v1::GetParticipationResponse response;
  *response.mutable_participation() = Sample();
  const std::string text = Format("participation", "get", response);
  EXPECT_THAT(text, HasSubstr("status     waitlisted (#2)\n"));
  EXPECT_THAT(text, HasSubstr("WHEN               FROM  TO          BY         REASON  NOTE\n"
                              "2026-12-01 08:00Z  -     waitlisted  volunteer\n"));
}

}  // namespace
}  // namespace renfort::ctl
