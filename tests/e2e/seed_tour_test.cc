// The demo of scripts/run end to end: renfort-seed loads a small demo platform into a scratch
// database (twice: the second run must change nothing), the rows satisfy the rules the schema
// cannot check alone, then the real all-in-one server serves the guided tour's renfortctl
// commands, run as scripts/run prints them (tokens minted by `renfortctl token`).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <pqxx/pqxx>

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tests/support/child_process.h"
#include "tests/support/running_server.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_keys.h"

namespace renfort {
namespace {

using ::grpc::health::v1::HealthCheckResponse;
using ::renfort::services::TokenAlgorithm;
using ::renfort::testing::ChildProcess;
using ::renfort::testing::IsOk;
using ::renfort::testing::RunningServer;
using ::renfort::testing::ScratchDatabase;
using ::renfort::testing::TestSigningKey;
using ::testing::HasSubstr;

// tools/seed/demo_platform.h (the ids scripts/run's tokens and tour use).
constexpr char kOrganisationId[] = "00000000-0000-4000-8000-0000000000a1";
constexpr char kVolunteerId[] = "00000000-0000-4000-8000-000000000001";
constexpr char kNearbyMissionId[] = "00000000-0000-4000-8000-0000000000b1";
constexpr char kRemoteMissionId[] = "00000000-0000-4000-8000-0000000000b2";
// Small enough for a test, large enough for every département to have volunteers.
constexpr int kVolunteers = 4000;
constexpr int kMissions = 800;

struct RunResult {
  std::optional<int> code;
  std::string output;  // stdout and stderr
};

RunResult RunToExit(std::vector<std::string> argv) {
  absl::StatusOr<std::unique_ptr<ChildProcess>> process = ChildProcess::Start(argv);
  EXPECT_THAT(process, IsOk());
  if (!process.ok()) return {};
  std::optional<int> code = (*process)->WaitForExit(absl::Seconds(120));
  return {code, (*process)->Output()};
}

int64_t Count(pqxx::connection& connection, const std::string& sql) {
  pqxx::read_transaction txn(connection);
  return txn.exec(sql)[0][0].as<int64_t>();
}

class SeedTourTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    unsetenv("RENFORT_ENDPOINT");
    unsetenv("RENFORT_TOKEN");
    key_ = TestSigningKey::Generate(TokenAlgorithm::kEs256, "e2e").release();
    database_ = ScratchDatabase::CreateMigrated().release();
    ASSERT_NE(database_, nullptr);
    first_seed_ = new RunResult(Seed());
  }

  static void TearDownTestSuite() {
    delete server_;
    delete first_seed_;
    delete database_;
    delete key_;
  }

  static RunResult Seed() {
    return RunToExit({RENFORT_SEED_BIN, "--database_url=" + database_->url(),
                std::string("--communes_csv=") + RENFORT_COMMUNES_CSV,
                absl::StrCat("--volunteers=", kVolunteers), absl::StrCat("--missions=", kMissions)});
  }

  // The server, started on first use (after the seed: the matching index loads its snapshot
  // from the tables at start-up).
  static RunningServer& Server() {
    if (server_ == nullptr) {
      server_ = RunningServer::Start({.binary = RENFORT_BIN,
                                      .database_url = database_->url(),
                                      .jwt_key_files = {key_->public_key_file()}})
                    .release();
      EXPECT_NE(server_, nullptr);
      EXPECT_TRUE(server_->AwaitHealth(HealthCheckResponse::SERVING)) << server_->process().Output();
    }
    return *server_;
  }

  // A development token as scripts/run mints it.
  static std::string Token(std::vector<std::string> flags) {
    flags.insert(flags.begin(), {RENFORTCTL_BIN, "token"});
    flags.push_back("--key=" + key_->private_key_file());
    const RunResult minted = RunToExit(flags);
    EXPECT_EQ(minted.code, 0) << minted.output;
    return std::string(absl::StripAsciiWhitespace(minted.output));
  }

  static RunResult Ctl(std::vector<std::string> words, const std::string& token) {
    words.insert(words.begin(), RENFORTCTL_BIN);
    words.push_back(absl::StrCat("--endpoint=127.0.0.1:", Server().port()));
    words.push_back("--token=" + token);
    return RunToExit(words);
  }

  static inline TestSigningKey* key_ = nullptr;
  static inline ScratchDatabase* database_ = nullptr;
  static inline RunResult* first_seed_ = nullptr;
  static inline RunningServer* server_ = nullptr;
};

TEST_F(SeedTourTest, TheFirstRunSeedsAndTheSecondChangesNothing) {
  ASSERT_EQ(first_seed_->code, 0) << first_seed_->output;
  EXPECT_THAT(first_seed_->output, HasSubstr("demo data seeded in"));
  pqxx::connection connection(database_->url());
  const std::string counts =
      "SELECT (SELECT count(*) FROM volunteers) * 1000000000 + (SELECT count(*) FROM missions) "
      "* 100000 + (SELECT count(*) FROM participations)";
  const int64_t before = Count(connection, counts);
  const RunResult second = Seed();
  EXPECT_EQ(second.code, 0) << second.output;
  EXPECT_THAT(second.output, HasSubstr("already seeded"));
  EXPECT_EQ(Count(connection, counts), before);
}

TEST_F(SeedTourTest, TheSeededPlatformHasTheAnnouncedShape) {
  ASSERT_EQ(first_seed_->code, 0) << first_seed_->output;
  pqxx::connection c(database_->url());
  EXPECT_EQ(Count(c, "SELECT count(*) FROM volunteers"), kVolunteers);
  EXPECT_EQ(Count(c, "SELECT count(*) FROM organisations"), kMissions / 8);
  EXPECT_EQ(Count(c, "SELECT count(*) FROM missions"), kMissions + 2);
  for (const char* id : {kOrganisationId}) {
    EXPECT_EQ(Count(c, absl::StrCat("SELECT count(*) FROM organisations WHERE id = '", id,
                                    "' AND department_code = '59' AND status = 'VALIDATED'")), 1);
  }
  EXPECT_EQ(Count(c, absl::StrCat("SELECT count(*) FROM volunteers WHERE id = '", kVolunteerId,
                                  "' AND department_code = '59' AND status = 'ACTIVE'")), 1);
  EXPECT_EQ(Count(c, absl::StrCat("SELECT count(*) FROM missions WHERE id = '", kRemoteMissionId,
                                  "' AND format = 'REMOTE' AND status = 'PUBLISHED'")), 1);
  EXPECT_EQ(Count(c, absl::StrCat("SELECT count(*) FROM missions WHERE id = '", kNearbyMissionId,
                                  "' AND department_code = '59' AND status = 'PUBLISHED'")), 1);
  // Mostly published, and happening now or later.
  EXPECT_GT(Count(c, "SELECT count(*) FROM missions WHERE status = 'PUBLISHED'"), kMissions * 9 / 10);
  EXPECT_EQ(Count(c, "SELECT count(*) FROM missions WHERE status = 'PUBLISHED' "
                     "AND coalesce(end_date, 'infinity') < current_date - 1"), 0);
  EXPECT_EQ(Count(c, "SELECT count(*) FROM organisations WHERE status <> 'VALIDATED'"), 0);
  // Real communes everywhere (the foreign keys say so too), coordinates of the commune.
  EXPECT_EQ(Count(c, "SELECT count(*) FROM volunteers v LEFT JOIN communes k "
                     "ON k.insee_code = v.home_commune_insee_code WHERE k.insee_code IS NULL"), 0);
  EXPECT_EQ(Count(c, "SELECT count(*) FROM mission_addresses a LEFT JOIN communes k "
                     "ON k.insee_code = a.commune_insee_code WHERE k.insee_code IS NULL"), 0);
}

TEST_F(SeedTourTest, TheParticipationHistoryIsConsistentWithThePlaces) {
  ASSERT_EQ(first_seed_->code, 0) << first_seed_->output;
  pqxx::connection c(database_->url());
  EXPECT_GT(Count(c, "SELECT count(*) FROM participations"), kMissions);
  EXPECT_EQ(Count(c, "SELECT count(*) FROM missions WHERE places_held > places"), 0);
  EXPECT_EQ(Count(c, "SELECT count(*) FROM missions m WHERE places_held <> (SELECT count(*) "
                     "FROM participations p WHERE p.mission_id = m.id "
                     "AND p.status IN ('PENDING', 'IN_REVIEW', 'ACCEPTED'))"), 0);
  // Several statuses, each reached through its transitions, the last one being the status.
  EXPECT_GE(Count(c, "SELECT count(DISTINCT status) FROM participations"), 5);
  EXPECT_EQ(Count(c, "SELECT count(*) FROM participations WHERE status IN ('DONE', 'NO_SHOW')"), 0);
  EXPECT_EQ(Count(c, "SELECT count(*) FROM participations p WHERE p.status <> (SELECT t.to_status "
                     "FROM participation_transitions t WHERE t.participation_id = p.id "
                     "ORDER BY t.id DESC LIMIT 1)"), 0);
  EXPECT_EQ(Count(c, "SELECT count(*) FROM participation_transitions t JOIN participations p "
                     "ON p.id = t.participation_id WHERE t.at < p.created_at OR t.at > p.updated_at"), 0);
  EXPECT_EQ(Count(c, "SELECT count(*) FROM participations p JOIN missions m ON m.id = p.mission_id "
                     "WHERE m.status NOT IN ('PUBLISHED', 'PAUSED')"), 0);
  // In-person participants live in the mission's département.
  EXPECT_EQ(Count(c, "SELECT count(*) FROM participations p JOIN missions m ON m.id = p.mission_id "
                     "JOIN volunteers v ON v.id = p.volunteer_id "
                     "WHERE m.format <> 'REMOTE' AND v.department_code <> m.department_code"), 0);
  // Nothing for the outbox: the seed is not a sequence of events.
  EXPECT_EQ(Count(c, "SELECT count(*) FROM outbox_events"), 0);
}

TEST_F(SeedTourTest, TheGuidedTourWorksAsPrinted) {
  ASSERT_EQ(first_seed_->code, 0) << first_seed_->output;
  const std::string volunteer = Token({"--role=volunteer", absl::StrCat("--volunteer=", kVolunteerId)});
  const std::string manager = Token({"--role=org_manager", absl::StrCat("--org=", kOrganisationId)});
  const std::string coordinator = Token({"--role=coordinator", "--dept=59"});

  const RunResult search = Ctl({"mission", "search", "--near=50.6311,3.0469", "--radius=10",
                                "--order=distance", "--page-size=5"}, volunteer);
  EXPECT_EQ(search.code, 0) << search.output;
  EXPECT_THAT(search.output, HasSubstr("Distribution alimentaire"));

  const RunResult rank =
      Ctl({"match", "rank", "--mission=" + std::string(kRemoteMissionId), "--limit=3", "--explain"},
          manager);
  EXPECT_EQ(rank.code, 0) << rank.output;
  EXPECT_THAT(rank.output, HasSubstr("= score"));

  const RunResult before = Ctl({"stats", "get", "--dept=59"}, coordinator);
  EXPECT_EQ(before.code, 0) << before.output;

  const RunResult apply = Ctl({"participation", "apply", "--mission=" + std::string(kNearbyMissionId),
                               "--motivation=Disponible le samedi matin"}, volunteer);
  ASSERT_EQ(apply.code, 0) << apply.output;
  EXPECT_THAT(apply.output, HasSubstr("pending"));
  std::string participation;
  for (absl::string_view line : absl::StrSplit(apply.output, '\n')) {
    std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (words.size() == 2 && words[0] == "id") participation = words[1];
  }
  ASSERT_FALSE(participation.empty()) << apply.output;

  const RunResult accept = Ctl({"participation", "accept", "--id=" + participation}, manager);
  EXPECT_EQ(accept.code, 0) << accept.output;
  EXPECT_THAT(accept.output, HasSubstr("status        accepted"));

  const RunResult after = Ctl({"stats", "get", "--dept=59"}, coordinator);
  EXPECT_EQ(after.code, 0) << after.output;
  EXPECT_NE(after.output, before.output);
  EXPECT_THAT(before.output, HasSubstr("participations"));
}

}  // namespace
}  // namespace renfort
