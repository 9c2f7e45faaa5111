// Apply and GetParticipation over real gRPC against a real renfort-missions server and
// PostgreSQL: the rules of DESIGN.md §5, places and the waitlist, visibility, bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/notification.h"
#include "tests/integration/participations/fixtures.h"

namespace renfort::testing {
namespace {

using ::testing::HasSubstr;

class ApplyTest : public ParticipationTest {};

TEST_F(ApplyTest, Apply_WhenPlaceFree_CreatesPendingParticipationWithHistoryAndEvent) {
  const std::string organisation = fixtures_->Organisation();
  const std::string mission = fixtures_->Mission(organisation);
  const std::string volunteer = fixtures_->Volunteer();
  v1::Participation participation;
  ASSERT_TRUE(Ok(Apply(Volunteer(volunteer), mission, &participation, "Disponible le samedi")));
  EXPECT_EQ(participation.status(), v1::PARTICIPATION_STATUS_PENDING);
  EXPECT_EQ(participation.mission_id(), mission);
  EXPECT_EQ(participation.organisation_id(), organisation);
  EXPECT_EQ(participation.volunteer_id(), volunteer);
  EXPECT_EQ(participation.origin(), v1::PARTICIPATION_ORIGIN_APPLIED);
  EXPECT_EQ(participation.motivation(), "Disponible le samedi");
  EXPECT_EQ(participation.waitlist_position(), 0);
  EXPECT_TRUE(participation.has_create_time());
  ASSERT_EQ(participation.transitions_size(), 1);
  EXPECT_EQ(participation.transitions(0).from_status(), v1::PARTICIPATION_STATUS_UNSPECIFIED);
  EXPECT_EQ(participation.transitions(0).to_status(), v1::PARTICIPATION_STATUS_PENDING);
  EXPECT_EQ(participation.transitions(0).actor().role(), v1::ACTOR_ROLE_VOLUNTEER);
  EXPECT_EQ(participation.transitions(0).actor().subject(), volunteer);
  // The volunteer does not get their own contact card back.
  EXPECT_FALSE(participation.has_participant());
  EXPECT_EQ(fixtures_->Scalar("SELECT places_held FROM missions WHERE id = '" + mission + "'"),
            "1");
  EXPECT_EQ(fixtures_->Count("SELECT count(*) FROM outbox_events WHERE type = "
                             "'participation.created' AND aggregate_id = '" +
                             participation.id() + "'"),
            1);  // The payload is the new participation.
  pqxx::work txn(fixtures_->connection());
  const pqxx::row event =
      txn.exec_params1("SELECT aggregate_type, payload FROM outbox_events WHERE aggregate_id = $1",
                       participation.id());
  EXPECT_EQ(event[0].as<std::string>(), "PARTICIPATION");
  v1::Participation payload;
  ASSERT_TRUE(payload.ParseFromString(pqxx::binarystring(event[1]).str()));
  EXPECT_EQ(payload.id(), participation.id());
  EXPECT_EQ(payload.status(), v1::PARTICIPATION_STATUS_PENDING);
  EXPECT_EQ(payload.volunteer_id(), volunteer);
}

TEST_F(ApplyTest, Apply_Twice_AnswersAlreadyExists) {
  const std::string mission = fixtures_->Mission(fixtures_->Organisation());
  const std::string volunteer = fixtures_->Volunteer();
  ASSERT_TRUE(Ok(Apply(Volunteer(volunteer), mission, nullptr)));
  const grpc::Status second = Apply(Volunteer(volunteer), mission, nullptr);
  EXPECT_EQ(second.error_code(), grpc::StatusCode::ALREADY_EXISTS) << second.error_message();
  EXPECT_EQ(fixtures_->Count("SELECT count(*) FROM participations"), 1);
}

TEST_F(ApplyTest, Apply_WhenMissionNotPublished_AnswersFailedPrecondition) {
  const std::string organisation = fixtures_->Organisation();
  const std::string volunteer = fixtures_->Volunteer();
  for (const char* status : {"DRAFT", "PENDING_REVIEW", "PAUSED", "CLOSED", "CANCELLED"}) {
    SCOPED_TRACE(status);
    const std::string mission = fixtures_->Mission(organisation, {.status = status});
    const grpc::Status result = Apply(Volunteer(volunteer), mission, nullptr);
    EXPECT_EQ(result.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_THAT(result.error_message(), HasSubstr(status));
  }
}

TEST_F(ApplyTest, Apply_ChecksAgeAtTheMissionStart) {
  const std::string organisation = fixtures_->Organisation();
  // Starts 2030-03-01 (see MissionSpec).
  const std::string adults_only = fixtures_->Mission(organisation);
  const std::string open_to_minors = fixtures_->Mission(organisation, {.open_to_minors = true});
  const std::string aged_17 = fixtures_->Volunteer({.birth_date = "2012-06-01"});
  const std::string aged_18_that_day = fixtures_->Volunteer({.birth_date = "2012-03-01"});
  const std::string aged_15 = fixtures_->Volunteer({.birth_date = "2014-06-01"});

  grpc::Status status = Apply(Volunteer(aged_17), adults_only, nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("not open to minors"));
  EXPECT_TRUE(Ok(Apply(Volunteer(aged_18_that_day), adults_only, nullptr)));
  EXPECT_TRUE(Ok(Apply(Volunteer(aged_17), open_to_minors, nullptr)));
  status = Apply(Volunteer(aged_15), open_to_minors, nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("at least 16"));
}

TEST_F(ApplyTest, Apply_ChecksTheVolunteerAcceptsTheMissionFormat) {
  const std::string organisation = fixtures_->Organisation();
  const std::string remote = fixtures_->Mission(organisation, {.format = "REMOTE"});
  const std::string in_person = fixtures_->Mission(organisation, {.format = "IN_PERSON"});
  const std::string hybrid = fixtures_->Mission(organisation, {.format = "HYBRID"});
  const std::string on_site_only =
      fixtures_->Volunteer({.accepts_in_person = true, .accepts_remote = false});
  const std::string remote_only =
      fixtures_->Volunteer({.accepts_in_person = false, .accepts_remote = true});

  EXPECT_EQ(Apply(Volunteer(on_site_only), remote, nullptr).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Apply(Volunteer(remote_only), in_person, nullptr).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Apply(Volunteer(remote_only), hybrid, nullptr).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(Ok(Apply(Volunteer(remote_only), remote, nullptr)));
  EXPECT_TRUE(Ok(Apply(Volunteer(on_site_only), in_person, nullptr)));
  EXPECT_TRUE(Ok(Apply(Volunteer(on_site_only), hybrid, nullptr)));
}

TEST_F(ApplyTest, Apply_RequiresAMotivationWhenTheMissionDoes) {
  const std::string mission =
      fixtures_->Mission(fixtures_->Organisation(), {.motivation_required = true});
  const std::string volunteer = fixtures_->Volunteer();
  const grpc::Status blank = Apply(Volunteer(volunteer), mission, nullptr, "   ");
  EXPECT_EQ(blank.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(blank.error_message(), HasSubstr("motivation"));
  EXPECT_TRUE(Ok(Apply(Volunteer(volunteer), mission, nullptr, "J'ai le permis B")));
}

TEST_F(ApplyTest, Apply_RejectsBadInputNamingTheField) {
  const std::string mission = fixtures_->Mission(fixtures_->Organisation());
  const std::string volunteer = fixtures_->Volunteer();
  grpc::Status status = Apply(Volunteer(volunteer), "not-a-uuid", nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("mission_id"));
  status = Apply(Volunteer(volunteer), "", nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("mission_id"));
  status = Apply(Volunteer(volunteer), mission, nullptr, std::string(2001, 'a'));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("motivation"));
  status = Apply(Volunteer(volunteer), "00000000-0000-4000-8000-000000000000", nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  // A token whose volunteer is not registered.
  status = Apply(Volunteer("00000000-0000-4000-8000-00000000abcd"), mission, nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("volunteer"));
  // A volunteer applies only for themself.
  v1::ApplyRequest request;
  request.set_mission_id(mission);
  request.set_volunteer_id(fixtures_->Volunteer());
  v1::ApplyResponse response;
  status = stub_->Apply(ContextFor(Volunteer(volunteer)).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ApplyTest, Apply_ThatFails_LeavesNothingBehind) {
  const std::string organisation = fixtures_->Organisation();
  const std::string mission = fixtures_->Mission(organisation, {.motivation_required = true});
  const std::string draft = fixtures_->Mission(organisation, {.status = "DRAFT"});
  const std::string minor = fixtures_->Volunteer({.birth_date = "2013-01-01"});
  const std::string adult = fixtures_->Volunteer();
  EXPECT_FALSE(Apply(Volunteer(minor), mission, nullptr, "motivé").ok());
  EXPECT_FALSE(Apply(Volunteer(adult), mission, nullptr).ok());
  EXPECT_FALSE(Apply(Volunteer(adult), draft, nullptr).ok());
  EXPECT_EQ(fixtures_->Count("SELECT count(*) FROM participations"), 0);
  EXPECT_EQ(fixtures_->Count("SELECT count(*) FROM participation_transitions"), 0);
  EXPECT_EQ(fixtures_->Count("SELECT count(*) FROM outbox_events"), 0);
  EXPECT_EQ(fixtures_->Count("SELECT sum(places_held) FROM missions"), 0);
}

TEST_F(ApplyTest, Apply_WhenMissionFull_PutsVolunteerOnWaitlistInOrder) {
  const std::string mission = fixtures_->Mission(fixtures_->Organisation(), {.places = 1});
  v1::Participation first;
  v1::Participation second;
  v1::Participation third;
  ASSERT_TRUE(Ok(Apply(Volunteer(fixtures_->Volunteer()), mission, &first)));
  ASSERT_TRUE(Ok(Apply(Volunteer(fixtures_->Volunteer()), mission, &second)));
  ASSERT_TRUE(Ok(Apply(Volunteer(fixtures_->Volunteer()), mission, &third)));
  EXPECT_EQ(first.status(), v1::PARTICIPATION_STATUS_PENDING);
  EXPECT_EQ(second.status(), v1::PARTICIPATION_STATUS_WAITLISTED);
  EXPECT_EQ(second.waitlist_position(), 1);
  EXPECT_EQ(third.status(), v1::PARTICIPATION_STATUS_WAITLISTED);
  EXPECT_EQ(third.waitlist_position(), 2);
}

// The public platform checks places without a lock; here 50 volunteers apply at once to a
// mission with 5 places, each over its own gRPC call, and exactly 5 get a place.
TEST_F(ApplyTest, Apply_FiftyConcurrentCalls_NeverOverbook) {
  constexpr int kVolunteers = 50;
  constexpr int kPlaces = 5;
  const std::string mission = fixtures_->Mission(fixtures_->Organisation(), {.places = kPlaces});
  std::vector<std::string> volunteers;
  for (int i = 0; i < kVolunteers; ++i) volunteers.push_back(fixtures_->Volunteer());

  // Blocking waits, not spinning: 50 spinning threads on 2 cores would slow the very server
  // under test.
  absl::BlockingCounter ready(kVolunteers);
  absl::Notification go;
  std::vector<grpc::Status> statuses(kVolunteers);
  std::vector<v1::Participation> results(kVolunteers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kVolunteers; ++i) {
    threads.emplace_back([&, i] {
      // Tokens and contexts are made before the start line so the calls leave together.
      auto context = ContextFor(Volunteer(volunteers[i]));
      v1::ApplyRequest request;
      request.set_mission_id(mission);
      v1::ApplyResponse response;
      ready.DecrementCount();
      go.WaitForNotification();
      statuses[i] = stub_->Apply(context.get(), request, &response);
      results[i] = response.participation();
    });
  }
  ready.Wait();
  go.Notify();
  for (std::thread& thread : threads) thread.join();

  int pending = 0;
  int waitlisted = 0;
  for (int i = 0; i < kVolunteers; ++i) {
    ASSERT_TRUE(statuses[i].ok()) << statuses[i].error_code() << " " << statuses[i].error_message();
    if (results[i].status() == v1::PARTICIPATION_STATUS_PENDING) ++pending;
    if (results[i].status() == v1::PARTICIPATION_STATUS_WAITLISTED) ++waitlisted;
  }
  EXPECT_EQ(pending, kPlaces);
  EXPECT_EQ(waitlisted, kVolunteers - kPlaces);
  const std::string where = " WHERE mission_id = '" + mission + "'";
  EXPECT_EQ(fixtures_->Count("SELECT count(*) FROM participations" + where +
                             " AND status IN ('PENDING', 'IN_REVIEW', 'ACCEPTED')"),
            kPlaces);
  EXPECT_EQ(fixtures_->Count("SELECT count(*) FROM participations" + where +
                             " AND status = 'WAITLISTED'"),
            kVolunteers - kPlaces);
  EXPECT_EQ(fixtures_->Count("SELECT count(*) FROM participations" + where), kVolunteers);
  EXPECT_EQ(fixtures_->Scalar("SELECT places_held FROM missions WHERE id = '" + mission + "'"),
            absl::StrCat(kPlaces));
  // Waitlist positions are 1..45, each once.
  EXPECT_EQ(fixtures_->Count("SELECT count(DISTINCT waitlisted_at::text || id::text) FROM "
                             "participations" +
                             where + " AND status = 'WAITLISTED'"),
            kVolunteers - kPlaces);
}

TEST_F(ApplyTest, GetParticipation_IsVisibleToItsVolunteerOrganisationAndCoordinatorsOnly) {
  const std::string network = fixtures_->Network("Réseau des banques alimentaires");
  const std::string organisation =
      fixtures_->Organisation({.department_code = "974", .network_id = network});
  const std::string mission = fixtures_->Mission(organisation);
  const std::string volunteer = fixtures_->Volunteer();
  const std::string other_volunteer = fixtures_->Volunteer();
  v1::Participation applied;
  ASSERT_TRUE(Ok(Apply(Volunteer(volunteer), mission, &applied)));

  v1::Participation read;
  ASSERT_TRUE(Ok(Get(Volunteer(volunteer), applied.id(), &read)));
  EXPECT_EQ(read.id(), applied.id());
  EXPECT_EQ(read.transitions_size(), 1);
  EXPECT_FALSE(read.has_participant());

  ASSERT_TRUE(Ok(Get(Manager(organisation), applied.id(), &read)));
  EXPECT_EQ(read.participant().first_name(), "Camille");
  EXPECT_THAT(read.participant().email(), HasSubstr("@example.org"));
  EXPECT_TRUE(Ok(Get(Coordinator({"974"}), applied.id(), &read)));
  EXPECT_TRUE(Ok(Get(Coordinator({"33"}, {network}), applied.id(), &read)));
  EXPECT_TRUE(Ok(Get(AdminCaller(), applied.id(), &read)));

  // Not visible: answered as if it did not exist, and nothing of it is returned.
  v1::Participation hidden;
  EXPECT_EQ(Get(Volunteer(other_volunteer), applied.id(), &hidden).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(hidden.id(), "");
  EXPECT_EQ(Get(Manager(fixtures_->Organisation()), applied.id(), &hidden).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(Coordinator({"33"}), applied.id(), &hidden).error_code(),
            grpc::StatusCode::NOT_FOUND);

  const grpc::Status malformed = Get(Volunteer(volunteer), "42", &hidden);
  EXPECT_EQ(malformed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(malformed.error_message(), HasSubstr("participation_id"));
}

}  // namespace
}  // namespace renfort::testing
