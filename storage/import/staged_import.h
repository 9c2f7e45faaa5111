#ifndef RENFORT_STORAGE_IMPORT_STAGED_IMPORT_H_
#define RENFORT_STORAGE_IMPORT_STAGED_IMPORT_H_

// The shape every bulk import shares: one transaction, rows streamed by COPY into a temporary
// staging table (ON COMMIT DROP), then merged into the real tables by INSERT ... SELECT in the
// same transaction. Nothing is visible to anyone before the commit, and an import interrupted
// at any point (signal, kill, lost connection) rolls back whole: PostgreSQL aborts an open
// transaction whose client goes away.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <pqxx/connection>
#include <pqxx/stream_to>
#include <pqxx/tablewriter>
#include <pqxx/transaction>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace renfort::storage {

// A staged row the merge refused, by the line of the file it came from.
struct RejectedRow {
  int64_t line = 0;
  std::string reason;
};

struct ImportOutcome {
  int64_t loaded = 0;                // rows inserted into the entity's table
  std::vector<RejectedRow> rejected;  // refused by the merge (e.g. email already registered)
  // How long each step of the merge took, in order ("duplicates", "insert", "events"...).
  std::vector<std::pair<std::string, absl::Duration>> steps;
  bool rebuilt_indexes = false;       // see index_suspension.h
};

// Records in `outcome` the time since the last mark (or construction) under a step's name.
class StepClock {
 public:
  explicit StepClock(ImportOutcome& outcome) : outcome_(outcome), last_(absl::Now()) {}
  void Mark(const std::string& step) {
    const absl::Time now = absl::Now();
    outcome_.steps.emplace_back(step, now - last_);
    last_ = now;
  }

 private:
  ImportOutcome& outcome_;
  absl::Time last_;
};

// Runs after the merge and before COMMIT, with the merge's outcome: a failure rolls the import
// back. The importer writes its rejects file here, so that an import whose rejects cannot be
// recorded (a full disk) loads nothing rather than rows whose refused lines nobody can see.
using BeforeCommit = std::function<absl::Status(const ImportOutcome&)>;

struct ImportOptions {
  // Append one outbox event per loaded row, as the RPCs do, so the matching indexers (which
  // refresh every aggregate an event names) pick the new rows up. Off only for a first load
  // before any server runs: the indexers then load them with their startup snapshot.
  bool append_events = true;
  // Drop and re-create the table's secondary indexes and foreign keys when the import at least
  // doubles it (index_suspension.h). Off: the table stays readable by others meanwhile.
  bool rebuild_indexes_when_worth_it = true;
  // The size of the file imported, when known (not for a pipe): lets an import that will double
  // the table decide so before reading it.
  std::optional<int64_t> file_bytes;
};

// A COPY in progress inside the import's transaction. Not thread-safe, except Cancel().
class StagedImport {
 public:
  // Opens the transaction, creates the staging table with `create_staging` and starts the COPY
  // into `staging_table` (`columns`, in row order).
  // With `preformatted`, rows come through AddRows only (COPY text made by the caller).
  static absl::StatusOr<std::unique_ptr<StagedImport>> Begin(
      pqxx::connection& connection, const std::string& what, const char* create_staging,
      const std::string& staging_table, const std::vector<std::string>& columns,
      bool preformatted = false);
  ~StagedImport();  // rolls back unless committed

  // Streams one row: a tuple of values in the staging columns' order (std::optional for
  // nullable ones), converted by libpqxx.
  template <typename Tuple>
  absl::Status Add(const Tuple& row) {
    try {
      *stream_ << row;
    } catch (...) {
      return StreamError();
    }
    return absl::OkStatus();
  }

  // Streams a block of rows already in COPY text format (copy_text.h), each ending with '\n':
  // one write for many rows. Only for an import begun `preformatted`.
  absl::Status AddRows(const std::string& rows);

  // Ends the COPY, runs `merge` (its statements run in the same transaction), then
  // `before_commit`, and commits. Any error, or a non-OK `before_commit`, rolls everything back.
  absl::StatusOr<ImportOutcome> Commit(const std::function<ImportOutcome(pqxx::work&)>& merge,
                                       const BeforeCommit& before_commit);

 private:
  absl::Status StreamError() const;  // maps the exception being handled
  StagedImport(pqxx::connection& connection, std::string what)
      : connection_(connection), what_(std::move(what)) {}

  pqxx::connection& connection_;
  const std::string what_;
  std::unique_ptr<pqxx::work> txn_;
  std::unique_ptr<pqxx::stream_to> stream_;
  // libpqxx 6.4's stream_to keeps its raw line writer private; tablewriter, which stream_to
  // superseded, is the public way to send COPY text as it is.
  std::unique_ptr<pqxx::tablewriter> raw_;
};

// Runs `before_commit` on `outcome`, then commits `txn` and resets it; a non-OK
// `before_commit` aborts it instead and is returned. Throws what libpqxx throws.
absl::Status CommitUnlessRefused(std::unique_ptr<pqxx::work>& txn, const ImportOutcome& outcome,
                                 const BeforeCommit& before_commit);

// Steps every merge shares, run inside StagedImport::Commit's `merge`.

// Adds one reject with `reason` per row of `lines` (a DELETE ... RETURNING line).
void RecordRejects(const pqxx::result& lines, const std::string& reason, ImportOutcome& outcome);

// Runs `insert` (INSERT ... SELECT from the staging table into `table`) and returns the rows
// inserted. When `options` allow it and `staged` rows at least double the table, the table's
// indexes and foreign keys are dropped around it and re-created (index_suspension.h). Marks the
// "insert" and, if rebuilt, "indexes" steps.
int64_t InsertStagedRows(pqxx::work& txn, const std::string& table, int64_t staged,
                         const char* insert, const ImportOptions& options, ImportOutcome& outcome,
                         StepClock& clock);

// COPY text of a timestamp, in UTC with microseconds ("2026-12-01 12:00:00.000000+00").
std::string CopyTimestamp(absl::Time time);
// The shortest text that reads back as the same double.
std::string CopyDouble(double value);

}  // namespace renfort::storage

#endif  // RENFORT_STORAGE_IMPORT_STAGED_IMPORT_H_
