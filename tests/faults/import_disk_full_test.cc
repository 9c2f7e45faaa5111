// `renfortctl import volunteers` (the real binary) while PostgreSQL runs out of disk: the
// volunteers table lives in a tablespace on a 2 MiB tmpfs, and the file needs several times
// that. The import fails with a clear message and exit code, loads nothing (rows, events and
// the indexes it suspends are as before), and PostgreSQL stays healthy: once the table has room
// again, the same file loads in full.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/faults/fault_probes.h"
#include "tests/support/child_process.h"
#include "tests/support/private_postgres.h"
#include "tests/support/status_matchers.h"

namespace renfort {
namespace {

using ::renfort::testing::IsOk;
using ::testing::HasSubstr;

constexpr int kSeededRows = 50;
constexpr int kImportedRows = 20000;  // about 5 MB of heap: more than the tablespace holds
constexpr char kTmpfsSize[] = "size=2m";

constexpr char kIndexesAndForeignKeys[] = R"sql(
  SELECT (SELECT string_agg(indexdef, '; ' ORDER BY indexname) FROM pg_indexes
          WHERE tablename = 'volunteers') || ' | ' ||
         (SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), '; ' ORDER BY conname)
          FROM pg_constraint WHERE conrelid = 'volunteers'::regclass AND contype = 'f'))sql";

// A size-limited tmpfs mounted for the test (root only), owned by the postgres user so the
// server can put a tablespace on it; detached on destruction.
class TmpfsMount {
 public:
  static std::unique_ptr<TmpfsMount> Create(const std::string& options) {
    char directory[] = "/tmp/renfort-full-XXXXXX";
    if (mkdtemp(directory) == nullptr) {
      ADD_FAILURE() << "mkdtemp: " << std::strerror(errno);
      return nullptr;
    }
    if (mount("tmpfs", directory, "tmpfs", 0, options.c_str()) != 0) {
      ADD_FAILURE() << "mounting a tmpfs on " << directory
                    << " (the test needs root): " << std::strerror(errno);
      rmdir(directory);
      return nullptr;
    }
    auto tmpfs = std::unique_ptr<TmpfsMount>(new TmpfsMount(directory));
    const passwd* postgres = getpwnam("postgres");
    if (getuid() == 0 &&
        (postgres == nullptr || chown(directory, postgres->pw_uid, postgres->pw_gid) != 0)) {
      ADD_FAILURE() << "cannot give " << directory << " to the postgres user";
      return nullptr;
    }
    return tmpfs;
  }
  ~TmpfsMount() {
    umount2(path_.c_str(), MNT_DETACH);
    rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  explicit TmpfsMount(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// A volunteers file of `rows` good rows (Lille), e-mails numbered from `first`.
std::string WriteVolunteers(const std::string& path, int first, int rows) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << "first_name,last_name,email,birth_date,home_commune_insee_code\n";
  for (int i = first; i < first + rows; ++i) {
    file << absl::StrFormat("Camille,Durand,camille.durand%d@example.org,1990-04-12,59350\n", i);
  }
  return path;
}

struct ImportRun {
  std::optional<int> exit_code;
  std::string output;
};

ImportRun Import(const std::string& database_url, const std::string& csv,
                 const std::string& rejects) {
  absl::StatusOr<std::unique_ptr<testing::ChildProcess>> process = testing::ChildProcess::Start(
      {RENFORTCTL_BIN, "import", "volunteers", csv, "--rejects", rejects},
      {"RENFORT_DATABASE_URL=" + database_url});
  EXPECT_THAT(process, IsOk());
  if (!process.ok()) return {};
  ImportRun run;
  run.exit_code = (*process)->WaitForExit(absl::Seconds(120));
  run.output = (*process)->Output();
  return run;
}

// The first line of `text` containing `needle`, or "".
std::string LineWith(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  if (at == std::string::npos) return "";
  const size_t begin = text.rfind('\n', at);
  const size_t end = text.find('\n', at);
  return text.substr(begin == std::string::npos ? 0 : begin + 1,
                     end == std::string::npos ? std::string::npos : end - begin - 1);
}

std::string Text(pqxx::connection& connection, const std::string& sql) {
  pqxx::nontransaction txn(connection);
  return txn.exec1(sql)[0].as<std::string>();
}

TEST(ImportDiskFull, APostgresTablespaceRunningOutOfSpaceLoadsNothingAndLeavesTheServerHealthy) {
  // Declared first, so it is detached after the server using it has stopped.
  auto tmpfs = TmpfsMount::Create(kTmpfsSize);
  ASSERT_NE(tmpfs, nullptr);
  auto postgres = testing::PrivatePostgres::Start();
  ASSERT_NE(postgres, nullptr);
  const std::string stem = absl::StrCat(tmpfs->path(), "-");
  const std::string seed_csv = WriteVolunteers(stem + "seed.csv", 0, kSeededRows);
  const std::string big_csv = WriteVolunteers(stem + "big.csv", kSeededRows, kImportedRows);
  const std::string rejects = stem + "rejects.csv";

  ImportRun seeded = Import(postgres->url(), seed_csv, rejects);
  ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
  pqxx::connection sql(postgres->url());
  {
    pqxx::nontransaction txn(sql);
    txn.exec(absl::StrCat("CREATE TABLESPACE tight LOCATION '", tmpfs->path(), "'"));
    txn.exec("ALTER TABLE volunteers SET TABLESPACE tight");
  }
  const std::string indexes_before = Text(sql, kIndexesAndForeignKeys);
  const long long events_before = testing::QueryCount(sql, "SELECT count(*) FROM outbox_events");
  std::cout << "injected: table volunteers (" << kSeededRows << " rows) moved to a tablespace on a "
            << "2 MiB tmpfs; importing " << kImportedRows << " volunteers (~5 MB)\n";

  ImportRun full = Import(postgres->url(), big_csv, rejects);
  EXPECT_EQ(full.exit_code, 1) << full.output;
  EXPECT_THAT(full.output, HasSubstr("No space left on device")) << full.output;
  EXPECT_THAT(full.output, HasSubstr("nothing was loaded")) << full.output;
  std::cout << testing::Verdict() << ": renfortctl exited " << full.exit_code.value_or(-1) << ": "
            << LineWith(full.output, "nothing was loaded") << "\n";
  EXPECT_EQ(testing::QueryCount(sql, "SELECT count(*) FROM volunteers"), kSeededRows);
  EXPECT_EQ(testing::QueryCount(sql, "SELECT count(*) FROM outbox_events"), events_before);
  EXPECT_EQ(Text(sql, kIndexesAndForeignKeys), indexes_before);
  std::cout << testing::Verdict() << ": volunteers still " << kSeededRows << " rows, outbox still "
            << events_before << " events, indexes and foreign keys as before\n";

  // Still healthy: a new session works, nothing of the import is left running, PostgreSQL
  // reported the full disk, and once the table has room again the same file loads.
  pqxx::connection fresh(postgres->url());
  EXPECT_EQ(testing::QueryCount(fresh,
                                "SELECT count(*) FROM pg_stat_activity WHERE "
                                "datname = current_database() AND pid <> pg_backend_pid()"),
            1);  // `sql`
  {
    std::ifstream log_file(postgres->log_file());
    const std::string log((std::istreambuf_iterator<char>(log_file)),
                          std::istreambuf_iterator<char>());
    EXPECT_THAT(log, HasSubstr("No space left on device"));
  }
  pqxx::nontransaction(sql).exec("ALTER TABLE volunteers SET TABLESPACE pg_default");
  ImportRun retried = Import(postgres->url(), big_csv, rejects);
  EXPECT_EQ(retried.exit_code, 0) << retried.output;
  EXPECT_EQ(testing::QueryCount(sql, "SELECT count(*) FROM volunteers"),
            kSeededRows + kImportedRows);
  EXPECT_EQ(Text(sql, kIndexesAndForeignKeys), indexes_before);
  std::cout << testing::Verdict() << ": PostgreSQL healthy; with room again the same file loaded "
            << kImportedRows << " volunteers (total "
            << testing::QueryCount(sql, "SELECT count(*) FROM volunteers") << ")\n";
  for (const std::string& path : {seed_csv, big_csv, rejects}) std::remove(path.c_str());
}

// The importer's own side of a full disk: its rejects file on /dev/full, where every write
// fails with ENOSPC. The file holds a bad row, so there is a reject to record; the import must
// fail with the reason and load nothing, rather than commit rows whose refused lines are lost.
TEST(ImportDiskFull, ARejectsFileThatCannotBeWrittenLoadsNothing) {
  auto postgres = testing::PrivatePostgres::Start();
  ASSERT_NE(postgres, nullptr);
  char directory[] = "/tmp/renfort-rejects-XXXXXX";
  ASSERT_NE(mkdtemp(directory), nullptr) << std::strerror(errno);
  const std::string csv = WriteVolunteers(absl::StrCat(directory, "/good.csv"), 0, 1000);
  {
    std::ofstream append(csv, std::ios::app);
    append << "Camille,Durand,not-an-email,1990-04-12,59350\n";
  }
  pqxx::connection sql(postgres->url());
  const long long events_before = testing::QueryCount(sql, "SELECT count(*) FROM outbox_events");
  std::cout << "injected: importing 1,000 good rows and 1 bad one with the rejects file on "
            << "/dev/full (every write fails with ENOSPC)\n";

  ImportRun full = Import(postgres->url(), csv, "/dev/full");
  EXPECT_EQ(full.exit_code, 1) << full.output;
  EXPECT_THAT(full.output, HasSubstr("cannot write the rejects file '/dev/full'")) << full.output;
  EXPECT_THAT(full.output, HasSubstr("No space left on device")) << full.output;
  EXPECT_THAT(full.output, HasSubstr("nothing was loaded")) << full.output;
  std::cout << testing::Verdict() << ": renfortctl exited " << full.exit_code.value_or(-1) << ": "
            << LineWith(full.output, "nothing was loaded") << "\n";
  EXPECT_EQ(testing::QueryCount(sql, "SELECT count(*) FROM volunteers"), 0);
  EXPECT_EQ(testing::QueryCount(sql, "SELECT count(*) FROM outbox_events"), events_before);
  std::cout << testing::Verdict() << ": volunteers still 0 rows, outbox still " << events_before
            << " events\n";

  const std::string rejects = absl::StrCat(directory, "/rejects.csv");
  ImportRun retried = Import(postgres->url(), csv, rejects);
  EXPECT_EQ(retried.exit_code, 4) << retried.output;
  EXPECT_EQ(testing::QueryCount(sql, "SELECT count(*) FROM volunteers"), 1000);
  std::ifstream listed(rejects);
  const std::string text((std::istreambuf_iterator<char>(listed)),
                         std::istreambuf_iterator<char>());
  EXPECT_THAT(text, HasSubstr("1002,")) << text;  // the header is line 1
  std::cout << testing::Verdict() << ": with a writable rejects file the same import loaded "
            << testing::QueryCount(sql, "SELECT count(*) FROM volunteers")
            << " volunteers and listed line 1002\n";
  for (const std::string& path : {csv, rejects}) std::remove(path.c_str());
  rmdir(directory);
}

}  // namespace
}  // namespace renfort
