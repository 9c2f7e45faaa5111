#ifndef RENFORT_TOOLS_SEED_SEEDER_H_
#define RENFORT_TOOLS_SEED_SEEDER_H_

#include <pqxx/pqxx>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/seed/demo_platform.h"

namespace renfort::seed {

// True when the demo organisation exists: the seed commits everything or nothing, so its
// presence means the whole demo platform is there.
absl::StatusOr<bool> IsSeeded(pqxx::connection& connection);

struct SeedReport {
  std::vector<std::pair<std::string, int64_t>> rows;  // table, rows loaded, in load order
};

// Loads `platform` by COPY (pqxx::stream_to) in one transaction, serialised by an advisory lock
// against a concurrent seed, and does nothing when the database is already seeded (then
// `rows` is empty). The communes must be loaded (renfort-migrate does it). Appends nothing to
// the outbox: the matching indexer loads its snapshot from the tables when it starts.
// places_held is written as computed from the generated participations, with the
// participations_hold_places trigger disabled for the load only, and checked against the
// participations before commit.
absl::StatusOr<SeedReport> Seed(pqxx::connection& connection, const DemoPlatform& platform);

}  // namespace renfort::seed

#endif  // RENFORT_TOOLS_SEED_SEEDER_H_
