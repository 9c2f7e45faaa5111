// InviteVolunteers, ListInvitations, RespondToInvitation and StaffEvent over real gRPC against
// renfort-matching, checked in PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "tests/integration/matching/matching_server.h"

namespace renfort {
namespace {

namespace v1 = ::renfort::v1;
using Stub = v1::MatchingService::Stub;
using ::renfort::testing::AdminCaller;
using ::renfort::testing::CoordinatorCaller;
using ::renfort::testing::Eventually;
using ::renfort::testing::MatchingServerTest;
using ::renfort::testing::OrgManagerCaller;
using ::renfort::testing::VolunteerCaller;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

class InvitationsTest : public MatchingServerTest {
 protected:
  long Count(const std::string& sql) {
    pqxx::read_transaction txn(fixtures_->connection());
    return txn.exec(sql)[0][0].as<long>();
  }

  // Waits until the mission ranks `expected` volunteers (the index has caught up).
  void AwaitRanked(const std::string& mission_id, int expected) {
    ASSERT_TRUE(Eventually(
        [&] {
          grpc::Status status;
          return Rank(mission_id, false, &status).volunteers_size() == expected && status.ok();
        },
        absl::Seconds(5)));
  }

  v1::InviteVolunteersResponse Invite(const std::string& mission_id, int count,
                                      grpc::StatusCode expected = grpc::StatusCode::OK) {
    v1::InviteVolunteersRequest request;
    request.set_mission_id(mission_id);
    request.set_count(count);
    v1::InviteVolunteersResponse response;
    const grpc::Status status =
        Call(&Stub::InviteVolunteers, OrgManagerCaller(organisation_), request, response);
    EXPECT_EQ(status.error_code(), expected) << status.error_message();
    return response;
  }

  grpc::Status Respond(const std::string& volunteer_id, const std::string& invitation_id,
                       v1::InvitationAnswer answer, v1::RespondToInvitationResponse& response,
                       const std::string& motivation = "") {
    v1::RespondToInvitationRequest request;
    request.set_invitation_id(invitation_id);
    request.set_answer(answer);
    request.set_motivation(motivation);
    return Call(&Stub::RespondToInvitation, VolunteerCaller(volunteer_id), request, response);
  }
};

TEST_F(InvitationsTest, InvitesTheBestNotYetSolicitedAndNeverTheSameVolunteerTwice) {
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_});
  const std::string first = fixtures_->Volunteer({});
  const std::string second = fixtures_->Volunteer({.commune = "59009"});
  const std::string declined = fixtures_->Volunteer({});
  fixtures_->Invitation(mission, declined, "DECLINED", absl::Now() - absl::Hours(1));
  AwaitRanked(mission, 3);  // a DECLINED volunteer is still ranked, but not invited again

  const v1::InviteVolunteersResponse invited = Invite(mission, 5);
  ASSERT_EQ(invited.invitations_size(), 2);
  EXPECT_THAT((std::vector<std::string>{invited.invitations(0).volunteer_id(),
                                        invited.invitations(1).volunteer_id()}),
              UnorderedElementsAre(first, second));
  EXPECT_GE(invited.invitations(0).score(), invited.invitations(1).score());
  for (const v1::Invitation& invitation : invited.invitations()) {
    EXPECT_EQ(invitation.status(), v1::INVITATION_STATUS_PROPOSED);
    EXPECT_EQ(invitation.organisation_id(), organisation_);
    EXPECT_FALSE(invitation.breakdown().factors().empty());
    EXPECT_GT(invitation.expire_time().seconds(), invitation.create_time().seconds());
    EXPECT_EQ(invitation.mission().title(), "Collecte alimentaire");
  }
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'invitation.created'"), 3);
  // The caller's own index already knows: the invited are no longer ranked.
  EXPECT_EQ(Rank(mission).volunteers_size(), 1);
  EXPECT_THAT(Invite(mission, 5).invitations(), IsEmpty());
  EXPECT_EQ(Count("SELECT count(*) FROM invitations"), 3);

  // The exposure counts for fairness everywhere: elsewhere, the invited rank with one
  // invitation this month.
  const std::string elsewhere = fixtures_->Mission({.organisation_id = organisation_});
  AwaitRanked(elsewhere, 3);
  const v1::RankVolunteersResponse exposed = Rank(elsewhere, /*explain=*/true);
  for (const v1::RankedVolunteer& ranked : exposed.volunteers()) {
    if (ranked.volunteer_id() == declined) continue;  // its invitation is dated by the fixture
    for (const v1::FactorScore& factor : ranked.breakdown().factors()) {
      if (factor.factor() == v1::SCORE_FACTOR_FAIRNESS) {
        EXPECT_EQ(factor.raw_value(), 1) << ranked.volunteer_id();
      }
    }
  }
}

TEST_F(InvitationsTest, InviteRefusesOutsiderBadCountAndUnpublishedMissionLeavingNothing) {
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_});
  fixtures_->Volunteer({});
  AwaitRanked(mission, 1);
  v1::InviteVolunteersRequest request;
  request.set_mission_id(mission);
  request.set_count(1);
  v1::InviteVolunteersResponse response;
  EXPECT_EQ(Call(&Stub::InviteVolunteers, OrgManagerCaller(), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  request.set_count(0);
  const grpc::Status status =
      Call(&Stub::InviteVolunteers, OrgManagerCaller(organisation_), request, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("count"));
  fixtures_->UpdateMission(mission, "UPDATE missions SET status = 'PAUSED' WHERE id = $1",
                           "mission.paused");
  Invite(mission, 1, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count("SELECT count(*) FROM invitations"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type LIKE 'invitation.%'"), 0);
}

TEST_F(InvitationsTest, AcceptingCreatesAnInvitedParticipationOrAWaitlistPlace) {
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_, .places = 1});
  const std::string first = fixtures_->Volunteer({});
  const std::string second = fixtures_->Volunteer({.commune = "59009"});
  AwaitRanked(mission, 2);
  const v1::InviteVolunteersResponse invited = Invite(mission, 2);
  ASSERT_EQ(invited.invitations_size(), 2);
  auto invitation_of = [&](const std::string& volunteer) {
    for (const auto& invitation : invited.invitations()) {
      if (invitation.volunteer_id() == volunteer) return invitation.id();
    }
    return std::string();
  };

  v1::RespondToInvitationResponse response;
  // Only the invited volunteer answers.
  EXPECT_EQ(
      Respond(second, invitation_of(first), v1::INVITATION_ANSWER_ACCEPT, response).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status status = Respond(first, invitation_of(first), v1::INVITATION_ANSWER_ACCEPT, response,
                                "Disponible le mercredi");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.invitation().status(), v1::INVITATION_STATUS_ACCEPTED);
  EXPECT_EQ(response.participation().origin(), v1::PARTICIPATION_ORIGIN_INVITED);
  EXPECT_EQ(response.participation().status(), v1::PARTICIPATION_STATUS_ACCEPTED);
  EXPECT_EQ(response.invitation().participation_id(), response.participation().id());
  EXPECT_EQ(Count("SELECT places_held FROM missions"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM participations WHERE origin = 'INVITED' AND "
                  "status = 'ACCEPTED' AND motivation = 'Disponible le mercredi'"),
            1);
  EXPECT_EQ(
      Respond(first, invitation_of(first), v1::INVITATION_ANSWER_ACCEPT, response).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);

  status = Respond(second, invitation_of(second), v1::INVITATION_ANSWER_ACCEPT, response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.participation().status(), v1::PARTICIPATION_STATUS_WAITLISTED);
  EXPECT_EQ(response.participation().waitlist_position(), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'participation.created'"), 2);
  EXPECT_EQ(Count("SELECT places_held FROM missions"), 1);
}

TEST_F(InvitationsTest, AcceptingRefusesAnOverlapOrAnActiveParticipationLeavingNothingBehind) {
  const std::string taken =
      fixtures_->Mission({.organisation_id = organisation_, .title = "Maraude du mercredi"});
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_});
  const std::string busy = fixtures_->Volunteer({});
  const std::string applied_since = fixtures_->Volunteer({});
  fixtures_->Participation(taken, busy, "ACCEPTED");
  AwaitRanked(mission, 2);
  const v1::InviteVolunteersResponse invited = Invite(mission, 2);
  ASSERT_EQ(invited.invitations_size(), 2);
  fixtures_->Participation(mission, applied_since, "PENDING");
  const long participations = Count("SELECT count(*) FROM participations");
  const long events = Count("SELECT count(*) FROM outbox_events");

  for (const v1::Invitation& invitation : invited.invitations()) {
    v1::RespondToInvitationResponse response;
    const grpc::Status status =
        Respond(invitation.volunteer_id(), invitation.id(), v1::INVITATION_ANSWER_ACCEPT, response);
    if (invitation.volunteer_id() == busy) {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
      EXPECT_THAT(status.error_message(), HasSubstr("Maraude du mercredi"));
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS) << status.error_message();
    }
  }
  EXPECT_EQ(Count("SELECT count(*) FROM invitations WHERE status = 'PROPOSED'"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM participations"), participations);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events"), events);
}

TEST_F(InvitationsTest, DecliningEndsTheInvitationAndAnswersAreValidated) {
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_});
  const std::string volunteer = fixtures_->Volunteer({});
  AwaitRanked(mission, 1);
  const v1::InviteVolunteersResponse invited = Invite(mission, 1);
  ASSERT_EQ(invited.invitations_size(), 1);
  const std::string id = invited.invitations(0).id();

  v1::RespondToInvitationResponse response;
  grpc::Status status =
      Respond(volunteer, id, v1::INVITATION_ANSWER_DECLINE, response, "Pas dispo");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("motivation"));
  status = Respond(volunteer, id, v1::INVITATION_ANSWER_UNSPECIFIED, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("answer"));
  status = Respond(volunteer, "nope", v1::INVITATION_ANSWER_DECLINE, response);
  EXPECT_THAT(status.error_message(), HasSubstr("invitation_id"));
  EXPECT_EQ(Respond(volunteer, "0b9a3c4e-1d2f-4a5b-8c7d-00000000ffff",
                    v1::INVITATION_ANSWER_DECLINE, response)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  status = Respond(volunteer, id, v1::INVITATION_ANSWER_DECLINE, response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.invitation().status(), v1::INVITATION_STATUS_DECLINED);
  EXPECT_FALSE(response.has_participation());
  EXPECT_EQ(Count("SELECT count(*) FROM participations"), 0);
  // Declined: ranked again, never invited again.
  AwaitRanked(mission, 1);
  EXPECT_THAT(Invite(mission, 1).invitations(), IsEmpty());
}

TEST_F(InvitationsTest, ListsAVolunteersOwnAndAMissionsInvitationsNewestFirstByPages) {
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_});
  const std::string volunteer = fixtures_->Volunteer({});
  std::vector<std::string> missions = {mission};
  for (int i = 0; i < 2; ++i)
    missions.push_back(fixtures_->Mission({.organisation_id = organisation_}));
  for (int i = 0; i < 3; ++i) {
    fixtures_->Invitation(missions[i], volunteer, "PROPOSED", absl::Now() - absl::Minutes(10 - i));
  }
  v1::ListInvitationsRequest request;
  request.set_page_size(2);
  v1::ListInvitationsResponse page;
  ASSERT_TRUE(Call(&Stub::ListInvitations, VolunteerCaller(volunteer), request, page).ok());
  ASSERT_EQ(page.invitations_size(), 2);
  EXPECT_EQ(page.invitations(0).mission_id(), missions[2]);
  EXPECT_EQ(page.invitations(0).mission().commune_name(), "Lille");
  ASSERT_THAT(page.next_page_token(), Not(IsEmpty()));
  request.set_page_token(page.next_page_token());
  ASSERT_TRUE(Call(&Stub::ListInvitations, VolunteerCaller(volunteer), request, page).ok());
  ASSERT_EQ(page.invitations_size(), 1);
  EXPECT_EQ(page.invitations(0).mission_id(), missions[0]);
  EXPECT_THAT(page.next_page_token(), IsEmpty());

  v1::ListInvitationsRequest by_mission;
  by_mission.set_mission_id(mission);
  ASSERT_TRUE(Call(&Stub::ListInvitations, OrgManagerCaller(organisation_), by_mission, page).ok());
  EXPECT_EQ(page.invitations_size(), 1);
  EXPECT_EQ(Call(&Stub::ListInvitations, OrgManagerCaller(), by_mission, page).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  by_mission.set_volunteer_id(volunteer);
  const grpc::Status status = Call(&Stub::ListInvitations, AdminCaller(), by_mission, page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("volunteer_id"));
  v1::ListInvitationsRequest someone_else;
  someone_else.set_volunteer_id(volunteer);
  EXPECT_EQ(Call(&Stub::ListInvitations, VolunteerCaller(), someone_else, page).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(InvitationsTest, StaffEventDryRunPlansOnlyAndCommitCreatesEveryInvitation) {
  const std::string north = fixtures_->Mission({.organisation_id = organisation_, .places = 1});
  const std::string east =
      fixtures_->Mission({.organisation_id = organisation_, .commune = "59512", .places = 2});
  for (const char* commune : {"59350", "59009", "59512", "59512"}) {
    fixtures_->Volunteer({.commune = commune});
  }
  AwaitRanked(north, 4);
  AwaitRanked(east, 4);

  v1::StaffEventRequest request;
  request.add_mission_ids(north);
  request.add_mission_ids(east);
  request.set_dry_run(true);
  v1::StaffEventResponse plan;
  grpc::Status status = Call(&Stub::StaffEvent, CoordinatorCaller("59"), request, plan);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(plan.assignments_size(), 3);
  EXPECT_GE(plan.total_score(), plan.greedy_total_score() - 1e-9);
  for (const auto& assignment : plan.assignments())
    EXPECT_THAT(assignment.invitation_id(), IsEmpty());
  EXPECT_EQ(Count("SELECT count(*) FROM invitations"), 0);

  request.set_dry_run(false);
  v1::StaffEventResponse committed;
  status = Call(&Stub::StaffEvent, OrgManagerCaller(organisation_), request, committed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(committed.assignments_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(committed.assignments(i).volunteer_id(), plan.assignments(i).volunteer_id());
    EXPECT_THAT(committed.assignments(i).invitation_id(), Not(IsEmpty()));
  }
  EXPECT_EQ(Count("SELECT count(*) FROM invitations WHERE status = 'PROPOSED'"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'invitation.created'"), 3);

  // Access and validation.
  EXPECT_EQ(Call(&Stub::StaffEvent, OrgManagerCaller(), request, plan).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  request.add_mission_ids(north);
  status = Call(&Stub::StaffEvent, AdminCaller(), request, plan);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("mission_ids[2]"));
  request.clear_mission_ids();
  request.add_mission_ids(north);
  request.set_min_score(2);
  status = Call(&Stub::StaffEvent, AdminCaller(), request, plan);
  EXPECT_THAT(status.error_message(), HasSubstr("min_score"));
  request.set_min_score(0);
  request.add_mission_ids(
      fixtures_->Mission({.organisation_id = organisation_, .status = "DRAFT"}));
  EXPECT_EQ(Call(&Stub::StaffEvent, AdminCaller(), request, plan).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count("SELECT count(*) FROM invitations"), 3);
}

}  // namespace
}  // namespace renfort
