#ifndef RENFORT_TESTS_UNIT_MATCHING_RANDOM_WORLD_H_
#define RENFORT_TESTS_UNIT_MATCHING_RANDOM_WORLD_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "matching/vocabulary.h"
#include "matching/zones.h"
#include "tests/unit/matching/reference_matcher.h"

namespace renfort::matching::testing {

// Small random worlds for property tests, built to hit the edges: volunteers packed on a few
// shared commune points (Paris, Lozère, La Réunion, Guadeloupe) with travel limits around the
// distances involved, birthdays near the 16/18 thresholds (29 February included), clones that
// differ only by id (ties), slots with odd minutes, three time zones, open and closed date
// ranges, missions full, paused or open to minors. Deterministic from the seed.
class WorldGenerator {
 public:
  explicit WorldGenerator(uint64_t seed) : rng_(seed) {}

  // A volunteer, or now and then a clone of an earlier one with a new id.
  ReferenceVolunteer Volunteer(absl::Time now);
  // A fresh profile for an existing volunteer (same id).
  ReferenceVolunteer Reprofile(const std::string& id, absl::Time now);
  ReferenceMission Mission(absl::Time now);
  std::string NewId();

  int Uniform(int low, int high);  // inclusive
  bool Chance(double probability);
  // Dense worlds: most volunteers and missions at one point of Paris, so that home groups grow
  // long enough to be cut into blocks (OrderedSlots). Off by default (the draws of other
  // worlds stay the same).
  void set_dense(bool dense) { dense_ = dense; }

 private:
  renfort::v1::GeoPoint CommunePoint(int cluster);
  int Cluster();

  std::mt19937_64 rng_;
  std::vector<ReferenceVolunteer> made_;
  uint64_t next_id_ = 1;
  bool dense_ = false;
};

// The skills of the random worlds (12 slugs).
std::vector<std::string> TestSkillSlugs();
SkillVocabulary TestSkills();
// Fixed-offset zones (no tzdata): metropolitan +1 h, "974" +4 h, "971" −4 h.
DepartmentZones TestZones();
// A Wednesday in March 2026, 10:00 UTC.
absl::Time TestNow();

}  // namespace renfort::matching::testing

#endif  // RENFORT_TESTS_UNIT_MATCHING_RANDOM_WORLD_H_
