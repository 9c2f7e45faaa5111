#ifndef RENFORT_TOOLS_RENFORTCTL_IMPORT_RUNNER_H_
#define RENFORT_TOOLS_RENFORTCTL_IMPORT_RUNNER_H_

// The driver of `renfortctl import <entity> FILE.csv`, the same for every entity: reads the
// file record by record, hands each to the entity's RowLoader (checks, then COPY into staging),
// shows progress, commits the one transaction, writes the rejects file and the summary.
//
// Exit codes (docs/renfortctl.md): 0 every row loaded; 4 the import is committed but some rows
// were rejected (listed in the rejects file); 1 PostgreSQL refused the import (nothing loaded);
// 2 bad usage or unreadable header (nothing sent); 3 PostgreSQL unreachable; 128+N interrupted
// by signal N (SIGINT 130, SIGTERM 143; nothing loaded).

#include <memory>
#include <ostream>
#include <pqxx/connection>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/import/import_references.h"
#include "storage/import/staged_import.h"
#include "tools/renfortctl/flags.h"
#include "tools/renfortctl/import_csv.h"
#include "tools/renfortctl/import_fields.h"
#include "tools/renfortctl/import_pipeline.h"

namespace renfort::ctl {

inline constexpr int kExitRowsRejected = 4;

// Checks and stages the rows of one entity, in two steps that run on two threads
// (import_pipeline.h): Check, on the reading thread, and Stage, on the caller's.
class RowLoader {
 public:
  virtual ~RowLoader() = default;
  // A row for Check to fill, of the entity's own CheckedRow type.
  virtual std::unique_ptr<CheckedRow> NewRow() const = 0;
  // Checks `record` (`columns` from the header) on its own, into `row` (line already set):
  // sets row->rejection to the reason when it is bad. Never touches what Stage uses.
  virtual void Check(const CsvRecord& record, const CsvColumns& columns, CheckedRow* row) = 0;
  // Checks a good row against the rows staged before it (duplicates in the file) and streams
  // it to staging; sets row->rejection otherwise. Non-OK only when PostgreSQL fails (the
  // import stops).
  virtual absl::Status Stage(CheckedRow* row) = 0;
  // Merges the staged rows, runs `before_commit` and commits (storage/import).
  virtual absl::StatusOr<storage::ImportOutcome> Commit(
      const storage::BeforeCommit& before_commit) = 0;
  // Whether Stage writes into the entity's table itself, with no staging table in between.
  virtual bool LoadsDirectly() const { return false; }
};

struct ImportKind {
  std::string entity;  // "volunteers", for messages
  std::string command_path;  // "import volunteers"
  const ColumnSet* columns;
  std::function<absl::StatusOr<std::unique_ptr<RowLoader>>(
      pqxx::connection&, const storage::ImportReferences&, storage::ImportOptions)>
      begin;
};

// The flags of every import command.
std::vector<FlagSpec> ImportFlags();

// Runs the import of `kind` as the flags say.
int RunImport(const ImportKind& kind, const ParsedFlags& flags, std::ostream& out,
              std::ostream& err);

// FILE.rejects.csv for FILE.csv (or FILE.rejects.csv for a name without .csv).
std::string DefaultRejectsPath(const std::string& file);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_IMPORT_RUNNER_H_
