#ifndef RENFORT_TOOLS_SEED_DEMO_PLATFORM_H_
#define RENFORT_TOOLS_SEED_DEMO_PLATFORM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/organisation.pb.h"
#include "tools/datagen/tables.h"
#include "tools/datagen/world.h"

namespace renfort::seed {

// The ids the guided tour of scripts/run uses (scripts/run's development tokens carry the first
// two). They are outside datagen's id space (its fourth group is 8001..8003).
inline constexpr char kDemoOrganisationId[] = "00000000-0000-4000-8000-0000000000a1";
inline constexpr char kDemoVolunteerId[] = "00000000-0000-4000-8000-000000000001";
inline constexpr char kDemoNearbyMissionId[] = "00000000-0000-4000-8000-0000000000b1";
inline constexpr char kDemoRemoteMissionId[] = "00000000-0000-4000-8000-0000000000b2";
// Lille (59): the demo organisation's seat and the nearby mission; the demo volunteer lives in
// Villeneuve-d'Ascq, next door.
inline constexpr char kLilleInseeCode[] = "59350";
inline constexpr char kVilleneuveDAscqInseeCode[] = "59009";

struct DemoSpec {
  uint64_t seed = 2026;
  int64_t volunteers = 100000;
  // Generated missions; the organisations are an eighth of them (datagen's ratio). The two demo
  // missions come on top.
  int64_t missions = 30000;
  // Mission dates, ages and histories are placed relative to it.
  absl::Time now;
};

// Participations of one mission and their transitions, as rows of the tables below, in an order
// that keeps each participation's history chronological (transition ids follow COPY order).
struct ParticipationPlan {
  std::vector<datagen::Row> participations;
  std::vector<datagen::Row> transitions;
  int places_held = 0;  // the PENDING / IN_REVIEW / ACCEPTED ones
};
const std::vector<std::string>& ParticipationColumns();
const std::vector<std::string>& TransitionColumns();

struct DemoMission {
  renfort::v1::Mission mission;  // places_held equals plan.places_held
  ParticipationPlan plan;
};

// A demo platform: datagen's world (reused, not copied) plus the few items of the guided tour,
// and a participation history that datagen does not generate. Item i of each kind is a pure
// function of (spec, i), so the seeder may generate an item once per table it fills.
class DemoPlatform {
 public:
  static absl::StatusOr<DemoPlatform> Create(const DemoSpec& spec, const std::string& communes_csv);

  const DemoSpec& spec() const { return spec_; }
  int64_t organisation_count() const { return world_.organisation_count(); }
  int64_t volunteer_count() const { return spec_.volunteers; }
  int64_t mission_count() const { return spec_.missions + 2; }

  renfort::v1::Organisation Organisation(int64_t index) const;
  datagen::GeneratedVolunteer Volunteer(int64_t index) const;
  DemoMission Mission(int64_t index) const;

 private:
  DemoPlatform(const DemoSpec& spec, datagen::World world);
  void IndexVolunteers();
  renfort::v1::Mission TourMission(int64_t index, bool remote) const;
  ParticipationPlan PlanParticipations(int64_t index, const renfort::v1::Mission& mission) const;
  // Distinct volunteers who could take part in `mission` (never the demo volunteer, whose own
  // history the tour starts).
  std::vector<int64_t> Candidates(const renfort::v1::Mission& mission, int count,
                                  datagen::Rng& rng) const;

  DemoSpec spec_;
  datagen::World world_;
  // Active volunteers by département (in-person candidates) and those accepting remote work.
  absl::flat_hash_map<std::string, std::vector<int64_t>> in_person_by_department_;
  std::vector<int64_t> remote_;
  std::vector<bool> minor_;
};

}  // namespace renfort::seed

#endif  // RENFORT_TOOLS_SEED_DEMO_PLATFORM_H_
