#include "tests/support/index_comparison.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "storage/pg/connection_pool.h"

namespace renfort::testing {

namespace v1 = ::renfort::v1;

absl::StatusOr<std::unique_ptr<services::LiveIndex>> LoadFreshIndex(const std::string& database_url) {
  absl::StatusOr<std::unique_ptr<storage::ConnectionPool>> pool =
      storage::ConnectionPool::Open(database_url, 1);
  if (!pool.ok()) return pool.status();
  auto index = std::make_unique<services::LiveIndex>();
  if (absl::Status loaded = index->LoadSnapshot(**pool, absl::Now()); !loaded.ok()) return loaded;
  return index;
}

std::string CompareRankings(
    const services::LiveIndex& fresh, const std::vector<std::string>& mission_ids,
    const std::function<v1::RankVolunteersResponse(const std::string&)>& served) {
  for (const std::string& mission : mission_ids) {
    v1::RankVolunteersRequest request;
    request.set_mission_id(mission);
    request.set_limit(500);
    absl::StatusOr<v1::RankVolunteersResponse> expected =
        fresh.engine()->RankVolunteers(request, absl::Now());
    if (!expected.ok()) return std::string(expected.status().message());
    const v1::RankVolunteersResponse ranked = served(mission);
    if (ranked.volunteers_size() != expected->volunteers_size()) {
      return absl::StrCat("mission ", mission, ": served ", ranked.volunteers_size(),
                          " volunteers, fresh snapshot ranks ", expected->volunteers_size());
    }
    for (int i = 0; i < ranked.volunteers_size(); ++i) {
      if (ranked.volunteers(i).volunteer_id() != expected->volunteers(i).volunteer_id() ||
          std::abs(ranked.volunteers(i).score() - expected->volunteers(i).score()) > 1e-9) {
        return absl::StrCat("mission ", mission, ": rank ", i, " differs");
      }
    }
  }
  return "";
}

}  // namespace renfort::testing
