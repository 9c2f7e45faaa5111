// Freshness over the real services: a mission published through MissionService is rankable by
// RankVolunteers within a second, and a volunteer's new availability set through
// VolunteerService changes their ranking within a second. The all-in-one server runs the whole
// pipeline (handler transaction with its outbox row → relay → Redis stream → matching indexer).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <iostream>

#include "absl/time/clock.h"
#include "tests/support/running_server.h"
#include "tests/support/served_database.h"
#include "tests/support/scratch_database.h"
#include "tests/support/service_requests.h"
#include "tests/support/test_keys.h"

namespace renfort {
namespace {

namespace v1 = ::renfort::v1;

constexpr absl::Duration kFreshness = absl::Seconds(1);

// Polls `condition` until it holds or `timeout` passes; how long it took, or nullopt.
std::optional<absl::Duration> TimeUntil(const std::function<bool()>& condition,
                                        absl::Duration timeout) {
  const absl::Time start = absl::Now();
  while (absl::Now() - start <= timeout) {
    if (condition()) return absl::Now() - start;
    absl::SleepFor(absl::Milliseconds(2));
  }
  return std::nullopt;
}

TEST(PipelineFreshness, PublishedMissionsAndNewAvailabilityReachTheRankingWithinOneSecond) {
  auto served = testing::StartServedDatabase({.binary = RENFORT_BIN,
                                              .key_id = "freshness",
                                              .private_redis = true,
                                              .serving_service = "renfort.v1.MatchingService"});
  ASSERT_NE(served, nullptr);
  const auto& key = served->key;
  const auto& server = served->server;
  const testing::ServiceClients clients(server->channel(), *key);
  const std::string organisation = clients.CreateValidatedOrganisation("Banque alimentaire");
  ASSERT_FALSE(organisation.empty());
  const std::string volunteer = testing::RandomUuid();
  ASSERT_TRUE(clients.Register(volunteer, testing::PipelineVolunteer("f", "75056", 15)).ok());
  ASSERT_TRUE(clients.SetAvailability(volunteer, testing::WeeklyAvailability(true)).ok());

  v1::RankVolunteersResponse ranking;
  // Whether RankVolunteers succeeds for `mission` and ranks the volunteer as `expected` says.
  auto ranked_is = [&](const std::string& mission, bool expected) {
    if (!clients.Rank(mission, ranking).ok()) return false;
    return expected == std::any_of(ranking.volunteers().begin(), ranking.volunteers().end(),
                                   [&](const v1::RankedVolunteer& ranked) {
                                     return ranked.volunteer_id() == volunteer;
                                   });
  };

  // Created and submitted, the mission is not rankable yet; approved, it is published.
  const std::string mission = clients.CreatePublishedMission(
      testing::PipelineMission(organisation, "Collecte alimentaire", "75056", 5));
  ASSERT_FALSE(mission.empty());
  const std::optional<absl::Duration> mission_latency =
      TimeUntil([&] { return ranked_is(mission, true); }, kFreshness);
  ASSERT_TRUE(mission_latency.has_value()) << ranking.DebugString();

  // Availability on another day only: out of the ranking; back on the mission's day: in again.
  ASSERT_TRUE(clients.SetAvailability(volunteer, testing::WeeklyAvailability(false)).ok());
  const std::optional<absl::Duration> leaving =
      TimeUntil([&] { return ranked_is(mission, false); }, kFreshness);
  EXPECT_TRUE(leaving.has_value()) << ranking.DebugString();
  ASSERT_TRUE(clients.SetAvailability(volunteer, testing::WeeklyAvailability(true)).ok());
  const std::optional<absl::Duration> returning =
      TimeUntil([&] { return ranked_is(mission, true); }, kFreshness);
  EXPECT_TRUE(returning.has_value()) << ranking.DebugString();

  std::cout << "write RPC returned → visible to RankVolunteers (polled over gRPC): mission "
               "approved "
            << absl::ToDoubleMilliseconds(*mission_latency) << " ms, availability removed "
            << (leaving ? absl::ToDoubleMilliseconds(*leaving) : -1) << " ms, restored "
            << (returning ? absl::ToDoubleMilliseconds(*returning) : -1) << " ms\n";
}

}  // namespace
}  // namespace renfort
