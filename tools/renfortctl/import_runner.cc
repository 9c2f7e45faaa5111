#include "tools/renfortctl/import_runner.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <pqxx/pqxx>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "storage/pg/errors.h"
#include "tools/renfortctl/errors.h"
#include "tools/renfortctl/import_csv_reader.h"
#include "tools/renfortctl/import_progress.h"

namespace renfort::ctl {
namespace {

// The signal that interrupted the import, 0 while none did. Written by the handler only.
std::atomic<int> interrupt_signal{0};

// Keeps the first signal: the reading thread is sent SIGINT to break a blocked read
// (import_pipeline.h), which must not hide a SIGTERM that came before.
void OnInterrupt(int signal_number) {
  int none = 0;
  interrupt_signal.compare_exchange_strong(none, signal_number);
}

// Catches SIGINT and SIGTERM while alive; a watcher thread cancels the statement PostgreSQL is
// running when one arrives, so that a long merge stops at once (and rolls back) rather than
// finishing first. SIGKILL needs none of this: the server aborts the transaction of a client
// that went away.
class InterruptWatch {
 public:
  explicit InterruptWatch(pqxx::connection& connection) : connection_(connection) {
    interrupt_signal.store(0);
    struct sigaction action {};
    action.sa_handler = OnInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
    // Cancels again and again once a signal came: a cancel that arrives between two statements
    // of the merge finds nothing to stop, and the next statement (waiting for a lock, say)
    // would then run to its end.
    watcher_ = std::thread([this] {
      while (!done_.load()) {
        if (interrupt_signal.load() != 0) {
          try {
            connection_.cancel_query();
          } catch (...) {
            // Nothing running, or the connection is gone: the transaction is lost either way.
          }
          absl::SleepFor(absl::Milliseconds(100));
          continue;
        }
        absl::SleepFor(absl::Milliseconds(20));
      }
    });
  }
  ~InterruptWatch() {
    done_.store(true);
    watcher_.join();
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  int signal() const { return interrupt_signal.load(); }

 private:
  pqxx::connection& connection_;
  std::atomic<bool> done_{false};
  std::thread watcher_;
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

std::string CsvQuote(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// Writes the rejects sorted by line: "line,reason" with a header, as a CSV a person opens.
absl::Status WriteRejects(const std::string& path, std::vector<storage::RejectedRow>& rejected) {
  std::sort(rejected.begin(), rejected.end(),
            [](const storage::RejectedRow& a, const storage::RejectedRow& b) {
              return a.line < b.line;
            });
  errno = 0;
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << "line,reason\n";
  for (const storage::RejectedRow& row : rejected) {
    file << row.line << ',' << CsvQuote(row.reason) << '\n';
  }
  file.close();
  if (!file) {
    // The stream keeps no error code; errno is the failed open's or write's (ENOSPC, EACCES...).
    const int error = errno;
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write the rejects file '", path, "'",
                     error != 0 ? absl::StrCat(": ", std::strerror(error)) : ""));
  }
  return absl::OkStatus();
}

int ExitForDatabaseError(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable ? kExitUnreachable : kExitRefused;
}

struct Counters {
  int64_t rows = 0;
  std::vector<storage::RejectedRow> rejected;
};

ProgressSnapshot Snapshot(const Counters& counters, const CheckedRows& rows,
                          const CsvFileReader& reader, absl::Time start, absl::Time now) {
  return {counters.rows, static_cast<int64_t>(counters.rejected.size()), rows.bytes_consumed(),
          reader.size(), now - start};
}

}  // namespace

std::vector<FlagSpec> ImportFlags() {
  return {
      StringFlag("file", "the CSV file to import (also the first bare word: import volunteers FILE.csv)"),
      StringFlag("database-url",
                 "PostgreSQL URL, e.g. postgresql://renfort@localhost/renfort "
                 "(default RENFORT_DATABASE_URL)"),
      StringFlag("rejects", "where to list rejected rows (default FILE.rejects.csv)"),
      BoolFlag("no-events",
               "append no outbox events (a first load before any server runs: the matching "
               "indexers read the rows with their startup snapshot)"),
      BoolFlag("keep-indexes",
               "never drop and re-create the table's indexes, even for an import that at "
               "least doubles the table (slower, but others can read the table meanwhile)"),
      DurationFlag("progress-every", "interval of the progress lines when stderr is no terminal (default 5s)"),
  };
}

std::string DefaultRejectsPath(const std::string& file) {
  std::string stem = file;
  if (absl::EndsWithIgnoreCase(stem, ".csv")) stem.resize(stem.size() - 4);
  return stem + ".rejects.csv";
}

int RunImport(const ImportKind& kind, const ParsedFlags& flags, std::ostream& out,
              std::ostream& err) {
  const std::string prefix = absl::StrCat("renfortctl ", kind.command_path, ": ");
  const std::string path = flags.String("file");
  if (path.empty()) {
    err << prefix << "which file? usage: renfortctl " << kind.command_path << " FILE.csv\n";
    return kExitUsage;
  }
  std::string url = flags.String("database-url");
  if (url.empty()) {
    const char* env = std::getenv("RENFORT_DATABASE_URL");
    url = env == nullptr ? "" : env;
  }
  if (url.empty()) {
    err << prefix << "--database_url (or RENFORT_DATABASE_URL) is required: import writes to "
        << "PostgreSQL directly\n";
    return kExitUsage;
  }
  const std::string rejects_path =
      flags.Has("rejects") ? flags.String("rejects") : DefaultRejectsPath(path);

  absl::StatusOr<std::unique_ptr<CsvFileReader>> reader = CsvFileReader::Open(path);
  if (!reader.ok()) {
    err << prefix << reader.status().message() << "\n";
    return kExitUsage;
  }
  CsvRecord record;
  if (!(*reader)->Next(&record)) {
    err << prefix << path << ": empty file (a header row is expected)\n";
    return kExitUsage;
  }
  absl::StatusOr<CsvColumns> columns = CsvColumns::FromHeader(record, *kind.columns);
  if (!columns.ok()) {
    err << prefix << path << ": " << columns.status().message() << "\n";
    return kExitUsage;
  }

  std::unique_ptr<pqxx::connection> connection;
  try {
    connection = std::make_unique<pqxx::connection>(url);
    // The staging table is temporary: give it room in memory before it is created.
    pqxx::nontransaction setup(*connection);
    setup.exec("SET temp_buffers = '256MB'");
  } catch (const std::exception& e) {
    err << prefix << "cannot connect to PostgreSQL at " << storage::RedactUrl(url) << ": "
        << absl::StripTrailingAsciiWhitespace(e.what()) << "\n";
    return kExitUnreachable;
  }
  absl::StatusOr<storage::ImportReferences> references =
      storage::LoadImportReferences(*connection);
  if (!references.ok()) {
    err << prefix << references.status().message() << "\n";
    return ExitForDatabaseError(references.status());
  }

  const absl::Time start = absl::Now();
  InterruptWatch interrupts(*connection);
  auto interrupted = [&]() {
    err << "\n" << prefix << "interrupted by signal " << interrupts.signal()
        << ": nothing was loaded (the transaction was rolled back)\n";
    return 128 + interrupts.signal();
  };
  storage::ImportOptions options;
  options.append_events = !flags.Bool("no-events");
  options.rebuild_indexes_when_worth_it = !flags.Bool("keep-indexes");
  options.file_bytes = (*reader)->size();
  absl::StatusOr<std::unique_ptr<RowLoader>> loader =
      kind.begin(*connection, *references, options);
  // A direct load waits for its table lock here: a signal cancels the wait.
  if (!loader.ok() && interrupts.signal() != 0) return interrupted();
  if (!loader.ok()) {
    err << prefix << loader.status().message() << "\n";
    return ExitForDatabaseError(loader.status());
  }

  ProgressReporter progress(err, ::isatty(STDERR_FILENO) == 1,
                            flags.Has("progress-every") ? flags.Duration("progress-every")
                                                        : absl::Seconds(5));
  const bool direct = (*loader)->LoadsDirectly();
  progress.Say(direct ? absl::StrCat("reading ", path, " straight into ", kind.entity,
                                     " (one transaction; table locked, indexes re-created after)")
                      : absl::StrCat("reading ", path, " into a staging table (one transaction)"));
  Counters counters;
  {
    RowLoader& rows_loader = **loader;
    CheckedRows rows(
        **reader,
        [&rows_loader, &columns](const CsvRecord& record, CheckedRow* row) {
          rows_loader.Check(record, *columns, row);
        },
        [&rows_loader] { return rows_loader.NewRow(); });
    const auto stop = [&interrupts] { return interrupts.signal() != 0; };
    while (CheckedRow* row = rows.Next(stop)) {
      if (interrupts.signal() != 0) return interrupted();
      ++counters.rows;
      if (row->rejection.empty()) {
        if (absl::Status status = rows_loader.Stage(row); !status.ok()) {
          if (interrupts.signal() != 0) return interrupted();
          err << "\n" << prefix << status.message() << "; nothing was loaded\n";
          return ExitForDatabaseError(status);
        }
      }
      if (!row->rejection.empty()) counters.rejected.push_back({row->line, row->rejection});
      if ((counters.rows & 1023) == 0) {
        progress.Update(Snapshot(counters, rows, **reader, start, absl::Now()), absl::Now());
      }
    }
    if (interrupts.signal() != 0) return interrupted();
    if (!(*reader)->status().ok()) {
      err << "\n" << prefix << (*reader)->status().message() << "; nothing was loaded\n";
      return kExitRefused;
    }
    progress.Finish(Snapshot(counters, rows, **reader, start, absl::Now()));
  }
  if (interrupts.signal() != 0) return interrupted();

  progress.Say(direct ? absl::StrCat("finishing the load into ", kind.entity,
                                     " (re-creating indexes)...")
                      : absl::StrCat("checking duplicates and loading into ", kind.entity, "..."));
  // The rejects file is written before COMMIT: if it cannot be (a full disk, no permission), the
  // import is rolled back, so loaded rows never come without the list of the lines refused.
  absl::StatusOr<storage::ImportOutcome> outcome =
      (*loader)->Commit([&](const storage::ImportOutcome& merged) {
        std::vector<storage::RejectedRow> all = counters.rejected;
        all.insert(all.end(), merged.rejected.begin(), merged.rejected.end());
        return WriteRejects(rejects_path, all);
      });
  // A signal during a COMMIT that succeeded changes nothing: the rows are in, and saying they
  // were rolled back would send the operator to import them again.
  if (!outcome.ok() && interrupts.signal() != 0) return interrupted();
  if (!outcome.ok()) {
    err << prefix << outcome.status().message() << "; nothing was loaded\n";
    return ExitForDatabaseError(outcome.status());
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::string steps;
  for (const auto& [step, duration] : outcome->steps) {
    absl::StrAppend(&steps, steps.empty() ? "" : ", ", step, " ",
                    absl::StrFormat("%.1f s", absl::ToDoubleSeconds(duration)));
  }
  progress.Say(absl::StrCat("merged (", steps, ")",
                            outcome->rebuilt_indexes ? "; indexes re-created in bulk" : ""));
  for (storage::RejectedRow& row : outcome->rejected) counters.rejected.push_back(std::move(row));
  out << absl::StrFormat("loaded %d %s, rejected %d (listed in %s), %d rows in %.1f s (%d rows/s)\n",
                         outcome->loaded, kind.entity, counters.rejected.size(), rejects_path,
                         counters.rows, seconds,
                         static_cast<int64_t>(seconds > 0 ? counters.rows / seconds : 0));
  return counters.rejected.empty() ? kExitOk : kExitRowsRejected;
}

}  // namespace renfort::ctl
