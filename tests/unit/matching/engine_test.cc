#include "matching/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/support/status_matchers.h"
#include "tests/unit/matching/engine_test_support.h"
#include "tests/unit/matching/random_world.h"

namespace renfort::matching::testing {
namespace {

using ::renfort::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> RankedIds(const MatchingEngine& engine, const std::string& mission,
                                   int limit = 0, RankOptions options = {}) {
  renfort::v1::RankVolunteersRequest request;
  request.set_mission_id(mission);
  request.set_limit(limit);
  absl::StatusOr<renfort::v1::RankVolunteersResponse> response =
      engine.RankVolunteers(request, TestNow(), options);
  EXPECT_OK(response);
  std::vector<std::string> ids;
  if (response.ok()) {
    for (const auto& ranked : response->volunteers()) ids.push_back(ranked.volunteer_id());
  }
  return ids;
}

// A point `km` kilometres due north of Paris's centroid.
renfort::v1::Volunteer VolunteerNorthOfParis(const std::string& id, double km) {
  renfort::v1::Volunteer volunteer = ParisVolunteer(id);
  volunteer.mutable_home_commune()->mutable_centroid()->set_latitude(48.8589 + km / 111.195);
  return volunteer;
}

class EngineTest : public ::testing::Test {
 protected:
  void AddVolunteer(const renfort::v1::Volunteer& volunteer, VolunteerActivity activity = {}) {
    ASSERT_OK(engine_->UpsertVolunteer(volunteer, activity, TestNow()));
  }
  void AddMission(const renfort::v1::Mission& mission) {
    ASSERT_OK(engine_->UpsertMission(mission, TestNow()));
  }

  std::unique_ptr<MatchingEngine> engine_ = MakeTestEngine();
};

TEST_F(EngineTest, RankVolunteers_ForAnUnknownMission_IsNotFound) {
  renfort::v1::RankVolunteersRequest request;
  request.set_mission_id(TestId(99));
  EXPECT_THAT(engine_->RankVolunteers(request, TestNow()), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(EngineTest, RankVolunteers_WhenMissionNotPublished_FailsPrecondition) {
  renfort::v1::Mission mission = ParisMission(TestId(100));
  mission.set_status(renfort::v1::MISSION_STATUS_PAUSED);
  AddMission(mission);
  renfort::v1::RankVolunteersRequest request;
  request.set_mission_id(mission.id());
  EXPECT_THAT(engine_->RankVolunteers(request, TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("PUBLISHED")));
}

TEST_F(EngineTest, RankVolunteers_WhenMissionFull_ReturnsNobody) {
  AddVolunteer(ParisVolunteer(TestId(1)));
  renfort::v1::Mission mission = ParisMission(TestId(100));
  mission.set_places_held(mission.places());
  AddMission(mission);
  EXPECT_THAT(RankedIds(*engine_, mission.id()), IsEmpty());
}

TEST_F(EngineTest, RankVolunteers_ChecksTheLimit) {
  AddMission(ParisMission(TestId(100)));
  renfort::v1::RankVolunteersRequest request;
  request.set_mission_id(TestId(100));
  request.set_limit(501);
  EXPECT_THAT(engine_->RankVolunteers(request, TestNow()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("limit")));
  for (int n = 1; n <= 60; ++n) AddVolunteer(ParisVolunteer(TestId(n)));
  EXPECT_EQ(RankedIds(*engine_, TestId(100)).size(), 50u);
}

TEST_F(EngineTest, InPerson_NeverReturnsAVolunteerBeyondTheirTravelDistance) {
  AddMission(ParisMission(TestId(100)));
  for (int km = 0; km <= 40; ++km) AddVolunteer(VolunteerNorthOfParis(TestId(km + 1), km));
  renfort::v1::RankVolunteersRequest request;
  request.set_mission_id(TestId(100));
  request.set_limit(500);
  absl::StatusOr<renfort::v1::RankVolunteersResponse> response =
      engine_->RankVolunteers(request, TestNow());
  ASSERT_OK(response);
  EXPECT_EQ(response->volunteers_size(), 20);  // 0 … 19 km; 20 km is a hair beyond 20.0
  for (const auto& ranked : response->volunteers()) {
    EXPECT_LE(ranked.distance_km(), 20);
  }
}

TEST_F(EngineTest, InPerson_CloserIsNeverWorseAllElseEqual) {
  AddMission(ParisMission(TestId(100)));
  double previous = 2;
  for (int step = 0; step < 40; ++step) {
    const double km = step * 0.5;
    AddVolunteer(VolunteerNorthOfParis(TestId(1), km));
    absl::StatusOr<MatchingEngine::PairExplanation> pair =
        engine_->ExplainPair(TestId(100), TestId(1), TestNow());
    ASSERT_OK(pair);
    ASSERT_TRUE(pair->eligible) << km;
    EXPECT_LE(pair->breakdown.score(), previous) << km;
    previous = pair->breakdown.score();
  }
}

TEST_F(EngineTest, Remote_RanksRemoteWillingVolunteersAnywhereInFrance) {
  renfort::v1::Mission mission = ParisMission(TestId(100));
  mission.set_format(renfort::v1::FORMAT_REMOTE);
  mission.clear_addresses();
  AddMission(mission);
  renfort::v1::Volunteer reunion = ParisVolunteer(TestId(1));
  reunion.mutable_home_commune()->set_department_code("974");
  reunion.mutable_home_commune()->mutable_centroid()->set_latitude(-20.9434);
  reunion.mutable_home_commune()->mutable_centroid()->set_longitude(55.4444);
  AddVolunteer(reunion);
  renfort::v1::Volunteer in_person_only = ParisVolunteer(TestId(2));
  in_person_only.set_accepts_remote(false);
  AddVolunteer(in_person_only);
  renfort::v1::RankVolunteersRequest request;
  request.set_mission_id(TestId(100));
  absl::StatusOr<renfort::v1::RankVolunteersResponse> response =
      engine_->RankVolunteers(request, TestNow());
  ASSERT_OK(response);
  ASSERT_EQ(response->volunteers_size(), 1);
  EXPECT_EQ(response->volunteers(0).volunteer_id(), TestId(1));
  EXPECT_FALSE(response->volunteers(0).has_distance_km());
}

TEST_F(EngineTest, Remote_ComparesAvailabilityAcrossTimeZones) {
  renfort::v1::Mission mission = ParisMission(TestId(100));  // Wednesdays 14:00–16:00 Paris
  mission.set_format(renfort::v1::FORMAT_REMOTE);
  mission.clear_addresses();
  AddMission(mission);
  renfort::v1::Volunteer reunion = ParisVolunteer(TestId(1));
  reunion.mutable_home_commune()->set_department_code("974");  // Paris 14:00 is 17:00 there
  renfort::v1::WeeklySlot& slot = *reunion.mutable_availability()->add_weekly_slots();
  slot.set_weekday(renfort::v1::WEEKDAY_WEDNESDAY);
  slot.set_start_minute(14 * 60);
  slot.set_end_minute(16 * 60);
  AddVolunteer(reunion);
  EXPECT_THAT(RankedIds(*engine_, TestId(100)), IsEmpty());
  slot.set_start_minute(17 * 60);
  slot.set_end_minute(19 * 60);
  AddVolunteer(reunion);
  EXPECT_THAT(RankedIds(*engine_, TestId(100)), ElementsAre(TestId(1)));
}

TEST_F(EngineTest, TiesAreBrokenByIdAscending) {
  AddMission(ParisMission(TestId(100)));
  for (int n : {7, 3, 9, 1, 5}) AddVolunteer(ParisVolunteer(TestId(n)));
  EXPECT_THAT(RankedIds(*engine_, TestId(100), 3), ElementsAre(TestId(1), TestId(3), TestId(5)));
}

TEST_F(EngineTest, TiesAcrossGroupsAreBrokenByIdEvenWhenAScoreEqualsTheNextBound) {
  // Without the reliability factor, a group's bound equals its members' exact score: the
  // pruning must still visit a later group holding an equal score with a smaller id.
  ScoringWeights weights;
  weights.reliability = 0;
  engine_ = MakeTestEngine(weights);
  AddMission(ParisMission(TestId(100)));
  renfort::v1::Volunteer travels_20 = ParisVolunteer(TestId(2));
  renfort::v1::Volunteer travels_30 = ParisVolunteer(TestId(1));
  travels_30.set_max_travel_km(30);  // another travel class, so another group
  for (auto* volunteer : {&travels_20, &travels_30}) {
    volunteer->mutable_last_active_time()->set_seconds(absl::ToUnixSeconds(TestNow()));
    AddVolunteer(*volunteer);
  }
  EXPECT_THAT(RankedIds(*engine_, TestId(100), 1), ElementsAre(TestId(1)));
}

TEST_F(EngineTest, NeverRanksInvolvedVolunteersUntilTheInvolvementEnds) {
  AddMission(ParisMission(TestId(100)));
  AddVolunteer(ParisVolunteer(TestId(1)));
  AddVolunteer(ParisVolunteer(TestId(2)));
  ASSERT_OK(engine_->SetInvolvement(TestId(100), TestId(1), true));
  EXPECT_THAT(RankedIds(*engine_, TestId(100)), ElementsAre(TestId(2)));
  ASSERT_OK(engine_->SetInvolvement(TestId(100), TestId(1), false));
  EXPECT_THAT(RankedIds(*engine_, TestId(100)), ElementsAre(TestId(1), TestId(2)));
}

TEST_F(EngineTest, FairnessPushesDownVolunteersInvitedThisMonthAndTheCapCanExcludeThem) {
  AddMission(ParisMission(TestId(100)));
  AddVolunteer(ParisVolunteer(TestId(1)));
  AddVolunteer(ParisVolunteer(TestId(2)));
  EXPECT_THAT(RankedIds(*engine_, TestId(100)), ElementsAre(TestId(1), TestId(2)));
  ASSERT_OK(engine_->RecordInvitation(TestId(1), TestNow()));
  EXPECT_THAT(RankedIds(*engine_, TestId(100)), ElementsAre(TestId(2), TestId(1)));
  ASSERT_OK(engine_->RecordInvitation(TestId(1), TestNow()));
  RankOptions skip;
  skip.skip_at_invitation_cap = true;
  EXPECT_THAT(RankedIds(*engine_, TestId(100), 0, skip), ElementsAre(TestId(2)));
  EXPECT_THAT(engine_->RecordInvitation(TestId(42), TestNow()),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(EngineTest, MinorsAreRankedOnlyForMissionsOpenToThem) {
  renfort::v1::Mission mission = ParisMission(TestId(100));  // starts 2026-03-01
  AddMission(mission);
  renfort::v1::Volunteer seventeen = ParisVolunteer(TestId(1));
  seventeen.mutable_birth_date()->set_year(2008);
  seventeen.mutable_birth_date()->set_month(3);
  seventeen.mutable_birth_date()->set_day(2);  // 18 the day after the start
  AddVolunteer(seventeen);
  renfort::v1::Volunteer fifteen = ParisVolunteer(TestId(2));
  fifteen.mutable_birth_date()->set_year(2010);
  fifteen.mutable_birth_date()->set_month(3);
  fifteen.mutable_birth_date()->set_day(2);
  AddVolunteer(fifteen);
  EXPECT_THAT(RankedIds(*engine_, TestId(100)), IsEmpty());
  mission.set_open_to_minors(true);
  AddMission(mission);
  EXPECT_THAT(RankedIds(*engine_, TestId(100)), ElementsAre(TestId(1)));
}

TEST_F(EngineTest, PausedAndDeletedVolunteersAreNeverRanked) {
  AddMission(ParisMission(TestId(100)));
  renfort::v1::Volunteer paused = ParisVolunteer(TestId(1));
  paused.set_status(renfort::v1::VOLUNTEER_STATUS_PAUSED);
  AddVolunteer(paused);
  renfort::v1::Volunteer deleted = ParisVolunteer(TestId(2));
  AddVolunteer(deleted);
  deleted.set_status(renfort::v1::VOLUNTEER_STATUS_DELETED);
  AddVolunteer(deleted);
  EXPECT_THAT(RankedIds(*engine_, TestId(100)), IsEmpty());
  EXPECT_EQ(engine_->Stats().volunteers, 1u);
  renfort::v1::RecommendMissionsRequest request;
  request.set_volunteer_id(TestId(1));
  EXPECT_THAT(engine_->RecommendMissions(request, TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(EngineTest, UpsertVolunteers_AppliesTheBatchInOrderAsOneCallEach) {
  AddMission(ParisMission(TestId(100)));
  AddVolunteer(ParisVolunteer(TestId(3)));
  renfort::v1::Volunteer first = VolunteerNorthOfParis(TestId(1), 2);
  renfort::v1::Volunteer second = VolunteerNorthOfParis(TestId(2), 1);
  renfort::v1::Volunteer moved = VolunteerNorthOfParis(TestId(1), 0.5);  // replaces `first`
  renfort::v1::Volunteer deleted = ParisVolunteer(TestId(3));
  deleted.set_status(renfort::v1::VOLUNTEER_STATUS_DELETED);
  const std::vector<const renfort::v1::Volunteer*> batch = {&first, &second, &moved, &deleted};
  ASSERT_OK(engine_->UpsertVolunteers(batch, std::vector<VolunteerActivity>(4), TestNow()));
  EXPECT_THAT(RankedIds(*engine_, TestId(100)), ElementsAre(TestId(1), TestId(2)));
  EXPECT_EQ(engine_->Stats().volunteers, 2u);
}

TEST_F(EngineTest, UpsertVolunteers_NamesTheInvalidVolunteerAndChangesNothing) {
  AddMission(ParisMission(TestId(100)));
  renfort::v1::Volunteer valid = ParisVolunteer(TestId(1));
  renfort::v1::Volunteer invalid = ParisVolunteer(TestId(2));
  invalid.set_max_travel_km(500);
  const std::vector<const renfort::v1::Volunteer*> batch = {&valid, &invalid};
  EXPECT_THAT(engine_->UpsertVolunteers(batch, std::vector<VolunteerActivity>(2), TestNow()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("volunteers[1].")));
  EXPECT_THAT(engine_->UpsertVolunteers(batch, std::vector<VolunteerActivity>(1), TestNow()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("activities")));
  EXPECT_EQ(engine_->Stats().volunteers, 0u);
  EXPECT_THAT(RankedIds(*engine_, TestId(100)), IsEmpty());
}

TEST_F(EngineTest, ExplainListsEachFactorAndTheContributionsSumToTheScore) {
  AddMission(ParisMission(TestId(100)));
  AddVolunteer(VolunteerNorthOfParis(TestId(1), 5), {4, 1, 1, TestNow()});
  renfort::v1::RankVolunteersRequest request;
  request.set_mission_id(TestId(100));
  request.set_explain(true);
  absl::StatusOr<renfort::v1::RankVolunteersResponse> response =
      engine_->RankVolunteers(request, TestNow());
  ASSERT_OK(response);
  ASSERT_EQ(response->volunteers_size(), 1);
  const renfort::v1::ScoreBreakdown& breakdown = response->volunteers(0).breakdown();
  ASSERT_EQ(breakdown.factors_size(), 7);
  double sum = 0;
  for (const auto& factor : breakdown.factors()) sum += factor.contribution();
  EXPECT_EQ(sum, response->volunteers(0).score());
  EXPECT_EQ(breakdown.factors(0).factor(), renfort::v1::SCORE_FACTOR_PROXIMITY);
  EXPECT_NEAR(breakdown.factors(0).raw_value(), 5, 0.01);
  EXPECT_EQ(breakdown.factors(4).factor(), renfort::v1::SCORE_FACTOR_RELIABILITY);
  EXPECT_EQ(breakdown.factors(4).raw_value(), 1);  // one NO_SHOW
  EXPECT_EQ(breakdown.factors(6).raw_value(), 1);  // one invitation this month
}

TEST_F(EngineTest, RecommendMissions_FlagsFullMissionsAndSkipsUnpublishedOnes) {
  AddVolunteer(ParisVolunteer(TestId(1)));
  renfort::v1::Mission open = ParisMission(TestId(100));
  renfort::v1::Mission full = ParisMission(TestId(101));
  full.set_places_held(full.places());
  renfort::v1::Mission paused = ParisMission(TestId(102));
  paused.set_status(renfort::v1::MISSION_STATUS_PAUSED);
  for (const auto& mission : {open, full, paused}) AddMission(mission);
  renfort::v1::RecommendMissionsRequest request;
  request.set_volunteer_id(TestId(1));
  request.set_explain(true);
  absl::StatusOr<renfort::v1::RecommendMissionsResponse> response =
      engine_->RecommendMissions(request, TestNow());
  ASSERT_OK(response);
  ASSERT_EQ(response->missions_size(), 2);
  EXPECT_EQ(response->missions(0).mission_id(), TestId(100));
  EXPECT_FALSE(response->missions(0).waitlist_only());
  EXPECT_EQ(response->missions(1).mission_id(), TestId(101));
  EXPECT_TRUE(response->missions(1).waitlist_only());
  const auto& factors = response->missions(0).breakdown().factors();
  EXPECT_EQ(factors.rbegin()->factor(), renfort::v1::SCORE_FACTOR_ORGANISATION_RESPONSIVENESS);
}

TEST_F(EngineTest, RecommendMissions_PrefersResponsiveOrganisations) {
  AddVolunteer(ParisVolunteer(TestId(1)));
  renfort::v1::Mission slow = ParisMission(TestId(100));
  slow.set_organisation_id(TestId(500));
  renfort::v1::Mission fast = ParisMission(TestId(101));
  fast.set_organisation_id(TestId(501));
  AddMission(slow);
  AddMission(fast);
  ASSERT_OK(engine_->SetOrganisationActivity(TestId(500), {50, 10, 400}));
  ASSERT_OK(engine_->SetOrganisationActivity(TestId(501), {50, 50, 4}));
  renfort::v1::RecommendMissionsRequest request;
  request.set_volunteer_id(TestId(1));
  absl::StatusOr<renfort::v1::RecommendMissionsResponse> response =
      engine_->RecommendMissions(request, TestNow());
  ASSERT_OK(response);
  ASSERT_EQ(response->missions_size(), 2);
  EXPECT_EQ(response->missions(0).mission_id(), TestId(101));
}

TEST_F(EngineTest, StaffEvent_FillsPlacesOptimallyFromAPoolAndReportsGreedyBeside) {
  renfort::v1::StaffEventRequest request;
  for (int m = 0; m < 3; ++m) {
    renfort::v1::Mission mission = ParisMission(TestId(100 + m));
    mission.set_places(2);
    mission.mutable_addresses(0)->mutable_location()->set_latitude(48.8589 + m * 0.05);
    AddMission(mission);
    request.add_mission_ids(mission.id());
  }
  for (int n = 1; n <= 10; ++n) {
    AddVolunteer(VolunteerNorthOfParis(TestId(n), n * 1.3));
    request.add_volunteer_ids(TestId(n));
  }
  request.add_volunteer_ids(TestId(77));  // unknown: skipped
  request.set_dry_run(true);
  absl::StatusOr<renfort::v1::StaffEventResponse> response =
      engine_->StaffEvent(request, TestNow());
  ASSERT_OK(response);
  EXPECT_EQ(response->assignments_size(), 6);
  ASSERT_EQ(response->missions_size(), 3);
  for (const auto& mission : response->missions()) {
    EXPECT_EQ(mission.places_left(), 2);
    EXPECT_EQ(mission.assigned_count(), 2);
  }
  std::set<std::string> assigned;
  double total = 0;
  for (const auto& assignment : response->assignments()) {
    EXPECT_TRUE(assigned.insert(assignment.volunteer_id()).second);
    total += assignment.score();
  }
  EXPECT_NEAR(total, response->total_score(), 1e-12);
  EXPECT_LE(response->greedy_total_score(), response->total_score());
}

TEST_F(EngineTest, StaffEvent_NamesTheFirstMissionThatIsNotPublished) {
  AddMission(ParisMission(TestId(100)));
  renfort::v1::Mission draft = ParisMission(TestId(101));
  draft.set_status(renfort::v1::MISSION_STATUS_DRAFT);
  AddMission(draft);
  renfort::v1::StaffEventRequest request;
  request.add_mission_ids(TestId(100));
  request.add_mission_ids(TestId(101));
  EXPECT_THAT(engine_->StaffEvent(request, TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr(TestId(101))));
  request.add_mission_ids(TestId(100));
  EXPECT_THAT(engine_->StaffEvent(request, TestNow()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("twice")));
}

TEST_F(EngineTest, StaffEvent_WithoutAPoolUsesEachMissionsTopRanked) {
  renfort::v1::Mission mission = ParisMission(TestId(100));
  mission.set_places(3);
  AddMission(mission);
  for (int n = 1; n <= 80; ++n) AddVolunteer(VolunteerNorthOfParis(TestId(n), n * 0.2));
  renfort::v1::StaffEventRequest request;
  request.add_mission_ids(TestId(100));
  absl::StatusOr<renfort::v1::StaffEventResponse> response =
      engine_->StaffEvent(request, TestNow());
  ASSERT_OK(response);
  ASSERT_EQ(response->assignments_size(), 3);
  EXPECT_EQ(response->assignments(0).volunteer_id(), TestId(1));  // the closest
}

TEST_F(EngineTest, ConcurrentReadersSeeConsistentAnswersWhileAWriterAppliesDeltas) {
  AddMission(ParisMission(TestId(100)));
  for (int n = 1; n <= 200; ++n) AddVolunteer(VolunteerNorthOfParis(TestId(n), n * 0.05));
  std::atomic<bool> stop = false;
  std::atomic<int> queries = 0;
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      while (!stop) {
        const std::vector<std::string> ids = RankedIds(*engine_, TestId(100), 10);
        EXPECT_EQ(ids.size(), 10u);
        ++queries;
      }
    });
  }
  for (int round = 0; round < 2000 || queries < 200; ++round) {
    const int n = 201 + round % 50;
    if (round % 3 == 2) {
      (void)engine_->RemoveVolunteer(TestId(n));
    } else {
      AddVolunteer(VolunteerNorthOfParis(TestId(n), (round % 17) * 0.3));
    }
  }
  stop = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_GT(queries.load(), 0);
}

}  // namespace
}  // namespace renfort::matching::testing
