#ifndef RENFORT_TESTS_SUPPORT_INDEX_COMPARISON_H_
#define RENFORT_TESTS_SUPPORT_INDEX_COMPARISON_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "renfort/v1/matching_service.pb.h"
#include "services/matching/live_index.h"

namespace renfort::testing {

// What "the served index equals a fresh rebuild" means in the pipeline tests: an index loaded
// from a new snapshot of the database ranks every given mission exactly as the server does.

// A LiveIndex loaded from a snapshot of `database_url` taken now.
absl::StatusOr<std::unique_ptr<services::LiveIndex>> LoadFreshIndex(const std::string& database_url);

// Empty when, for every mission of `mission_ids`, `served` (the server's RankVolunteers with
// limit 500) returns the volunteers `fresh` ranks, in the same order and with the same scores
// (within 1e-9); otherwise what differs first.
std::string CompareRankings(
    const services::LiveIndex& fresh, const std::vector<std::string>& mission_ids,
    const std::function<renfort::v1::RankVolunteersResponse(const std::string&)>& served);

}  // namespace renfort::testing

#endif  // RENFORT_TESTS_SUPPORT_INDEX_COMPARISON_H_
