// TransitionParticipation over real gRPC: every action by the right actor, illegal transitions,
// the history, and the waitlist promotion that follows a freed place.
#include <gmock/gmock.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "tests/integration/participations/fixtures.h"

namespace renfort::testing {
namespace {

using ::testing::HasSubstr;

class TransitionTest : public ParticipationTest {
 protected:
  void SetUp() override {
    ParticipationTest::SetUp();
    if (HasFatalFailure()) return;
    organisation_ = fixtures_->Organisation();
    mission_ = fixtures_->Mission(organisation_, {.places = 2});
  }

  // A new volunteer's participation in mission_ (PENDING while places are left).
  v1::Participation Applied(std::string* volunteer_id = nullptr) {
    const std::string volunteer = fixtures_->Volunteer();
    if (volunteer_id != nullptr) *volunteer_id = volunteer;
    v1::Participation participation;
    EXPECT_TRUE(Ok(Apply(Volunteer(volunteer), mission_, &participation)));
    return participation;
  }

  int64_t TransitionsOf(const std::string& participation_id) {
    return fixtures_->Count(
        "SELECT count(*) FROM participation_transitions WHERE "
        "participation_id = '" +
        participation_id + "'");
  }
  int64_t EventsOf(const std::string& participation_id) {
    return fixtures_->Count(
        "SELECT count(*) FROM outbox_events WHERE type = "
        "'participation.transitioned' AND aggregate_id = '" +
        participation_id + "'");
  }
  std::string PlacesHeld() {
    return fixtures_->Scalar("SELECT places_held FROM missions WHERE id = '" + mission_ + "'");
  }

  std::string organisation_;
  std::string mission_;
};

TEST_F(TransitionTest, Organisation_ReviewsAcceptsAndMarksDone_WithFullHistory) {
  const v1::Participation applied = Applied();
  const services::Caller manager = Manager(organisation_);
  v1::Participation p;
  ASSERT_TRUE(
      Ok(Transition(manager, Action(applied.id(), v1::PARTICIPATION_ACTION_START_REVIEW), &p)));
  EXPECT_EQ(p.status(), v1::PARTICIPATION_STATUS_IN_REVIEW);
  ASSERT_TRUE(Ok(Transition(manager, Action(applied.id(), v1::PARTICIPATION_ACTION_ACCEPT), &p)));
  EXPECT_EQ(p.status(), v1::PARTICIPATION_STATUS_ACCEPTED);
  v1::TransitionParticipationRequest done =
      Action(applied.id(), v1::PARTICIPATION_ACTION_MARK_DONE);
  done.set_hours(3.456);
  done.set_note("Merci !");
  ASSERT_TRUE(Ok(Transition(manager, done, &p)));
  EXPECT_EQ(p.status(), v1::PARTICIPATION_STATUS_DONE);
  EXPECT_DOUBLE_EQ(p.hours_given(), 3.46);
  EXPECT_EQ(p.participant().first_name(), "Camille");  // the organisation sees its volunteer

  v1::Participation read;
  ASSERT_TRUE(Ok(Get(manager, applied.id(), &read)));
  ASSERT_EQ(read.transitions_size(), 4);
  const std::vector<v1::ParticipationStatus> path = {
      v1::PARTICIPATION_STATUS_PENDING, v1::PARTICIPATION_STATUS_IN_REVIEW,
      v1::PARTICIPATION_STATUS_ACCEPTED, v1::PARTICIPATION_STATUS_DONE};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(read.transitions(i).to_status(), path[i]);
    if (i > 0) {
      EXPECT_EQ(read.transitions(i).from_status(), path[i - 1]);
      EXPECT_EQ(read.transitions(i).actor().role(), v1::ACTOR_ROLE_ORG_MANAGER);
      EXPECT_EQ(read.transitions(i).actor().subject(), manager.subject);
      EXPECT_GE(read.transitions(i).transition_time().seconds(),
                read.transitions(i - 1).transition_time().seconds());
    }
  }
  EXPECT_EQ(read.transitions(3).note(), "Merci !");
  EXPECT_EQ(EventsOf(applied.id()), 3);
  EXPECT_EQ(PlacesHeld(), "0");
}

TEST_F(TransitionTest, MarkDone_WithAttendance_RecordsInstantsAndHours) {
  const v1::Participation applied = Applied();
  ASSERT_TRUE(Ok(Transition(Manager(organisation_),
                            Action(applied.id(), v1::PARTICIPATION_ACTION_ACCEPT), nullptr)));
  v1::TransitionParticipationRequest done =
      Action(applied.id(), v1::PARTICIPATION_ACTION_MARK_DONE);
  *done.mutable_attendance()->mutable_check_in_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(1900000000);
  *done.mutable_attendance()->mutable_check_out_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(1900000000 + 9000);
  v1::Participation p;
  ASSERT_TRUE(Ok(Transition(Manager(organisation_), done, &p)));
  EXPECT_DOUBLE_EQ(p.hours_given(), 2.5);
  EXPECT_EQ(p.check_in_time().seconds(), 1900000000);
  EXPECT_EQ(p.check_out_time().seconds(), 1900009000);
}

TEST_F(TransitionTest, Organisation_MarksNoShow) {
  const v1::Participation applied = Applied();
  ASSERT_TRUE(Ok(Transition(Manager(organisation_),
                            Action(applied.id(), v1::PARTICIPATION_ACTION_ACCEPT), nullptr)));
  v1::Participation p;
  ASSERT_TRUE(Ok(Transition(Manager(organisation_),
                            Action(applied.id(), v1::PARTICIPATION_ACTION_MARK_NO_SHOW), &p)));
  EXPECT_EQ(p.status(), v1::PARTICIPATION_STATUS_NO_SHOW);
}

TEST_F(TransitionTest, Organisation_RefusesWithAReasonAndANote) {
  const v1::Participation applied = Applied();
  v1::TransitionParticipationRequest refuse =
      Action(applied.id(), v1::PARTICIPATION_ACTION_REFUSE, v1::PARTICIPATION_REASON_OTHER);
  refuse.set_note("Le créneau est complet");
  v1::Participation p;
  ASSERT_TRUE(Ok(Transition(Manager(organisation_), refuse, &p)));
  EXPECT_EQ(p.status(), v1::PARTICIPATION_STATUS_REFUSED);
  EXPECT_EQ(p.reason(), v1::PARTICIPATION_REASON_OTHER);
  EXPECT_EQ(p.transitions(1).reason(), v1::PARTICIPATION_REASON_OTHER);
  EXPECT_EQ(p.transitions(1).note(), "Le créneau est complet");
  EXPECT_EQ(PlacesHeld(), "0");
}

TEST_F(TransitionTest, Volunteer_CancelsTheirOwnWithAReason) {
  std::string volunteer;
  const v1::Participation applied = Applied(&volunteer);
  v1::Participation p;
  ASSERT_TRUE(Ok(Transition(
      Volunteer(volunteer),
      Action(applied.id(), v1::PARTICIPATION_ACTION_CANCEL, v1::PARTICIPATION_REASON_CHANGE_MIND),
      &p)));
  EXPECT_EQ(p.status(), v1::PARTICIPATION_STATUS_CANCELLED);
  EXPECT_EQ(p.reason(), v1::PARTICIPATION_REASON_CHANGE_MIND);
  EXPECT_EQ(p.transitions(1).actor().role(), v1::ACTOR_ROLE_VOLUNTEER);
  EXPECT_EQ(p.transitions(1).actor().subject(), volunteer);
  EXPECT_FALSE(p.has_participant());
}

TEST_F(TransitionTest, Organisation_CancelsAnAcceptedParticipation) {
  const v1::Participation applied = Applied();
  ASSERT_TRUE(Ok(Transition(Manager(organisation_),
                            Action(applied.id(), v1::PARTICIPATION_ACTION_ACCEPT), nullptr)));
  v1::Participation p;
  ASSERT_TRUE(Ok(Transition(
      Manager(organisation_),
      Action(applied.id(), v1::PARTICIPATION_ACTION_CANCEL, v1::PARTICIPATION_REASON_NOT_AVAILABLE),
      &p)));
  EXPECT_EQ(p.status(), v1::PARTICIPATION_STATUS_CANCELLED);
  EXPECT_EQ(p.transitions(2).actor().role(), v1::ACTOR_ROLE_ORG_MANAGER);
}

TEST_F(TransitionTest, IllegalTransitions_AnswerFailedPreconditionAndChangeNothing) {
  const v1::Participation applied = Applied();
  const services::Caller manager = Manager(organisation_);
  struct Case {
    v1::ParticipationAction action;
    v1::ParticipationReason reason;
  };
  // From PENDING: nothing that needs ACCEPTED.
  v1::TransitionParticipationRequest done =
      Action(applied.id(), v1::PARTICIPATION_ACTION_MARK_DONE);
  done.set_hours(2);
  grpc::Status status = Transition(manager, done, nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("PARTICIPATION_STATUS_PENDING"));
  EXPECT_EQ(
      Transition(manager, Action(applied.id(), v1::PARTICIPATION_ACTION_MARK_NO_SHOW), nullptr)
          .error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  // From IN_REVIEW: no second review.
  ASSERT_TRUE(Ok(
      Transition(manager, Action(applied.id(), v1::PARTICIPATION_ACTION_START_REVIEW), nullptr)));
  EXPECT_EQ(
      Transition(manager, Action(applied.id(), v1::PARTICIPATION_ACTION_START_REVIEW), nullptr)
          .error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  // From REFUSED (terminal): nothing at all.
  ASSERT_TRUE(Ok(Transition(manager,
                            Action(applied.id(), v1::PARTICIPATION_ACTION_REFUSE,
                                   v1::PARTICIPATION_REASON_REQUIREMENTS_NOT_FULFILLED),
                            nullptr)));
  const int64_t transitions = TransitionsOf(applied.id());
  const int64_t events = EventsOf(applied.id());
  for (const Case& c : std::vector<Case>{
           {v1::PARTICIPATION_ACTION_START_REVIEW, v1::PARTICIPATION_REASON_UNSPECIFIED},
           {v1::PARTICIPATION_ACTION_ACCEPT, v1::PARTICIPATION_REASON_UNSPECIFIED},
           {v1::PARTICIPATION_ACTION_REFUSE, v1::PARTICIPATION_REASON_NO_RESPONSE},
           {v1::PARTICIPATION_ACTION_CANCEL, v1::PARTICIPATION_REASON_OTHER},
           {v1::PARTICIPATION_ACTION_MARK_NO_SHOW, v1::PARTICIPATION_REASON_UNSPECIFIED}}) {
    v1::TransitionParticipationRequest request = Action(applied.id(), c.action, c.reason);
    if (c.reason == v1::PARTICIPATION_REASON_OTHER) request.set_note("raison");
    EXPECT_EQ(Transition(manager, request, nullptr).error_code(),
              grpc::StatusCode::FAILED_PRECONDITION)
        << v1::ParticipationAction_Name(c.action);
  }
  EXPECT_EQ(TransitionsOf(applied.id()), transitions);
  EXPECT_EQ(EventsOf(applied.id()), events);
  v1::Participation read;
  ASSERT_TRUE(Ok(Get(manager, applied.id(), &read)));
  EXPECT_EQ(read.status(), v1::PARTICIPATION_STATUS_REFUSED);
}

TEST_F(TransitionTest, OnlyTheRightActor_MayRequestEachAction) {
  std::string volunteer;
  const v1::Participation applied = Applied(&volunteer);
  const std::string stranger = fixtures_->Volunteer();
  EXPECT_EQ(Transition(Volunteer(volunteer), Action(applied.id(), v1::PARTICIPATION_ACTION_ACCEPT),
                       nullptr)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Transition(Volunteer(stranger),
                       Action(applied.id(), v1::PARTICIPATION_ACTION_CANCEL,
                              v1::PARTICIPATION_REASON_CHANGE_MIND),
                       nullptr)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Transition(Manager(fixtures_->Organisation()),
                       Action(applied.id(), v1::PARTICIPATION_ACTION_ACCEPT), nullptr)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::Participation p;
  ASSERT_TRUE(
      Ok(Transition(AdminCaller(), Action(applied.id(), v1::PARTICIPATION_ACTION_ACCEPT), &p)));
  EXPECT_EQ(p.transitions(1).actor().role(), v1::ACTOR_ROLE_ADMIN);
  EXPECT_EQ(TransitionsOf(applied.id()), 2);
}

TEST_F(TransitionTest, BadInput_IsRefusedNamingTheField) {
  const v1::Participation applied = Applied();
  const services::Caller manager = Manager(organisation_);
  struct Case {
    v1::TransitionParticipationRequest request;
    std::string field;
  };
  std::vector<Case> cases;
  cases.push_back({Action("nope", v1::PARTICIPATION_ACTION_ACCEPT), "participation_id"});
  cases.push_back({Action(applied.id(), v1::PARTICIPATION_ACTION_UNSPECIFIED), "action"});
  cases.push_back({Action(applied.id(), v1::PARTICIPATION_ACTION_REFUSE), "reason"});
  cases.push_back(
      {Action(applied.id(), v1::PARTICIPATION_ACTION_ACCEPT, v1::PARTICIPATION_REASON_OTHER),
       "reason"});
  cases.push_back({Action(applied.id(), v1::PARTICIPATION_ACTION_CANCEL,
                          v1::PARTICIPATION_REASON_MISSION_TERMINATED),
                   "reason"});
  cases.push_back(
      {Action(applied.id(), v1::PARTICIPATION_ACTION_CANCEL, v1::PARTICIPATION_REASON_OTHER),
       "note"});
  Case long_note{
      Action(applied.id(), v1::PARTICIPATION_ACTION_CANCEL, v1::PARTICIPATION_REASON_CHANGE_MIND),
      "note"};
  long_note.request.set_note(std::string(1001, 'x'));
  cases.push_back(long_note);
  Case hours_on_accept{Action(applied.id(), v1::PARTICIPATION_ACTION_ACCEPT), "hours"};
  hours_on_accept.request.set_hours(2);
  cases.push_back(hours_on_accept);
  cases.push_back({Action(applied.id(), v1::PARTICIPATION_ACTION_MARK_DONE), "hours"});
  Case too_many_hours{Action(applied.id(), v1::PARTICIPATION_ACTION_MARK_DONE), "hours"};
  too_many_hours.request.set_hours(1001);
  cases.push_back(too_many_hours);
  for (const Case& c : cases) {
    const grpc::Status status = Transition(manager, c.request, nullptr);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.request.DebugString();
    EXPECT_THAT(status.error_message(), HasSubstr(c.field));
  }
  EXPECT_EQ(
      Transition(manager,
                 Action("00000000-0000-4000-8000-000000000000", v1::PARTICIPATION_ACTION_ACCEPT),
                 nullptr)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(TransitionsOf(applied.id()), 1);
}

TEST_F(TransitionTest, FreedPlace_PromotesTheFirstWaitlistedVolunteerInTheSameTransaction) {
  const v1::Participation first = Applied();
  const v1::Participation second = Applied();
  const v1::Participation waiting_1 = Applied();
  const v1::Participation waiting_2 = Applied();
  ASSERT_EQ(waiting_1.status(), v1::PARTICIPATION_STATUS_WAITLISTED);
  ASSERT_EQ(waiting_2.waitlist_position(), 2);

  // A refusal frees a place: the first waitlisted volunteer gets it.
  ASSERT_TRUE(Ok(Transition(
      Manager(organisation_),
      Action(first.id(), v1::PARTICIPATION_ACTION_REFUSE, v1::PARTICIPATION_REASON_NOT_AVAILABLE),
      nullptr)));
  v1::Participation promoted;
  ASSERT_TRUE(Ok(Get(AdminCaller(), waiting_1.id(), &promoted)));
  EXPECT_EQ(promoted.status(), v1::PARTICIPATION_STATUS_PENDING);
  EXPECT_EQ(promoted.waitlist_position(), 0);
  ASSERT_EQ(promoted.transitions_size(), 2);
  EXPECT_EQ(promoted.transitions(1).from_status(), v1::PARTICIPATION_STATUS_WAITLISTED);
  EXPECT_EQ(promoted.transitions(1).to_status(), v1::PARTICIPATION_STATUS_PENDING);
  EXPECT_EQ(promoted.transitions(1).actor().role(), v1::ACTOR_ROLE_SYSTEM);
  EXPECT_EQ(promoted.transitions(1).actor().subject(), "");
  EXPECT_EQ(EventsOf(waiting_1.id()), 1);
  v1::Participation still_waiting;
  ASSERT_TRUE(Ok(Get(AdminCaller(), waiting_2.id(), &still_waiting)));
  EXPECT_EQ(still_waiting.waitlist_position(), 1);
  EXPECT_EQ(PlacesHeld(), "2");

  // Cancelling a waitlisted participation frees no place; cancelling an accepted one does.
  ASSERT_TRUE(Ok(Transition(Manager(organisation_),
                            Action(second.id(), v1::PARTICIPATION_ACTION_ACCEPT), nullptr)));
  ASSERT_TRUE(Ok(Transition(
      Manager(organisation_),
      Action(second.id(), v1::PARTICIPATION_ACTION_CANCEL, v1::PARTICIPATION_REASON_NOT_AVAILABLE),
      nullptr)));
  ASSERT_TRUE(Ok(Get(AdminCaller(), waiting_2.id(), &still_waiting)));
  EXPECT_EQ(still_waiting.status(), v1::PARTICIPATION_STATUS_PENDING);
  EXPECT_EQ(PlacesHeld(), "2");
}

TEST_F(TransitionTest, CancellingAWaitlistedParticipation_PromotesNobody) {
  const v1::Participation first = Applied();
  const v1::Participation second = Applied();
  std::string volunteer;
  const v1::Participation waiting = Applied(&volunteer);
  const v1::Participation last = Applied();
  ASSERT_TRUE(Ok(Transition(
      Volunteer(volunteer),
      Action(waiting.id(), v1::PARTICIPATION_ACTION_CANCEL, v1::PARTICIPATION_REASON_CHANGE_MIND),
      nullptr)));
  v1::Participation read;
  ASSERT_TRUE(Ok(Get(AdminCaller(), last.id(), &read)));
  EXPECT_EQ(read.status(), v1::PARTICIPATION_STATUS_WAITLISTED);
  EXPECT_EQ(read.waitlist_position(), 1);
  EXPECT_EQ(PlacesHeld(), "2");
}

TEST_F(TransitionTest, AMissionThatIsOver_TakesNoNewVolunteerButKeepsItsAccepted) {
  const v1::Participation pending = Applied();
  const v1::Participation accepted = Applied();
  ASSERT_TRUE(Ok(Transition(Manager(organisation_),
                            Action(accepted.id(), v1::PARTICIPATION_ACTION_ACCEPT), nullptr)));
  fixtures_->Scalar("UPDATE missions SET status = 'CLOSED', closed_at = now() WHERE id = '" +
                    mission_ + "' RETURNING 1");
  const grpc::Status status = Transition(
      Manager(organisation_), Action(pending.id(), v1::PARTICIPATION_ACTION_ACCEPT), nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("CLOSED"));
  v1::TransitionParticipationRequest done =
      Action(accepted.id(), v1::PARTICIPATION_ACTION_MARK_DONE);
  done.set_hours(2);
  EXPECT_TRUE(Ok(Transition(Manager(organisation_), done, nullptr)));
}

}  // namespace
}  // namespace renfort::testing
