// An import followed by the running services: `renfortctl import volunteers` into the database
// of a running all-in-one renfort, whose matching index was loaded before the import, makes
// every imported volunteer rankable (through the volunteer.imported events, up to 1,000
// volunteers each, relayed to the stream and applied by the matching indexer), and none of the
// others.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "tests/support/child_process.h"
#include "tests/support/running_server.h"
#include "tests/support/served_database.h"
#include "tests/support/scratch_database.h"
#include "tests/support/service_requests.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_keys.h"

namespace renfort {
namespace {

namespace v1 = ::renfort::v1;
using ::renfort::testing::IsOk;

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/renfort-import-matching-", getpid(), "-",
                      name);
}

TEST(ImportFollowedByMatching, EveryImportedVolunteerBecomesRankableThroughTheRunningServices) {
  // Serving: the index holds its snapshot, taken before the import.
  auto served = testing::StartServedDatabase({.binary = RENFORT_BIN,
                                              .key_id = "import",
                                              .private_redis = true,
                                              .serving_service = "renfort.v1.MatchingService"});
  ASSERT_NE(served, nullptr);
  const auto& key = served->key;
  const auto& database = served->database;
  const auto& server = served->server;
  const testing::ServiceClients clients(server->channel(), *key);
  const std::string organisation = clients.CreateValidatedOrganisation("Restos du coeur");
  ASSERT_FALSE(organisation.empty());
  const std::string mission = clients.CreatePublishedMission(
      testing::PipelineMission(organisation, "Distribution de repas", "75056", 5));
  ASSERT_FALSE(mission.empty());

  // 1,200 volunteers on lines 2 to 1201: those in Paris can reach the mission, those in Lille
  // (15 km at most) cannot. The Parisians sit at both ends of both events (1,000 volunteers
  // each at most: lines 2 to 1001, then 1002 to 1201).
  const std::set<int> parisian_lines = {2, 3, 1000, 1001, 1002, 1003, 1201};
  std::set<std::string> parisians;
  std::string csv =
      "id,first_name,last_name,email,birth_date,home_commune_insee_code,max_travel_km\n";
  for (int line = 2; line <= 1201; ++line) {
    const std::string id = testing::RandomUuid();
    const bool in_paris = parisian_lines.count(line) > 0;
    if (in_paris) parisians.insert(id);
    absl::StrAppendFormat(&csv, "%s,Camille,Durand,camille.durand%d@example.org,1990-04-12,%s,15\n",
                          id, line, in_paris ? "75056" : "59350");
  }
  const std::string path = TempPath("volunteers.csv");
  const std::string rejects = TempPath("volunteers.rejects.csv");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << csv;

  absl::StatusOr<std::unique_ptr<testing::ChildProcess>> import = testing::ChildProcess::Start(
      {RENFORTCTL_BIN, "import", "volunteers", path, "--rejects=" + rejects},
      {"RENFORT_DATABASE_URL=" + database->url()});
  ASSERT_THAT(import, IsOk());
  EXPECT_EQ((*import)->WaitForExit(absl::Seconds(120)), 0) << (*import)->Output();
  {
    pqxx::connection connection(database->url());
    pqxx::read_transaction txn(connection);
    EXPECT_EQ(txn.exec1("SELECT count(*) FROM outbox_events WHERE type = 'volunteer.imported'")[0]
                  .as<int64_t>(),
              2);
  }

  // The ranking converges on exactly the Parisians (polled: relay, stream and indexer run on
  // their own schedule; generous for a loaded machine).
  std::set<std::string> ranked;
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (absl::Now() < deadline) {
    v1::RankVolunteersResponse ranking;
    ranked.clear();
    if (clients.Rank(mission, ranking).ok()) {
      for (const v1::RankedVolunteer& volunteer : ranking.volunteers()) {
        ranked.insert(volunteer.volunteer_id());
      }
      if (ranked == parisians) break;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(ranked, parisians);
  std::remove(path.c_str());
  std::remove(rejects.c_str());
}

}  // namespace
}  // namespace renfort
