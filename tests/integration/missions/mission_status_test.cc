// The mission status machine over real gRPC and PostgreSQL: every legal transition with its
// events, every illegal one (FAILED_PRECONDITION, nothing changed), who may make each, and what
// closing and cancelling do to participations and invitations.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/missions/mission_fixture.h"
#include "tests/support/status_matchers.h"

namespace renfort::testing {
namespace {

using ::testing::HasSubstr;
using Stub = v1::MissionService::Stub;

class MissionStatusTest : public MissionServiceTest {
 protected:
  void SetUp() override {
    MissionServiceTest::SetUp();
    organisation_id_ = CreateValidatedOrganisation();
  }

  services::Caller OwnManager() const { return Manager(organisation_id_); }

  absl::Status Submit(const services::Caller& caller, const std::string& id) {
    v1::SubmitMissionRequest request;
    request.set_mission_id(id);
    v1::SubmitMissionResponse response;
    return Call(&Stub::SubmitMission, caller, request, response);
  }
  absl::Status Review(const services::Caller& caller, const std::string& id,
                      v1::MissionReviewDecision decision, const std::string& reason = "") {
    v1::ReviewMissionRequest request;
    request.set_mission_id(id);
    request.set_decision(decision);
    request.set_reason(reason);
    v1::ReviewMissionResponse response;
    return Call(&Stub::ReviewMission, caller, request, response);
  }
  absl::Status Publish(const services::Caller& caller, const std::string& id) {
    v1::PublishMissionRequest request;
    request.set_mission_id(id);
    v1::PublishMissionResponse response;
    return Call(&Stub::PublishMission, caller, request, response);
  }
  absl::Status Pause(const services::Caller& caller, const std::string& id) {
    v1::PauseMissionRequest request;
    request.set_mission_id(id);
    v1::PauseMissionResponse response;
    return Call(&Stub::PauseMission, caller, request, response);
  }
  absl::Status Close(const services::Caller& caller, const std::string& id) {
    v1::CloseMissionRequest request;
    request.set_mission_id(id);
    v1::CloseMissionResponse response;
    return Call(&Stub::CloseMission, caller, request, response);
  }
  absl::Status Cancel(const services::Caller& caller, const std::string& id,
                      const std::string& reason = "Plus de bénévoles nécessaires") {
    v1::CancelMissionRequest request;
    request.set_mission_id(id);
    request.set_reason(reason);
    v1::CancelMissionResponse response;
    return Call(&Stub::CancelMission, caller, request, response);
  }

  std::string StatusOf(const std::string& id) {
    return Sql("SELECT status FROM missions WHERE id = '" + id + "'");
  }
  int64_t Events(const std::string& type) {
    return CountRows("SELECT count(*) FROM outbox_events WHERE type = '" + type + "'");
  }

  std::string organisation_id_;
};

TEST_F(MissionStatusTest, WholeLifecycle_SubmitReviewPauseRepublishClose) {
  const std::string id = CreateMission(ParisMission(organisation_id_)).id();
  ASSERT_OK(Submit(OwnManager(), id));
  EXPECT_EQ(StatusOf(id), "PENDING_REVIEW");
  ASSERT_OK(Review(Coordinator("75"), id, v1::MISSION_REVIEW_DECISION_APPROVE));
  EXPECT_EQ(StatusOf(id), "PUBLISHED");
  EXPECT_NE(Sql("SELECT published_at FROM missions"), "");
  ASSERT_OK(Pause(OwnManager(), id));
  EXPECT_EQ(StatusOf(id), "PAUSED");
  ASSERT_OK(Publish(OwnManager(), id));
  EXPECT_EQ(StatusOf(id), "PUBLISHED");
  ASSERT_OK(Close(OwnManager(), id));
  EXPECT_EQ(StatusOf(id), "CLOSED");
  EXPECT_NE(Sql("SELECT closed_at FROM missions"), "");
  for (const char* type :
       {"mission.submitted", "mission.reviewed", "mission.paused", "mission.closed"}) {
    EXPECT_EQ(Events(type), 1) << type;
  }
  EXPECT_EQ(Events("mission.published"), 2);
}

TEST_F(MissionStatusTest, IllegalTransitions_AreFailedPreconditionAndChangeNothing) {
  const std::string id = CreateMission(ParisMission(organisation_id_)).id();
  const auto kFailed = absl::StatusCode::kFailedPrecondition;
  EXPECT_THAT(Publish(OwnManager(), id), StatusIs(kFailed, HasSubstr("DRAFT")));
  EXPECT_THAT(Pause(OwnManager(), id), StatusIs(kFailed));
  EXPECT_THAT(Close(OwnManager(), id), StatusIs(kFailed));
  EXPECT_THAT(Review(Admin(), id, v1::MISSION_REVIEW_DECISION_APPROVE), StatusIs(kFailed));
  ASSERT_OK(Submit(OwnManager(), id));
  EXPECT_THAT(Submit(OwnManager(), id), StatusIs(kFailed));
  EXPECT_THAT(Pause(OwnManager(), id), StatusIs(kFailed));
  ASSERT_OK(Review(Admin(), id, v1::MISSION_REVIEW_DECISION_APPROVE));
  EXPECT_THAT(Publish(OwnManager(), id), StatusIs(kFailed, HasSubstr("PAUSED")));
  EXPECT_THAT(Submit(OwnManager(), id), StatusIs(kFailed));
  ASSERT_OK(Close(OwnManager(), id));
  EXPECT_THAT(Cancel(OwnManager(), id), StatusIs(kFailed));
  EXPECT_THAT(Pause(OwnManager(), id), StatusIs(kFailed));
  EXPECT_EQ(StatusOf(id), "CLOSED");
  EXPECT_EQ(Events("mission.cancelled"), 0);
}

TEST_F(MissionStatusTest, Review_RequestChangesSendsBackToDraftAndRefuseCancels) {
  const std::string first = CreateMission(ParisMission(organisation_id_)).id();
  ASSERT_OK(Submit(OwnManager(), first));
  EXPECT_THAT(Review(Admin(), first, v1::MISSION_REVIEW_DECISION_REQUEST_CHANGES),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
  ASSERT_OK(
      Review(Admin(), first, v1::MISSION_REVIEW_DECISION_REQUEST_CHANGES, "Préciser le lieu"));
  EXPECT_EQ(StatusOf(first), "DRAFT");
  EXPECT_EQ(Sql("SELECT review_reason FROM missions"), "Préciser le lieu");

  const std::string second = CreateMission(ParisMission(organisation_id_, "Deuxième mission")).id();
  ASSERT_OK(Submit(OwnManager(), second));
  ASSERT_OK(Review(Admin(), second, v1::MISSION_REVIEW_DECISION_REFUSE, "Hors charte"));
  EXPECT_EQ(StatusOf(second), "CANCELLED");
  EXPECT_EQ(Events("mission.reviewed"), 2);
  EXPECT_EQ(Events("mission.cancelled"), 1);
  EXPECT_THAT(Review(Admin(), second, static_cast<v1::MissionReviewDecision>(0)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("decision")));
}

TEST_F(MissionStatusTest, Review_OnlyByCoordinatorsOfTheDepartementOrAdmins) {
  const std::string id = CreateMission(ParisMission(organisation_id_)).id();
  ASSERT_OK(Submit(OwnManager(), id));
  EXPECT_THAT(Review(Coordinator("69"), id, v1::MISSION_REVIEW_DECISION_APPROVE),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Review(OwnManager(), id, v1::MISSION_REVIEW_DECISION_APPROVE),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(StatusOf(id), "PENDING_REVIEW");
}

TEST_F(MissionStatusTest, OnlyValidatedOrganisationsPublish) {
  v1::CreateOrganisationRequest create;
  *create.mutable_organisation() = ParisAssociation("Pas encore validée");
  v1::CreateOrganisationResponse pending;
  ASSERT_OK(Call(&Stub::CreateOrganisation, Admin(), create, pending));
  const std::string pending_id = pending.organisation().id();
  const std::string id = CreateMission(ParisMission(pending_id)).id();
  ASSERT_OK(Submit(Manager(pending_id), id));
  EXPECT_THAT(Review(Admin(), id, v1::MISSION_REVIEW_DECISION_APPROVE),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("VALIDATED")));
  EXPECT_EQ(StatusOf(id), "PENDING_REVIEW");

  // A suspended organisation cannot resume a paused mission.
  const std::string published = CreatePublishedMission(ParisMission(organisation_id_)).id();
  ASSERT_OK(Pause(OwnManager(), published));
  v1::ReviewOrganisationRequest suspend;
  suspend.set_organisation_id(organisation_id_);
  suspend.set_decision(v1::ORGANISATION_REVIEW_DECISION_SUSPEND);
  suspend.set_reason("Enquête en cours");
  v1::ReviewOrganisationResponse suspended;
  ASSERT_OK(Call(&Stub::ReviewOrganisation, Admin(), suspend, suspended));
  EXPECT_THAT(Publish(OwnManager(), published),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("SUSPENDED")));
}

TEST_F(MissionStatusTest, Publish_AfterTheEndDateIsFailedPrecondition) {
  const std::string id = CreatePublishedMission(ParisMission(organisation_id_)).id();
  ASSERT_OK(Pause(OwnManager(), id));
  // Move the (future) schedule into the past behind the API's back.
  Sql("UPDATE missions SET start_date = '2001-01-01', end_date = '2001-01-02'");
  EXPECT_THAT(Publish(OwnManager(), id),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("2001-01-02")));
}

TEST_F(MissionStatusTest, OtherOrganisationsManager_CannotChangeTheStatus) {
  const std::string draft = CreateMission(ParisMission(organisation_id_)).id();
  EXPECT_THAT(Submit(OtherManager(), draft), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Cancel(OtherManager(), draft), StatusIs(absl::StatusCode::kNotFound));
  const std::string published = CreatePublishedMission(ParisMission(organisation_id_)).id();
  EXPECT_THAT(Pause(OtherManager(), published), StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Close(OtherManager(), published), StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Cancel(OtherManager(), published), StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(StatusOf(published), "PUBLISHED");
}

TEST_F(MissionStatusTest, Cancel_CancelsActiveParticipationsAndExpiresInvitations) {
  const std::string id = CreatePublishedMission(ParisMission(organisation_id_)).id();
  const std::string accepted = AddParticipation(id, "ACCEPTED");
  const std::string pending = AddParticipation(id, "PENDING");
  const std::string waitlisted = AddParticipation(id, "WAITLISTED");
  const std::string done = AddParticipation(id, "REFUSED");
  const std::string volunteer = Sql("SELECT volunteer_id FROM participations LIMIT 1");
  Sql("INSERT INTO invitations (mission_id, volunteer_id, score, expires_at) VALUES ('" + id +
      "', '" + volunteer + "', 0.5, now() + interval '7 days')");
  EXPECT_THAT(Cancel(OwnManager(), id, ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason")));
  ASSERT_OK(Cancel(Coordinator("75"), id));
  EXPECT_EQ(StatusOf(id), "CANCELLED");
  EXPECT_EQ(CountRows("SELECT count(*) FROM participations WHERE status = 'CANCELLED' "
                      "AND reason = 'mission_terminated'"),
            3);
  EXPECT_EQ(Sql("SELECT status FROM participations WHERE id = '" + done + "'"), "REFUSED");
  EXPECT_EQ(CountRows("SELECT count(*) FROM participation_transitions WHERE to_status = "
                      "'CANCELLED' AND actor_role = 'coordinator' AND actor_id = 'coordinator-1'"),
            3);
  EXPECT_EQ(CountRows("SELECT places_held FROM missions"), 0);
  EXPECT_EQ(Sql("SELECT status FROM invitations"), "EXPIRED");
  EXPECT_EQ(Events("participation.transitioned"), 3);
  EXPECT_EQ(Events("mission.cancelled"), 1);
}

TEST_F(MissionStatusTest, Close_CancelsOpenApplicationsButKeepsAcceptedOnes) {
  const std::string id = CreatePublishedMission(ParisMission(organisation_id_)).id();
  AddParticipation(id, "ACCEPTED");
  AddParticipation(id, "IN_REVIEW");
  AddParticipation(id, "WAITLISTED");
  ASSERT_OK(Close(OwnManager(), id));
  EXPECT_EQ(CountRows("SELECT count(*) FROM participations WHERE status = 'ACCEPTED'"), 1);
  EXPECT_EQ(CountRows("SELECT count(*) FROM participations WHERE status = 'CANCELLED'"), 2);
  EXPECT_EQ(CountRows("SELECT count(*) FROM participation_transitions WHERE actor_role = "
                      "'org_manager'"),
            2);
  EXPECT_EQ(CountRows("SELECT places_held FROM missions"), 1);
}

TEST_F(MissionStatusTest, Cancel_FromDraftAndBadIds) {
  const std::string id = CreateMission(ParisMission(organisation_id_)).id();
  ASSERT_OK(Cancel(OwnManager(), id));
  EXPECT_EQ(StatusOf(id), "CANCELLED");
  EXPECT_THAT(Cancel(OwnManager(), "bad"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mission_id")));
  EXPECT_THAT(Cancel(Admin(), "0b9a3c4e-1d2f-4a5b-8c7d-0000000000ff"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Pause(Admin(), "0b9a3c4e-1d2f-4a5b-8c7d-0000000000ff"),
              StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace renfort::testing
