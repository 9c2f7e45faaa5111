// `renfortctl import volunteers|missions`, the real binary against a scratch database: bad rows
// go to the rejects file with their line numbers while good rows load; a re-import rejects
// every row as a duplicate; files written by renfort-datagen load as they are; an import
// killed or interrupted at any point leaves nothing behind.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "tests/support/child_process.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"

namespace renfort {
namespace {

using ::renfort::testing::ChildProcess;
using ::renfort::testing::IsOk;
using ::renfort::testing::ScratchDatabase;
using ::testing::HasSubstr;
using ::testing::Not;

// Every index and foreign key definition of volunteers, as one text.
constexpr char kIndexesAndForeignKeys[] = R"sql(
  SELECT (SELECT string_agg(indexdef, '; ' ORDER BY indexname) FROM pg_indexes
          WHERE tablename = 'volunteers') || ' | ' ||
         (SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), '; ' ORDER BY conname)
          FROM pg_constraint WHERE conrelid = 'volunteers'::regclass AND contype = 'f'))sql";

constexpr char kHeader[] = "first_name,last_name,email,birth_date,home_commune_insee_code\n";

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/renfort-import-", getpid(), "-", name);
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
}

// Line `i` of a good volunteers file (Lille, 59350).
std::string GoodRow(int i) {
  return absl::StrFormat("Camille,Durand,camille.durand%d@example.org,1990-04-12,59350\n", i);
}

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    unsetenv("RENFORT_DATABASE_URL");
    database_ = ScratchDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
  }
  void TearDown() override {
    for (const std::string& path : files_) std::remove(path.c_str());
  }

  std::string File(const std::string& name) {
    files_.push_back(TempPath(name));
    return files_.back();
  }

  std::unique_ptr<ChildProcess> Start(std::vector<std::string> words) {
    words.insert(words.begin(), RENFORTCTL_BIN);
    absl::StatusOr<std::unique_ptr<ChildProcess>> process =
        ChildProcess::Start(words, {"RENFORT_DATABASE_URL=" + database_->url()});
    EXPECT_THAT(process, IsOk());
    return process.ok() ? *std::move(process) : nullptr;
  }

  // Runs renfortctl to completion; returns the exit code (nullopt if it hangs).
  std::optional<int> Run(std::vector<std::string> words, std::string* output = nullptr) {
    std::unique_ptr<ChildProcess> process = Start(std::move(words));
    if (process == nullptr) return std::nullopt;
    std::optional<int> code = process->WaitForExit(absl::Seconds(120));
    if (output != nullptr) *output = process->Output();
    return code;
  }

  int64_t Count(const std::string& query) {
    pqxx::connection connection(database_->url());
    pqxx::read_transaction txn(connection);
    return txn.exec(query)[0][0].as<int64_t>();
  }

  std::string Text(const std::string& query) {
    pqxx::connection connection(database_->url());
    pqxx::read_transaction txn(connection);
    return txn.exec(query)[0][0].as<std::string>();
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::vector<std::string> files_;
};

TEST_F(ImportTest, LoadsTheGoodRowsAndListsTheBadOnesWithTheirLineNumbers) {
  const std::string csv = File("volunteers.csv");
  WriteFile(csv, absl::StrCat(kHeader,                                               // line 1
                              GoodRow(1),                                            // 2
                              "Jean,Martin,jean@example.org,1980-01-01,99999\n",     // 3 commune
                              "Anne,Roux,anne-at-example.org,1985-02-02,59350\n",    // 4 email
                              GoodRow(5),                                            // 5
                              "Paul,Durand,CAMILLE.DURAND1@example.org,1970-03-03,59350\n",  // 6 dup
                              "Léa,Petit,lea@example.org,2015-06-01,59350\n",        // 7 age
                              "Bad\"Quote,X,x@example.org,1980-01-01,59350\n",       // 8 malformed
                              GoodRow(9)));                                          // 9
  const std::string indexes_before = Text(kIndexesAndForeignKeys);
  std::string output;
  EXPECT_EQ(Run({"import", "volunteers", csv}, &output), 4) << output;
  EXPECT_THAT(output, HasSubstr("loaded 3 volunteers, rejected 5"));

  EXPECT_THAT(output, HasSubstr("indexes re-created in bulk"));
  // ...as they were.
  EXPECT_EQ(Text(kIndexesAndForeignKeys), indexes_before);
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers WHERE department_code = '59' AND "
                  "latitude IS NOT NULL AND status = 'ACTIVE'"),
            3);
  // One event naming the three loaded volunteers, for the matching indexers: a
  // payload of three volunteers holding only their ids (40 bytes each).
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'volunteer.imported'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events e JOIN volunteers v "
                  "ON position(convert_to(v.id::text, 'UTF8') IN e.payload) > 0 "
                  "WHERE e.type = 'volunteer.imported' AND octet_length(e.payload) = 3 * 40"),
            3);

  const std::string rejects = ReadFile(TempPath("volunteers.rejects.csv"));
  files_.push_back(TempPath("volunteers.rejects.csv"));
  std::vector<std::string> lines = absl::StrSplit(rejects, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 6u) << rejects;
  EXPECT_EQ(lines[0], "line,reason");
  EXPECT_THAT(lines[1], HasSubstr("3,\"volunteer.home_commune.insee_code"));
  EXPECT_THAT(lines[2], HasSubstr("4,\"volunteer.email"));
  EXPECT_THAT(lines[3], HasSubstr("6,\"volunteer.email: same email as line 2"));
  EXPECT_THAT(lines[4], HasSubstr("7,\"volunteer.birth_date"));
  EXPECT_THAT(lines[5], HasSubstr("8,\"malformed CSV"));
}

TEST_F(ImportTest, ReimportingTheSameFileRejectsEveryRowAsADuplicate) {
  const std::string csv = File("again.csv");
  const std::string rejects = File("again-rejects.csv");
  WriteFile(csv, absl::StrCat(kHeader, GoodRow(1), GoodRow(2), GoodRow(3)));
  std::string output;
  ASSERT_EQ(Run({"import", "volunteers", csv, "--rejects", rejects}, &output), 0) << output;
  EXPECT_EQ(ReadFile(rejects), "line,reason\n");

  EXPECT_EQ(Run({"import", "volunteers", csv, "--rejects", rejects}, &output), 4) << output;
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 3);
  EXPECT_EQ(ReadFile(rejects),
            "line,reason\n"
            "2,\"volunteer.email: already registered (another volunteer uses this email)\"\n"
            "3,\"volunteer.email: already registered (another volunteer uses this email)\"\n"
            "4,\"volunteer.email: already registered (another volunteer uses this email)\"\n");

  // A file adding less than the table holds keeps the indexes in place.
  WriteFile(csv, absl::StrCat(kHeader, GoodRow(1), GoodRow(4)));
  EXPECT_EQ(Run({"import", "volunteers", csv, "--rejects", rejects}, &output), 4) << output;
  EXPECT_THAT(output, Not(HasSubstr("indexes re-created")));
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 4);
  EXPECT_THAT(ReadFile(rejects), HasSubstr("2,\"volunteer.email: already registered"));
  // Events name only the volunteers loaded: three, nothing for the duplicates, then the fourth.
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'volunteer.imported'"), 2);
  EXPECT_EQ(Count("SELECT sum(octet_length(payload)) FROM outbox_events "
                  "WHERE type = 'volunteer.imported'"),
            4 * 40);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events e JOIN volunteers v "
                  "ON v.id::text = e.aggregate_id WHERE v.email = 'camille.durand4@example.org'"),
            1);
}

TEST_F(ImportTest, AnUnterminatedQuoteLoadsNothingAndNamesItsLine) {
  // The quote opened on line 3 swallows every line after it: loading line 2 alone and reporting
  // one bad row would silently drop the rest of the file.
  const std::string csv = File("unterminated.csv");
  WriteFile(csv, absl::StrCat(kHeader, GoodRow(1),
                              "\"Jean,Martin,jean@example.org,1980-01-01,59350\n", GoodRow(3),
                              GoodRow(4)));
  std::string output;
  EXPECT_EQ(Run({"import", "volunteers", csv}, &output), 1) << output;
  EXPECT_THAT(output, HasSubstr("line 3: a quoted field never closes"));
  EXPECT_THAT(output, HasSubstr("nothing was loaded"));
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events"), 0);
}

TEST_F(ImportTest, ARowRejectedForOneKeyDoesNotReserveTheOther) {
  // Line 3 repeats line 2's id and is rejected; its email stays free for line 4.
  const std::string csv = File("keys.csv");
  const std::string rejects = File("keys-rejects.csv");
  constexpr char kFirst[] = "00000000-0000-4000-8000-00000000c001";
  constexpr char kSecond[] = "00000000-0000-4000-8000-00000000c002";
  WriteFile(csv, absl::StrCat("id,", kHeader,
                              kFirst, ",Anne,Roux,anne@example.org,1985-02-02,59350\n",
                              kFirst, ",Paul,Petit,paul@example.org,1970-03-03,59350\n",
                              kSecond, ",Paul,Petit,paul@example.org,1970-03-03,59350\n"));
  std::string output;
  EXPECT_EQ(Run({"import", "volunteers", csv, "--rejects", rejects}, &output), 4) << output;
  EXPECT_EQ(ReadFile(rejects), "line,reason\n3,\"id: same id as line 2\"\n");
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM volunteers WHERE id = '", kSecond,
                               "' AND email = 'paul@example.org'")),
            1);
}

TEST_F(ImportTest, EmailsThatOnlyTheDatabaseFoldsAlikeAreDuplicatesNotAFailedImport) {
  // "Émile" and "émile" differ after ASCII lowering but not for PostgreSQL's lower(), which the
  // unique index on emails uses.
  const std::string csv = File("accents.csv");
  const std::string rejects = File("accents-rejects.csv");
  WriteFile(csv, absl::StrCat(kHeader, "Émile,Roux,émile@example.org,1985-02-02,59350\n",
                              "Émile,Roux,Émile@example.org,1985-02-02,59350\n", GoodRow(4)));
  const bool folded = Count("SELECT (lower('Émile') = lower('émile'))::int") == 1;
  std::string output;
  if (folded) {
    EXPECT_EQ(Run({"import", "volunteers", csv, "--rejects", rejects}, &output), 4) << output;
    EXPECT_EQ(ReadFile(rejects),
              "line,reason\n3,\"volunteer.email: same email as an earlier line (letters differ "
              "only in case)\"\n");
    EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 2);
  } else {
    // A database whose lower() leaves É alone holds both addresses as distinct.
    EXPECT_EQ(Run({"import", "volunteers", csv, "--rejects", rejects}, &output), 0) << output;
    EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 3);
  }
}

TEST_F(ImportTest, LoadsTheVolunteersFileRenfortDatagenWrites) {
  const std::string dir = TempPath("datagen");
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
  std::string output;
  {
    absl::StatusOr<std::unique_ptr<ChildProcess>> datagen = ChildProcess::Start(
        {RENFORT_DATAGEN_BIN, "--seed=3", "--volunteers=3000", "--missions=10",
         "--out_dir=" + dir});
    ASSERT_THAT(datagen, IsOk());
    ASSERT_EQ((*datagen)->WaitForExit(absl::Seconds(120)), 0) << (*datagen)->Output();
  }
  const std::string csv = dir + "/volunteers.csv";
  EXPECT_EQ(Run({"import", "volunteers", csv, "--rejects=" + dir + "/rejects.csv"}, &output), 0)
      << output << ReadFile(dir + "/rejects.csv");
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 3000);
  EXPECT_THAT(output, HasSubstr("loaded 3000 volunteers, rejected 0"));
  // Values read back as written: a row of the file, field by field (datagen writes no quoted
  // fields in volunteers.csv).
  std::string first_row = ReadFile(csv);
  first_row = first_row.substr(first_row.find('\n') + 1);
  first_row = first_row.substr(0, first_row.find('\n'));
  const std::vector<std::string> f = absl::StrSplit(first_row, ',');
  ASSERT_EQ(f.size(), 19u) << first_row;
  {
    pqxx::connection connection(database_->url());
    pqxx::read_transaction txn(connection);
    EXPECT_EQ(txn.exec_params1(
                     "SELECT count(*) FROM volunteers WHERE id = $1 AND email = $2 AND "
                     "birth_date = $3::date AND latitude = $4::float8 AND longitude = $5::float8 "
                     "AND max_travel_km = $6::int AND status = $7 AND "
                     "terms_accepted_at = $8::timestamptz AND last_active_at = $9::timestamptz "
                     "AND created_at = $10::timestamptz",
                     f[0], f[3], f[4], f[6], f[7], f[9], f[14], f[15], f[17], f[18])[0]
                  .as<int>(),
              1)
        << first_row;
  }
  (void)std::system(absl::StrCat("rm -rf '", dir, "'").c_str());
}

TEST_F(ImportTest, LoadsMissionsAndRejectsUnknownOrganisations) {
  const std::string organisation = "00000000-0000-4000-8001-000000000001";
  {
    pqxx::connection connection(database_->url());
    pqxx::work txn(connection);
    txn.exec_params(
        "INSERT INTO organisations (id, name, kind, address_line, commune_insee_code, "
        "department_code, latitude, longitude, status, reviewed_at, reviewed_by) "
        "VALUES ($1, 'Restos du Nord', 'ASSOCIATION', '1 rue de la Gare', '59350', '59', "
        "50.63, 3.05, 'VALIDATED', now(), 'test')",
        organisation);
    txn.commit();
  }
  const std::string csv = File("missions.csv");
  WriteFile(csv, absl::StrCat(
                     "organisation_id,title,domain_slug,format,department_code,schedule_kind,"
                     "start_date,end_date,commitment_duration_minutes,commitment_period,places,"
                     "status,commune_insee_code\n",
                     organisation,
                     ",Maraude du soir à Lille,solidarity_insertion,IN_PERSON,59,RECURRING,"
                     "2026-12-07,,120,WEEK,12,PUBLISHED,59350\n",
                     "00000000-0000-4000-8001-00000000ffff,Collecte de jouets,"
                     "solidarity_insertion,IN_PERSON,59,RECURRING,2026-12-07,,120,WEEK,12,DRAFT,\n",
                     organisation,
                     ",Cours en ligne,no_such_domain,REMOTE,,ONE_OFF,2026-12-07,2026-12-08,60,"
                     "TOTAL,5,DRAFT,\n"));
  std::string output;
  EXPECT_EQ(Run({"import", "missions", csv}, &output), 4) << output;
  EXPECT_EQ(Count("SELECT count(*) FROM missions WHERE status = 'PUBLISHED' AND "
                  "published_at IS NOT NULL"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM mission_addresses WHERE commune_insee_code = '59350'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'mission.created'"), 1);
  const std::string rejects = ReadFile(TempPath("missions.rejects.csv"));
  files_.push_back(TempPath("missions.rejects.csv"));
  EXPECT_THAT(rejects, HasSubstr("3,\"mission.organisation_id: no organisation"));
  EXPECT_THAT(rejects, HasSubstr("4,\"mission.domain"));
}

TEST_F(ImportTest, AHeaderWithoutARequiredColumnIsBadUsageAndLoadsNothing) {
  const std::string csv = File("bad-header.csv");
  WriteFile(csv, "first_name,last_name\nJean,Martin\n");
  std::string output;
  EXPECT_EQ(Run({"import", "volunteers", csv}, &output), 2) << output;
  EXPECT_THAT(output, HasSubstr("missing required column(s) email,birth_date"));
}

// Writes rows into a named pipe the import reads, so the test decides when the file "ends".
class PipeFeed {
 public:
  explicit PipeFeed(std::string path) : path_(std::move(path)) {
    EXPECT_EQ(::mkfifo(path_.c_str(), 0600), 0);
  }
  ~PipeFeed() {
    if (fd_ >= 0) ::close(fd_);
    std::remove(path_.c_str());
  }
  // Opens the pipe (blocks until the reader has opened it) and writes `text`.
  void Write(const std::string& text) {
    if (fd_ < 0) fd_ = ::open(path_.c_str(), O_WRONLY);
    ASSERT_GE(fd_, 0);
    size_t done = 0;
    while (done < text.size()) {
      const ssize_t wrote = ::write(fd_, text.data() + done, text.size() - done);
      ASSERT_GT(wrote, 0);
      done += static_cast<size_t>(wrote);
    }
  }
  const std::string& path() const { return path_; }

 private:
  const std::string path_;
  int fd_ = -1;
};

std::string ManyRows(int from, int count) {
  std::string text;
  for (int i = from; i < from + count; ++i) text += GoodRow(i);
  return text;
}

TEST_F(ImportTest, AnImportKilledWhileStreamingLoadsNothing) {
  PipeFeed feed(TempPath("killed.fifo"));
  std::unique_ptr<ChildProcess> import =
      Start({"import", "volunteers", feed.path(), "--rejects=" + File("killed-rejects.csv")});
  ASSERT_NE(import, nullptr);
  feed.Write(absl::StrCat(kHeader, ManyRows(1, 20000)));
  // Rows have reached the staging table inside the open transaction...
  ASSERT_THAT(import->WaitForLine("rows read", absl::Seconds(60)), IsOk()) << import->Output();
  // ...when the process dies without a chance to clean up.
  import->Signal(SIGKILL);
  EXPECT_EQ(import->WaitForExit(absl::Seconds(30)), 128 + SIGKILL);
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events"), 0);
}

TEST_F(ImportTest, AnImportInterruptedWhileStreamingSaysNothingWasLoaded) {
  PipeFeed feed(TempPath("interrupted.fifo"));
  std::unique_ptr<ChildProcess> import =
      Start({"import", "volunteers", feed.path(), "--rejects=" + File("interrupted-rejects.csv")});
  ASSERT_NE(import, nullptr);
  feed.Write(absl::StrCat(kHeader, ManyRows(1, 20000)));
  ASSERT_THAT(import->WaitForLine("rows read", absl::Seconds(60)), IsOk()) << import->Output();
  import->Signal(SIGINT);
  EXPECT_EQ(import->WaitForExit(absl::Seconds(30)), 130) << import->Output();
  EXPECT_THAT(import->Output(), HasSubstr("interrupted by signal 2: nothing was loaded"));
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 0);
}

TEST_F(ImportTest, AnImportTerminatedDuringTheMergeLoadsNothing) {
  const std::string csv = File("merge.csv");
  WriteFile(csv, absl::StrCat(kHeader, ManyRows(1, 5000)));
  // A SHARE lock lets the import read volunteers but holds its INSERT: the signal is sure to
  // arrive before the commit. With the indexes kept, the rows go through the staging table.
  pqxx::connection blocker(database_->url());
  auto lock = std::make_unique<pqxx::work>(blocker);
  lock->exec("LOCK TABLE volunteers IN SHARE MODE");
  std::unique_ptr<ChildProcess> import = Start(
      {"import", "volunteers", csv, "--keep-indexes", "--rejects=" + File("merge-rejects.csv")});
  ASSERT_NE(import, nullptr);
  ASSERT_THAT(import->WaitForLine("checking duplicates and loading", absl::Seconds(60)), IsOk())
      << import->Output();
  import->Signal(SIGTERM);
  EXPECT_EQ(import->WaitForExit(absl::Seconds(30)), 128 + SIGTERM) << import->Output();
  lock->abort();
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events"), 0);
}

TEST_F(ImportTest, ADirectLoadTerminatedWhileWaitingForItsTableLockLoadsNothing) {
  // Into an empty table, the file doubles it: the import locks volunteers before reading.
  const std::string csv = File("direct-lock.csv");
  WriteFile(csv, absl::StrCat(kHeader, ManyRows(1, 5000)));
  pqxx::connection blocker(database_->url());
  auto lock = std::make_unique<pqxx::work>(blocker);
  lock->exec("LOCK TABLE volunteers IN SHARE MODE");
  std::unique_ptr<ChildProcess> import =
      Start({"import", "volunteers", csv, "--rejects=" + File("direct-lock-rejects.csv")});
  ASSERT_NE(import, nullptr);
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (Count("SELECT count(*) FROM pg_locks WHERE NOT granted "
               "AND relation = 'volunteers'::regclass") == 0) {
    ASSERT_LT(absl::Now(), deadline) << import->Output();
    absl::SleepFor(absl::Milliseconds(20));
  }
  import->Signal(SIGTERM);
  EXPECT_EQ(import->WaitForExit(absl::Seconds(30)), 128 + SIGTERM) << import->Output();
  EXPECT_THAT(import->Output(), HasSubstr("interrupted by signal 15: nothing was loaded"));
  lock->abort();
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events"), 0);
}

TEST_F(ImportTest, ADirectLoadTerminatedAfterItsRowsWereCopiedLoadsNothing) {
  const std::string csv = File("direct-late.csv");
  std::string rows = "first_name,last_name,email,birth_date,home_commune_insee_code,domains\n";
  for (int i = 1; i <= 5000; ++i) {
    absl::StrAppend(&rows, absl::StrFormat(
                               "Camille,Durand,camille.durand%d@example.org,1990-04-12,59350,health\n", i));
  }
  WriteFile(csv, rows);
  const std::string indexes = Text(kIndexesAndForeignKeys);
  // The volunteers are in (uncommitted) when their domains wait for this lock.
  pqxx::connection blocker(database_->url());
  auto lock = std::make_unique<pqxx::work>(blocker);
  lock->exec("LOCK TABLE volunteer_domains IN SHARE MODE");
  std::unique_ptr<ChildProcess> import =
      Start({"import", "volunteers", csv, "--rejects=" + File("direct-late-rejects.csv")});
  ASSERT_NE(import, nullptr);
  ASSERT_THAT(import->WaitForLine("finishing the load into volunteers", absl::Seconds(60)), IsOk())
      << import->Output();
  import->Signal(SIGTERM);
  EXPECT_EQ(import->WaitForExit(absl::Seconds(30)), 128 + SIGTERM) << import->Output();
  lock->abort();
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM volunteer_domains"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events"), 0);
  EXPECT_EQ(Text(kIndexesAndForeignKeys), indexes);
}

TEST_F(ImportTest, ADirectLoadRefusesStoredEmailsAndIdsWithTheMergesReasons) {
  const std::string csv = File("direct.csv");
  const std::string rejects = File("direct-rejects.csv");
  constexpr char kStoredId[] = "00000000-0000-4000-8000-00000000d002";
  WriteFile(csv, absl::StrCat("id,", kHeader,
                              "00000000-0000-4000-8000-00000000d001,Anne,Roux,anne@example.org,"
                              "1985-02-02,59350\n",
                              kStoredId, ",Paul,Petit,paul@example.org,1970-03-03,59350\n"));
  std::string output;
  ASSERT_EQ(Run({"import", "volunteers", csv, "--rejects", rejects}, &output), 0) << output;
  const std::string indexes = Text(kIndexesAndForeignKeys);

  // Twenty new rows after the duplicates: the file's size says it more than doubles the table.
  std::string rows = absl::StrCat(
      "00000000-0000-4000-8000-00000000d010,Anne,Roux,ANNE@example.org,1985-02-02,59350\n",
      kStoredId, ",Paul,Petit,paul.petit@example.org,1970-03-03,59350\n");
  for (int i = 0; i < 20; ++i) {
    absl::StrAppend(&rows, absl::StrFormat("00000000-0000-4000-8000-%012d,", 100 + i),
                    GoodRow(i));
  }
  WriteFile(csv, absl::StrCat("id,", kHeader, rows));
  EXPECT_EQ(Run({"import", "volunteers", csv, "--rejects", rejects}, &output), 4) << output;
  EXPECT_THAT(output, HasSubstr("straight into volunteers"));
  EXPECT_THAT(output, HasSubstr("indexes re-created"));
  EXPECT_EQ(ReadFile(rejects),
            "line,reason\n"
            "2,\"volunteer.email: already registered (another volunteer uses this email)\"\n"
            "3,\"volunteer.id: a volunteer with this id exists\"\n");
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 22);
  EXPECT_EQ(Text(kIndexesAndForeignKeys), indexes);
  // One event per import, naming exactly the volunteers each loaded.
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'volunteer.imported'"), 2);
  EXPECT_EQ(Count("SELECT sum(octet_length(payload)) FROM outbox_events "
                  "WHERE type = 'volunteer.imported'"),
            22 * 40);
}

TEST_F(ImportTest, LoadsDomainsAndSkillsWhicheverWayTheRowsGo) {
  const std::string csv = File("slugs.csv");
  constexpr char kSlugsHeader[] =
      "first_name,last_name,email,birth_date,home_commune_insee_code,domains,skills\n";
  auto row = [](int i) {
    return absl::StrFormat("Camille,Durand,camille.durand%d@example.org,1990-04-12,59350,"
                           "health;sport,permis_b\n", i);
  };
  // Into the empty table: loaded directly.
  WriteFile(csv, absl::StrCat(kSlugsHeader, row(1), row(2), row(3)));
  std::string output;
  ASSERT_EQ(Run({"import", "volunteers", csv, "--rejects", File("slugs-rejects.csv")}, &output), 0)
      << output;
  EXPECT_THAT(output, HasSubstr("straight into volunteers"));
  EXPECT_EQ(Count("SELECT count(*) FROM volunteer_domains"), 6);
  EXPECT_EQ(Count("SELECT count(*) FROM volunteer_skills WHERE skill_slug = 'permis_b'"), 3);
  // One row more for a table of three: through the staging table.
  WriteFile(csv, absl::StrCat(kSlugsHeader, row(4)));
  ASSERT_EQ(Run({"import", "volunteers", csv, "--rejects", File("slugs-rejects.csv")}, &output), 0)
      << output;
  EXPECT_THAT(output, HasSubstr("into a staging table"));
  EXPECT_EQ(Count("SELECT count(*) FROM volunteer_domains"), 8);
  EXPECT_EQ(Count("SELECT count(*) FROM volunteer_skills s JOIN volunteers v "
                  "ON v.id = s.volunteer_id WHERE v.email = 'camille.durand4@example.org'"),
            1);
}

}  // namespace
}  // namespace renfort
