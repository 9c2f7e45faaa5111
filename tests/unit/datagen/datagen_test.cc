#include <algorithm>
#include <map>
#include <set>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "matching/engine.h"
#include "matching/uuid.h"
#include "tools/datagen/csv_writer.h"
#include "tools/datagen/tables.h"
#include "tools/datagen/world.h"

namespace renfort::datagen {
namespace {

World MakeWorld(uint64_t seed, int64_t volunteers, int64_t missions) {
  WorldSpec spec;
  spec.seed = seed;
  spec.volunteers = volunteers;
  spec.missions = missions;
  absl::StatusOr<World> world = World::Create(spec, RENFORT_DATAGEN_COMMUNES_CSV);
  EXPECT_TRUE(world.ok()) << world.status();
  return *std::move(world);
}

// Large enough for shares within a percent or two, small enough to run in well under a second.
constexpr int kSample = 20000;

TEST(World, IsAPureFunctionOfTheSeed) {
  const World a = MakeWorld(7, kSample, kSample);
  const World b = MakeWorld(7, kSample, kSample);
  const World other = MakeWorld(8, kSample, kSample);
  int differing = 0;
  for (int i = 0; i < 500; ++i) {
    EXPECT_EQ(a.Volunteer(i).volunteer.SerializeAsString(),
              b.Volunteer(i).volunteer.SerializeAsString());
    EXPECT_EQ(a.Mission(i).SerializeAsString(), b.Mission(i).SerializeAsString());
    EXPECT_EQ(a.Organisation(i).SerializeAsString(), b.Organisation(i).SerializeAsString());
    differing += a.Volunteer(i).volunteer.SerializeAsString() !=
                 other.Volunteer(i).volunteer.SerializeAsString();
  }
  EXPECT_GT(differing, 490);
}

TEST(World, GeneratesEachItemIndependentlyOfTheOthersAndOfTheWorldSize) {
  const World small = MakeWorld(3, 10, 10);
  const World large = MakeWorld(3, 1000000, 100000);
  for (int i : {0, 5, 9}) {
    EXPECT_EQ(small.Volunteer(i).volunteer.SerializeAsString(),
              large.Volunteer(i).volunteer.SerializeAsString());
  }
  // Missions name organisations among M / 8 of them, so their content depends on M; the
  // volunteers, which the benchmarks scale, do not.
  EXPECT_EQ(large.Volunteer(123456).volunteer.id(), large.VolunteerId(123456));
}

TEST(World, GivesEveryItemADistinctUuid) {
  const World world = MakeWorld(1, kSample, kSample);
  std::set<std::string> ids;
  for (int i = 0; i < kSample; ++i) {
    ids.insert(world.VolunteerId(i));
    ids.insert(world.MissionId(i));
  }
  for (int i = 0; i < world.organisation_count(); ++i) ids.insert(world.OrganisationId(i));
  EXPECT_EQ(ids.size(), 2u * kSample + world.organisation_count());
  for (const std::string& id : {world.VolunteerId(0), world.MissionId(kSample - 1)}) {
    EXPECT_TRUE(matching::Uuid::Parse(id, "id").ok()) << id;
  }
}

TEST(World, HasTheVolunteerSharesOfARealPlatform) {
  const World world = MakeWorld(1, kSample, 0);
  const absl::CivilDay today = absl::ToCivilDay(world.spec().now, absl::UTCTimeZone());
  int remote = 0, in_person = 0, paris = 0, lozere = 0, retired = 0, minors = 0;
  int evening_or_weekend_hours = 0, weekday_day_hours = 0;
  std::map<int, int> domains;
  std::map<std::string, int> skills;
  for (int i = 0; i < kSample; ++i) {
    const renfort::v1::Volunteer v = world.Volunteer(i).volunteer;
    remote += v.accepts_remote();
    in_person += v.accepts_in_person();
    ASSERT_TRUE(v.accepts_remote() || v.accepts_in_person());
    paris += v.home_commune().insee_code() == "75056";
    lozere += v.home_commune().department_code() == "48";
    const absl::CivilDay birth(v.birth_date().year(), v.birth_date().month(), v.birth_date().day());
    const int age = static_cast<int>((today - birth) / 365.25);
    ASSERT_GE(age, 16);
    ASSERT_LE(age, 85);
    retired += age >= 62;
    minors += age < 18;
    for (int d : v.domains()) ++domains[d];
    for (const std::string& s : v.skills()) ++skills[s];
    for (const renfort::v1::WeeklySlot& slot : v.availability().weekly_slots()) {
      const int hours = (slot.end_minute() - slot.start_minute()) / 60;
      const bool weekend = slot.weekday() >= renfort::v1::WEEKDAY_SATURDAY;
      (weekend || slot.start_minute() >= 18 * 60 ? evening_or_weekend_hours : weekday_day_hours) +=
          hours;
    }
  }
  EXPECT_NEAR(remote / double(kSample), 0.30, 0.015);
  EXPECT_NEAR(in_person / double(kSample), 0.90, 0.015);
  // Placed by population: Paris holds about 3.3 % of metropolitan France, Lozère 0.12 %.
  const double paris_share = 2103778.0 / world.communes().total_population();
  EXPECT_NEAR(paris / double(kSample), paris_share, 0.005);
  EXPECT_GT(lozere, 0);
  EXPECT_LT(lozere / double(kSample), 0.004);
  EXPECT_NEAR(retired / double(kSample), 0.33, 0.02);
  EXPECT_GT(minors, 0);
  // Zipf-skewed: the most common domain and skill far ahead of the rare ones.
  auto [min_domain, max_domain] = std::minmax_element(
      domains.begin(), domains.end(), [](auto& a, auto& b) { return a.second < b.second; });
  EXPECT_EQ(domains.size(), 10u);
  EXPECT_GT(max_domain->second, 4 * min_domain->second);
  EXPECT_EQ(max_domain->first, renfort::v1::DOMAIN_SOLIDARITY_INSERTION);
  EXPECT_GT(skills["permis_b"], 10 * skills["langue_des_signes"]);
  // Evenings and weekends carry most of the hours people offer.
  EXPECT_GT(evening_or_weekend_hours, 1.3 * weekday_day_hours);
}

TEST(World, HasTheMissionSharesOfARealPlatform) {
  const World world = MakeWorld(1, 0, kSample);
  int remote = 0, published = 0, full = 0, one_off_weekend = 0, one_off = 0;
  for (int i = 0; i < kSample; ++i) {
    const renfort::v1::Mission m = world.Mission(i);
    if (m.format() == renfort::v1::FORMAT_REMOTE) {
      ++remote;
      EXPECT_TRUE(m.addresses().empty());
    } else {
      ASSERT_FALSE(m.addresses().empty());
      for (const renfort::v1::Address& address : m.addresses()) {
        EXPECT_EQ(address.commune().department_code(), m.department_code());
      }
    }
    published += m.status() == renfort::v1::MISSION_STATUS_PUBLISHED;
    full += m.places_held() == m.places();
    EXPECT_LE(m.places_held(), m.places());
    if (m.schedule().kind() == renfort::v1::SCHEDULE_KIND_ONE_OFF) {
      ++one_off;
      const renfort::v1::Date& d = m.schedule().dated_slots(0).date();
      const absl::Weekday day = absl::GetWeekday(absl::CivilDay(d.year(), d.month(), d.day()));
      one_off_weekend += day == absl::Weekday::saturday || day == absl::Weekday::sunday;
    }
  }
  EXPECT_NEAR(remote / double(kSample), 0.15, 0.01);
  EXPECT_NEAR(published / double(kSample), 0.96, 0.01);
  EXPECT_NEAR(full / double(kSample), 0.04, 0.01);  // full missions: RecommendMissions' waitlist
  EXPECT_GT(one_off_weekend, one_off / 2);
}

TEST(World, FeedsTheEngineWithoutARejectedItem) {
  const World world = MakeWorld(2, 5000, 2000);
  absl::StatusOr<matching::SkillVocabulary> skills =
      matching::SkillVocabulary::Create(World::SkillSlugs());
  ASSERT_TRUE(skills.ok());
  absl::StatusOr<std::unique_ptr<matching::MatchingEngine>> engine =
      matching::MatchingEngine::Create(*skills,
                                       matching::DepartmentZones(absl::FixedTimeZone(3600)),
                                       matching::ScoringWeights{});
  ASSERT_TRUE(engine.ok());
  for (int i = 0; i < 5000; ++i) {
    const GeneratedVolunteer v = world.Volunteer(i);
    ASSERT_TRUE((*engine)->UpsertVolunteer(v.volunteer, v.activity, world.spec().now).ok()) << i;
  }
  for (int i = 0; i < 2000; ++i) {
    ASSERT_TRUE((*engine)->UpsertMission(world.Mission(i), world.spec().now).ok()) << i;
  }
  EXPECT_EQ((*engine)->Stats().volunteers, 5000u);
  EXPECT_EQ((*engine)->Stats().missions, 2000u);
}

class CountingSink : public RowSink {
 public:
  void Add(Table table, const Row& row) override {
    ASSERT_EQ(row.size(), SpecOf(table).columns.size()) << SpecOf(table).name;
    ++rows[static_cast<int>(table)];
  }
  std::array<int, kTableCount> rows{};
};

TEST(Tables, EmitOneRowPerItemWithEveryColumnOfItsTable) {
  const World world = MakeWorld(1, 1000, 400);
  CountingSink sink;
  EmitWorld(world, sink);
  EXPECT_EQ(sink.rows[static_cast<int>(Table::kVolunteers)], 1000);
  EXPECT_EQ(sink.rows[static_cast<int>(Table::kVolunteerActivity)], 1000);
  EXPECT_EQ(sink.rows[static_cast<int>(Table::kMissions)], 400);
  EXPECT_EQ(sink.rows[static_cast<int>(Table::kOrganisations)], 50);
  EXPECT_GT(sink.rows[static_cast<int>(Table::kVolunteerWeeklySlots)], 2000);
  EXPECT_GT(sink.rows[static_cast<int>(Table::kMissionAddresses)], 300);
  for (int t = 0; t < kTableCount; ++t) EXPECT_EQ(AllTables()[t].table, static_cast<Table>(t));
}

TEST(CsvField, QuotesWhatCopyWouldMisreadAndLeavesNullEmpty) {
  EXPECT_EQ(CsvField(std::nullopt), "");
  EXPECT_EQ(CsvField(std::string()), "\"\"");
  EXPECT_EQ(CsvField(std::string("Paris")), "Paris");
  EXPECT_EQ(CsvField(std::string("L'Haÿ-les-Roses, Val")), "\"L'Haÿ-les-Roses, Val\"");
  EXPECT_EQ(CsvField(std::string("say \"hi\"")), "\"say \"\"hi\"\"\"");
}

}  // namespace
}  // namespace renfort::datagen
