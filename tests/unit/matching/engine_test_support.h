#ifndef RENFORT_TESTS_UNIT_MATCHING_ENGINE_TEST_SUPPORT_H_
#define RENFORT_TESTS_UNIT_MATCHING_ENGINE_TEST_SUPPORT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "matching/engine.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/volunteer.pb.h"

namespace renfort::matching::testing {

// An engine over the test vocabulary and zones, with default weights.
std::unique_ptr<MatchingEngine> MakeTestEngine(ScoringWeights weights = {});

// A plain ACTIVE volunteer in Paris, 30 years old, in person and remote, 20 km, no slots.
renfort::v1::Volunteer ParisVolunteer(const std::string& id);
// A PUBLISHED in-person mission in Paris (Wednesdays 14:00–16:00 from 2026-03-01), 5 places.
renfort::v1::Mission ParisMission(const std::string& id);

// "00000000-0000-4000-8000-00000000000N"-style ids, ascending with n.
std::string TestId(int n);

}  // namespace renfort::matching::testing

#endif  // RENFORT_TESTS_UNIT_MATCHING_ENGINE_TEST_SUPPORT_H_
