// Property tests: on random worlds, through inserts, updates, removals and compaction, the
// engine's RankVolunteers and RecommendMissions return exactly what a brute-force reference
// returns (same ids, same order, same scores), never a candidate that breaks a hard rule, and
// explanations that add up to the score.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "tests/support/status_matchers.h"
#include "tests/unit/matching/engine_test_support.h"
#include "tests/unit/matching/random_world.h"
#include "tests/unit/matching/reference_matcher.h"

namespace renfort::matching::testing {
namespace {

using ::renfort::testing::StatusIs;

constexpr int kWorlds = 40;
constexpr int kVolunteersPerWorld = 400;
constexpr int kMissionsPerWorld = 30;

// One world held both by an engine and by plain vectors for the reference.
class World {
 public:
  // `shared_domains`: the share of volunteers whose domains are narrowed to education alone,
  // so that one remote list grows long enough to be cut into blocks (OrderedSlots::kBlock).
  // `dense`: most volunteers and missions at one point (WorldGenerator::set_dense).
  explicit World(uint64_t seed, int volunteers = kVolunteersPerWorld, double shared_domains = 0,
                 int missions = kMissionsPerWorld, bool dense = false)
      : generator_(seed), engine_(MakeTestEngine()), zones_(TestZones()),
        reference_(zones_, ScoringWeights{}, TestNow()), shared_domains_(shared_domains) {
    generator_.set_dense(dense);
    for (int i = 0; i < volunteers; ++i) AddVolunteer();
    for (int i = 0; i < missions; ++i) AddMission();
    for (int i = 0; i < volunteers / 4; ++i) ToggleInvolvement();
  }

  void AddVolunteer() {
    ReferenceVolunteer volunteer = generator_.Volunteer(TestNow());
    if (shared_domains_ > 0 && generator_.Chance(shared_domains_)) {
      volunteer.proto.clear_domains();
      volunteer.proto.add_domains(renfort::v1::DOMAIN_EDUCATION);
    }
    ASSERT_OK(engine_->UpsertVolunteer(volunteer.proto, volunteer.activity, TestNow()));
    volunteers_.push_back(std::move(volunteer));
  }
  void ReprofileVolunteer() {
    const int i = generator_.Uniform(0, static_cast<int>(volunteers_.size()) - 1);
    volunteers_[i] = generator_.Reprofile(volunteers_[i].proto.id(), TestNow());
    ASSERT_OK(engine_->UpsertVolunteer(volunteers_[i].proto, volunteers_[i].activity, TestNow()));
  }
  void RemoveVolunteer() {
    const int i = generator_.Uniform(0, static_cast<int>(volunteers_.size()) - 1);
    ASSERT_OK(engine_->RemoveVolunteer(volunteers_[i].proto.id()));
    volunteers_.erase(volunteers_.begin() + i);
  }
  void AddMission() {
    ReferenceMission mission = generator_.Mission(TestNow());
    ASSERT_OK(engine_->UpsertMission(mission.proto, TestNow()));
    ASSERT_OK(engine_->SetOrganisationActivity(mission.proto.organisation_id(),
                                               mission.organisation));
    // Every mission of one organisation shares its activity.
    for (ReferenceMission& other : missions_) {
      if (other.proto.organisation_id() == mission.proto.organisation_id()) {
        other.organisation = mission.organisation;
      }
    }
    missions_.push_back(std::move(mission));
  }
  void ReplaceMission() {
    const int i = generator_.Uniform(0, static_cast<int>(missions_.size()) - 1);
    ReferenceMission mission = generator_.Mission(TestNow());
    mission.proto.set_id(missions_[i].proto.id());
    mission.proto.set_organisation_id(missions_[i].proto.organisation_id());
    mission.organisation = missions_[i].organisation;
    ASSERT_OK(engine_->UpsertMission(mission.proto, TestNow()));
    missions_[i] = std::move(mission);
  }
  void ToggleInvolvement() {
    const std::string& mission =
        missions_[generator_.Uniform(0, static_cast<int>(missions_.size()) - 1)].proto.id();
    const std::string& volunteer =
        volunteers_[generator_.Uniform(0, static_cast<int>(volunteers_.size()) - 1)].proto.id();
    const bool involved = !involvement_.contains({mission, volunteer});
    ASSERT_OK(engine_->SetInvolvement(mission, volunteer, involved));
    if (involved) {
      involvement_.insert({mission, volunteer});
    } else {
      involvement_.erase({mission, volunteer});
    }
  }
  void Mutate(int scale = 1) {
    for (int i = 0; i < 40 * scale; ++i) ReprofileVolunteer();
    for (int i = 0; i < 20 * scale; ++i) RemoveVolunteer();
    for (int i = 0; i < 30 * scale; ++i) AddVolunteer();
    for (int i = 0; i < 5; ++i) ReplaceMission();
    for (int i = 0; i < 3; ++i) AddMission();
    for (int i = 0; i < 30; ++i) ToggleInvolvement();
  }

  WorldGenerator& generator() { return generator_; }
  MatchingEngine& engine() { return *engine_; }
  const ReferenceMatcher& reference() const { return reference_; }
  const std::vector<ReferenceVolunteer>& volunteers() const { return volunteers_; }
  const std::vector<ReferenceMission>& missions() const { return missions_; }
  const ReferenceMatcher::Involvement& involvement() const { return involvement_; }

 private:
  WorldGenerator generator_;
  std::unique_ptr<MatchingEngine> engine_;
  DepartmentZones zones_;
  ReferenceMatcher reference_;
  std::vector<ReferenceVolunteer> volunteers_;
  std::vector<ReferenceMission> missions_;
  ReferenceMatcher::Involvement involvement_;
  double shared_domains_;
};

void ExpectBreakdownSumsToScore(const renfort::v1::ScoreBreakdown& breakdown, double score) {
  double sum = 0, weights = 0;
  for (const renfort::v1::FactorScore& factor : breakdown.factors()) {
    sum += factor.contribution();
    weights += factor.weight();
    EXPECT_GE(factor.normalised_value(), 0);
    EXPECT_LE(factor.normalised_value(), 1);
  }
  EXPECT_EQ(sum, score);
  EXPECT_EQ(breakdown.score(), score);
  EXPECT_NEAR(weights, 1.0, 1e-12);
}

// Compares one RankVolunteers answer with the reference; returns the number of results.
int CheckRank(World& world, const ReferenceMission& mission, int limit, absl::Time now,
              bool skip_at_cap) {
  renfort::v1::RankVolunteersRequest request;
  request.set_mission_id(mission.proto.id());
  request.set_limit(limit);
  request.set_explain(true);
  RankOptions options;
  options.skip_at_invitation_cap = skip_at_cap;
  absl::StatusOr<renfort::v1::RankVolunteersResponse> response =
      world.engine().RankVolunteers(request, now, options);
  if (mission.proto.status() != renfort::v1::MISSION_STATUS_PUBLISHED) {
    EXPECT_THAT(response, StatusIs(absl::StatusCode::kFailedPrecondition));
    return 0;
  }
  EXPECT_OK(response);
  if (!response.ok()) return 0;
  const std::vector<ReferenceResult> expected = world.reference().Rank(
      mission.proto, world.volunteers(), world.involvement(), now, limit, skip_at_cap);
  std::vector<ReferenceResult> actual;
  for (const renfort::v1::RankedVolunteer& ranked : response->volunteers()) {
    actual.push_back({ranked.volunteer_id(), ranked.score(),
                      ranked.has_distance_km() ? std::optional(ranked.distance_km())
                                               : std::nullopt});
    ExpectBreakdownSumsToScore(ranked.breakdown(), ranked.score());
  }
  EXPECT_EQ(actual, expected) << "mission " << mission.proto.id();
  // No ranked volunteer breaks a hard rule, checked on the protos.
  for (const ReferenceResult& result : actual) {
    auto it = std::find_if(world.volunteers().begin(), world.volunteers().end(),
                           [&](const ReferenceVolunteer& v) { return v.proto.id() == result.id; });
    EXPECT_NE(it, world.volunteers().end());
    if (it == world.volunteers().end()) continue;
    std::optional<double> distance;
    EXPECT_TRUE(world.reference().PassesPairRules(*it, mission.proto, distance)) << result.id;
    EXPECT_FALSE(world.involvement().contains({mission.proto.id(), result.id}));
  }
  return static_cast<int>(actual.size());
}

int CheckRecommend(World& world, const ReferenceVolunteer& volunteer, int limit, absl::Time now) {
  renfort::v1::RecommendMissionsRequest request;
  request.set_volunteer_id(volunteer.proto.id());
  request.set_limit(limit);
  request.set_explain(true);
  absl::StatusOr<renfort::v1::RecommendMissionsResponse> response =
      world.engine().RecommendMissions(request, now);
  if (volunteer.proto.status() != renfort::v1::VOLUNTEER_STATUS_ACTIVE) {
    EXPECT_THAT(response, StatusIs(absl::StatusCode::kFailedPrecondition));
    return 0;
  }
  EXPECT_OK(response);
  if (!response.ok()) return 0;
  const std::vector<ReferenceResult> expected =
      world.reference().Recommend(volunteer, world.missions(), world.involvement(), now, limit);
  std::vector<ReferenceResult> actual;
  for (const renfort::v1::RecommendedMission& recommended : response->missions()) {
    actual.push_back({recommended.mission_id(), recommended.score(),
                      recommended.has_distance_km() ? std::optional(recommended.distance_km())
                                                    : std::nullopt});
    ExpectBreakdownSumsToScore(recommended.breakdown(), recommended.score());
    auto mission = std::find_if(world.missions().begin(), world.missions().end(),
                                [&](const ReferenceMission& m) {
                                  return m.proto.id() == recommended.mission_id();
                                });
    EXPECT_NE(mission, world.missions().end());
    if (mission != world.missions().end()) {
      EXPECT_EQ(recommended.waitlist_only(),
                mission->proto.places_held() >= mission->proto.places());
    }
  }
  EXPECT_EQ(actual, expected) << "volunteer " << volunteer.proto.id();
  return static_cast<int>(actual.size());
}

TEST(RankVolunteersProperty, EqualsBruteForceReferenceThroughUpdatesAndCompaction) {
  int cases = 0, results = 0;
  for (int seed = 1; seed <= kWorlds; ++seed) {
    World world(seed);
    for (int round = 0; round < 3; ++round) {
      if (round == 1) world.engine().Compact();
      if (round > 0) world.Mutate();
      // Queries on the day of indexing and two months later (recency, fairness months).
      const absl::Time now = TestNow() + absl::Hours(24 * 61 * (round == 2));
      for (const ReferenceMission& mission : world.missions()) {
        const int limit = world.generator().Uniform(1, 3) == 1 ? 500 : world.generator().Uniform(1, 12);
        results += CheckRank(world, mission, limit, now, world.generator().Chance(0.25));
        ++cases;
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
  EXPECT_GE(cases, 3000);
  EXPECT_GE(results, 5000);  // the worlds are not degenerate
}

// Long candidate lists, cut into skill blocks that a scan skips whole (OrderedSlots): dense
// home groups and one long remote list, through removals (which widen the blocks' skill
// unions), inserts (merged into the sorted part) and compaction. The pruned ranking must equal
// the unpruned brute-force one.
TEST(RankVolunteersProperty, SkillBlockPruningEqualsBruteForceReference) {
  int cases = 0, results = 0, with_skills = 0;
  for (int seed = 1001; seed <= 1006; ++seed) {
    World world(seed, /*volunteers=*/3000, /*shared_domains=*/0.5);
    for (int round = 0; round < 4; ++round) {
      if (round == 1 || round == 3) world.engine().Compact();
      if (round >= 2) world.Mutate(/*scale=*/15);
      for (const ReferenceMission& mission : world.missions()) {
        const int limit = world.generator().Uniform(1, 4) == 1 ? 200 : world.generator().Uniform(1, 20);
        results += CheckRank(world, mission, limit, TestNow(), world.generator().Chance(0.25));
        with_skills += mission.proto.required_skills_size() > 0;
        ++cases;
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
  EXPECT_GE(cases, 600);
  EXPECT_GE(with_skills, 200);
  EXPECT_GE(results, 3000);
}

// Dense clusters: most volunteers at one point, so that each travel class's home group there
// holds hundreds of volunteers in blocks, ordered by reliability and then by profile; blocks
// are skipped on their hours union (the availability rule) and on the bound of their unions of
// skills, domains and hours, before and after compaction and through updates that widen the
// unions. Many short limits, so that the top is full early and the bounds prune.
TEST(RankVolunteersProperty, DenseBlockPruningEqualsBruteForceReference) {
  int cases = 0, results = 0;
  for (int seed = 2001; seed <= 2006; ++seed) {
    World world(seed, /*volunteers=*/4000, /*shared_domains=*/0.3, /*missions=*/60,
                /*dense=*/true);
    for (int round = 0; round < 4; ++round) {
      if (round == 1 || round == 3) world.engine().Compact();
      if (round >= 2) world.Mutate(/*scale=*/20);
      for (const ReferenceMission& mission : world.missions()) {
        const int limit = world.generator().Uniform(1, 5) == 1 ? 300 : world.generator().Uniform(1, 30);
        results += CheckRank(world, mission, limit, TestNow(), world.generator().Chance(0.25));
        ++cases;
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
  EXPECT_GE(cases, 1400);
  EXPECT_GE(results, 10000);
}

TEST(RecommendMissionsProperty, EqualsBruteForceReferenceThroughUpdates) {
  int cases = 0, results = 0;
  for (int seed = 101; seed < 101 + kWorlds / 2; ++seed) {
    World world(seed);
    for (int round = 0; round < 2; ++round) {
      if (round > 0) {
        world.Mutate();
        world.engine().Compact();
      }
      for (const ReferenceVolunteer& volunteer : world.volunteers()) {
        if (!world.generator().Chance(0.3)) continue;
        results += CheckRecommend(world, volunteer, world.generator().Uniform(1, 25), TestNow());
        ++cases;
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
  EXPECT_GE(cases, 2000);
  EXPECT_GE(results, 2000);
}

// Many missions and short lists, so that the top is full early and RecommendMissions stops
// before the farther rings of its in-person missions (and prunes with the quick bound): the
// answer must still be the brute-force one.
TEST(RecommendMissionsProperty, DistanceRingsEqualBruteForceReference) {
  int cases = 0, results = 0;
  for (int seed = 201; seed <= 206; ++seed) {
    World world(seed, /*volunteers=*/300, /*shared_domains=*/0, /*missions=*/400);
    for (int round = 0; round < 2; ++round) {
      if (round > 0) world.Mutate();
      for (const ReferenceVolunteer& volunteer : world.volunteers()) {
        if (!world.generator().Chance(0.3)) continue;
        results += CheckRecommend(world, volunteer, world.generator().Uniform(1, 5), TestNow());
        ++cases;
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
  EXPECT_GE(cases, 900);
  EXPECT_GE(results, 2000);
}

// Many missions spread over every distance, in spread and dense worlds, and short lists: once
// the top is full, RecommendMissions computes from its threshold the distance beyond which no
// in-person mission can enter and reads no ring past it (the reach); missions just inside and
// just beyond that distance must be ranked as the brute force ranks them.
TEST(RecommendMissionsProperty, ThresholdReachEqualsBruteForceReference) {
  int cases = 0, results = 0;
  for (int seed = 301; seed <= 308; ++seed) {
    const bool dense = seed % 2 == 0;
    World world(seed, /*volunteers=*/250, /*shared_domains=*/0, /*missions=*/700, dense);
    for (int round = 0; round < 2; ++round) {
      if (round > 0) {
        world.Mutate();
        world.engine().Compact();
      }
      for (const ReferenceVolunteer& volunteer : world.volunteers()) {
        if (!world.generator().Chance(0.5)) continue;
        const int limit = world.generator().Uniform(1, 4) == 1 ? world.generator().Uniform(8, 25)
                                                               : world.generator().Uniform(1, 6);
        results += CheckRecommend(world, volunteer, limit, TestNow());
        ++cases;
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
  EXPECT_GE(cases, 1500);
  EXPECT_GE(results, 3000);
}

}  // namespace
}  // namespace renfort::matching::testing
