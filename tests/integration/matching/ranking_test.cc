// RankVolunteers and RecommendMissions over real gRPC against renfort-matching, with the index
// fed by the real pipeline: SQL write + outbox row → relay → Redis stream → indexer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "absl/strings/str_cat.h"
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
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAreArray;

constexpr absl::Duration kFreshness = absl::Seconds(1);

std::vector<std::string> Ids(const v1::RankVolunteersResponse& response) {
  std::vector<std::string> ids;
  for (const auto& ranked : response.volunteers()) ids.push_back(ranked.volunteer_id());
  return ids;
}

using RankingTest = MatchingServerTest;

TEST_F(RankingTest, WrittenMissionsAndVolunteersBecomeRankableWithinOneSecond) {
  const absl::Time mission_committed = absl::Now();
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_});
  v1::RankVolunteersRequest request;
  request.set_mission_id(mission);
  v1::RankVolunteersResponse response;
  ASSERT_TRUE(
      Eventually([&] { return Call(&Stub::RankVolunteers, AdminCaller(), request, response).ok(); },
                 kFreshness));
  const absl::Duration mission_latency = absl::Now() - mission_committed;

  const absl::Time volunteer_committed = absl::Now();
  const std::string volunteer = fixtures_->Volunteer({});
  ASSERT_TRUE(Eventually(
      [&] {
        return Call(&Stub::RankVolunteers, AdminCaller(), request, response).ok() &&
               response.volunteers_size() == 1;
      },
      kFreshness));
  const absl::Duration volunteer_latency = absl::Now() - volunteer_committed;
  EXPECT_EQ(response.volunteers(0).volunteer_id(), volunteer);

  // A new availability that no longer meets the schedule (Mondays only) takes the volunteer out.
  const absl::Time availability_committed = absl::Now();
  fixtures_->UpdateVolunteer(volunteer,
                             "INSERT INTO volunteer_weekly_slots VALUES ($1, 1, 600, 720)",
                             "volunteer.availability_changed");
  ASSERT_TRUE(Eventually(
      [&] {
        return Call(&Stub::RankVolunteers, AdminCaller(), request, response).ok() &&
               response.volunteers().empty();
      },
      kFreshness));
  const absl::Duration availability_latency = absl::Now() - availability_committed;

  fixtures_->UpdateMission(mission, "UPDATE missions SET status = 'PAUSED' WHERE id = $1",
                           "mission.paused");
  ASSERT_TRUE(Eventually(
      [&] {
        return Call(&Stub::RankVolunteers, AdminCaller(), request, response).error_code() ==
               grpc::StatusCode::FAILED_PRECONDITION;
      },
      kFreshness));
  std::cout << "commit-to-rankable latency (upper bound, includes gRPC polling): mission "
            << absl::ToDoubleMilliseconds(mission_latency) << " ms, volunteer "
            << absl::ToDoubleMilliseconds(volunteer_latency) << " ms, availability change "
            << absl::ToDoubleMilliseconds(availability_latency) << " ms\n";
}

TEST_F(RankingTest, EveryOneOfFiftyWritesIsRankableWithinOneSecond) {
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_, .places = 100});
  ASSERT_TRUE(Eventually(
      [&] {
        grpc::Status status;
        Rank(mission, false, &status);
        return status.ok();
      },
      kFreshness));
  std::vector<double> latencies_ms;
  for (int i = 0; i < 50; ++i) {
    const absl::Time committed = absl::Now();
    const std::string volunteer = fixtures_->Volunteer({.commune = i % 2 ? "59009" : "59350"});
    ASSERT_TRUE(Eventually(
        [&] {
          const std::vector<std::string> ids = Ids(Rank(mission));
          return std::find(ids.begin(), ids.end(), volunteer) != ids.end();
        },
        kFreshness))
        << "write " << i;
    latencies_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - committed));
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  std::cout << "commit-to-rankable over 50 sequential writes: p50 " << latencies_ms[24]
            << " ms, p99 " << latencies_ms[48] << " ms, max " << latencies_ms.back() << " ms\n";
}

TEST_F(RankingTest, NeverRanksAVolunteerWhoBreaksAHardRuleAndExplainsEveryScore) {
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_});
  const std::string eligible = fixtures_->Volunteer({.commune = "59009"});
  const std::string eligible_too =
      fixtures_->Volunteer({.first_name = "Jules", .last_name = "Émery", .commune = "59350"});
  const std::vector<std::string> ineligible = {
      fixtures_->Volunteer({.commune = "75056"}),          // too far
      fixtures_->Volunteer({.birth_date = "2013-06-01"}),  // minor in 2030
      fixtures_->Volunteer({.status = "PAUSED"}),          // not active
      fixtures_->Volunteer({.accepts_in_person = false, .accepts_remote = true}),
      fixtures_->Volunteer({.weekly_slots = {{1, 600, 720}}}),  // never free on Wednesday
      fixtures_->Volunteer({}),                                 // already applied
      fixtures_->Volunteer({}),                                 // already invited
  };
  fixtures_->Participation(mission, ineligible[5], "PENDING");
  fixtures_->Invitation(mission, ineligible[6], "PROPOSED", absl::Now());
  const std::string marker = fixtures_->Volunteer({.first_name = "Zoé", .commune = "59512"});

  // Events are applied in stream order: once the last volunteer shows, every earlier write has.
  v1::RankVolunteersResponse ranked;
  ASSERT_TRUE(Eventually(
      [&] {
        grpc::Status status;
        ranked = Rank(mission, /*explain=*/true, &status);
        if (!status.ok()) return false;
        const std::vector<std::string> ids = Ids(ranked);
        return std::find(ids.begin(), ids.end(), marker) != ids.end();
      },
      absl::Seconds(5)))
      << ranked.DebugString();
  EXPECT_THAT(Ids(ranked), UnorderedElementsAreArray({eligible, eligible_too, marker}));
  for (const v1::RankedVolunteer& volunteer : ranked.volunteers()) {
    SCOPED_TRACE(volunteer.volunteer_id());
    EXPECT_TRUE(volunteer.has_distance_km());
    EXPECT_LE(volunteer.distance_km(), 20);
    ASSERT_FALSE(volunteer.breakdown().factors().empty());
    double sum = 0;
    for (const v1::FactorScore& factor : volunteer.breakdown().factors())
      sum += factor.contribution();
    EXPECT_NEAR(sum, volunteer.score(), 1e-9);
    EXPECT_NEAR(volunteer.breakdown().score(), volunteer.score(), 1e-9);
    // What an organisation sees: a pseudonymous summary, no contact data.
    EXPECT_EQ(volunteer.volunteer().display_name(),
              volunteer.volunteer_id() == eligible_too ? "Jules É."
              : volunteer.volunteer_id() == marker     ? "Zoé D."
                                                       : "Camille D.");
    EXPECT_EQ(volunteer.volunteer().department_code(), "59");
    EXPECT_FALSE(volunteer.volunteer().minor());
  }
  for (int i = 1; i < ranked.volunteers_size(); ++i) {
    const auto& previous = ranked.volunteers(i - 1);
    const auto& current = ranked.volunteers(i);
    EXPECT_TRUE(
        previous.score() > current.score() ||
        (previous.score() == current.score() && previous.volunteer_id() < current.volunteer_id()));
  }
  EXPECT_FALSE(Rank(mission).volunteers(0).has_breakdown());
}

TEST_F(RankingTest, OrganisationsRankOnlyTheirMissionsAndCoordinatorsTheirDepartement) {
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_});
  fixtures_->Volunteer({});
  v1::RankVolunteersRequest request;
  request.set_mission_id(mission);
  v1::RankVolunteersResponse response;
  ASSERT_TRUE(
      Eventually([&] { return Call(&Stub::RankVolunteers, AdminCaller(), request, response).ok(); },
                 kFreshness));
  EXPECT_TRUE(Call(&Stub::RankVolunteers, OrgManagerCaller(organisation_), request, response).ok());
  EXPECT_TRUE(Call(&Stub::RankVolunteers, CoordinatorCaller("59"), request, response).ok());
  EXPECT_EQ(Call(&Stub::RankVolunteers, OrgManagerCaller(), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::RankVolunteers, CoordinatorCaller("75"), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(RankingTest, RecommendsMissionsToTheVolunteerThemselfOnly) {
  const std::string open = fixtures_->Mission({.organisation_id = organisation_});
  const std::string full = fixtures_->Mission({.organisation_id = organisation_, .places = 1});
  const std::string volunteer = fixtures_->Volunteer({});
  const std::string someone = fixtures_->Volunteer({});
  fixtures_->Participation(full, someone, "ACCEPTED");
  v1::RecommendMissionsRequest request;  // empty id: the caller
  v1::RecommendMissionsResponse response;
  ASSERT_TRUE(Eventually(
      [&] {
        return Call(&Stub::RecommendMissions, VolunteerCaller(volunteer), request, response).ok() &&
               response.missions_size() == 2 &&
               (response.missions(0).waitlist_only() || response.missions(1).waitlist_only());
      },
      absl::Seconds(5)))
      << response.DebugString();
  for (const v1::RecommendedMission& recommended : response.missions()) {
    EXPECT_EQ(recommended.waitlist_only(), recommended.mission_id() == full);
    EXPECT_EQ(recommended.mission().title(), "Collecte alimentaire");
    EXPECT_EQ(recommended.mission().commune_name(), "Lille");
    EXPECT_EQ(recommended.mission().organisation_id(), organisation_);
  }
  request.set_volunteer_id(someone);
  EXPECT_EQ(
      Call(&Stub::RecommendMissions, VolunteerCaller(volunteer), request, response).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Call(&Stub::RecommendMissions, CoordinatorCaller("59"), request, response).ok());
  request.set_volunteer_id("0b9a3c4e-1d2f-4a5b-8c7d-00000000ffff");
  EXPECT_EQ(Call(&Stub::RecommendMissions, AdminCaller(), request, response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(RankingTest, RefusesBadInputNamingTheFieldAndUnpublishedMissions) {
  const std::string draft =
      fixtures_->Mission({.organisation_id = organisation_, .status = "DRAFT"});
  v1::RankVolunteersRequest request;
  v1::RankVolunteersResponse response;
  grpc::Status status = Call(&Stub::RankVolunteers, AdminCaller(), request, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("mission_id"));
  request.set_mission_id("abc");
  status = Call(&Stub::RankVolunteers, AdminCaller(), request, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("mission_id"));
  request.set_mission_id(draft);
  request.set_limit(501);
  status = Call(&Stub::RankVolunteers, AdminCaller(), request, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("limit"));
  request.set_limit(0);
  EXPECT_EQ(Call(&Stub::RankVolunteers, AdminCaller(), request, response).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  request.set_mission_id("0b9a3c4e-1d2f-4a5b-8c7d-00000000ffff");
  EXPECT_EQ(Call(&Stub::RankVolunteers, AdminCaller(), request, response).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::RecommendMissionsRequest recommend;
  recommend.set_volunteer_id("x");
  v1::RecommendMissionsResponse recommended;
  status = Call(&Stub::RecommendMissions, AdminCaller(), recommend, recommended);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("volunteer_id"));
  recommend.set_volunteer_id(draft);
  recommend.set_limit(101);
  status = Call(&Stub::RecommendMissions, AdminCaller(), recommend, recommended);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("limit"));
}

}  // namespace
}  // namespace renfort
