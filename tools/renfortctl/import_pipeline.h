#ifndef RENFORT_TOOLS_RENFORTCTL_IMPORT_PIPELINE_H_
#define RENFORT_TOOLS_RENFORTCTL_IMPORT_PIPELINE_H_

// The two halves of reading an import file, on two threads: one reads and parses the records
// and checks each row on its own (import_runner.h's RowLoader::Check), while the caller's
// thread stages the rows checked before (duplicates, COPY). One thread did both in turn and
// bounded the whole read phase.

#include <pthread.h>

#include <cstdint>
#include <functional>
#include <string>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "tools/renfortctl/import_csv.h"
#include "tools/renfortctl/import_csv_reader.h"

namespace renfort::ctl {

// A row after RowLoader::Check: the entity's row to stage, or why it is rejected. Reused from
// one record to a later one.
struct CheckedRow {
  virtual ~CheckedRow() = default;
  int64_t line = 0;
  std::string rejection;  // empty: good so far
};

class CheckedRows {
 public:
  // Reads `reader` on a thread of its own, calling `check` (always from that one thread) on
  // each record into a row made by `new_row`.
  CheckedRows(CsvFileReader& reader,
              std::function<void(const CsvRecord&, CheckedRow*)> check,
              const std::function<std::unique_ptr<CheckedRow>()>& new_row);
  // Stops the reading thread (breaking a read blocked on a pipe) and waits for it.
  ~CheckedRows();

  // The next checked row, in file order; nullptr at the end of the file (or after the reader's
  // error: see reader.status(), readable once Next returned nullptr) or when `stop()` turned
  // true while waiting. The row stays valid until the next call.
  CheckedRow* Next(const std::function<bool()>& stop);
  // Bytes of the file behind the rows returned so far.
  int64_t bytes_consumed() const { return bytes_; }

 private:
  struct Batch {
    std::vector<std::unique_ptr<CheckedRow>> rows;
    size_t count = 0;
    int64_t bytes_after = 0;  // reader.bytes_consumed() once the batch was filled
    bool last = false;        // the reader has nothing after this batch
  };
  void Run();
  bool Finished() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !running_; }
  bool CanFill() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || !free_.empty(); }
  bool HasFull() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !full_.empty(); }

  CsvFileReader& reader_;
  const std::function<void(const CsvRecord&, CheckedRow*)> check_;
  std::vector<Batch> batches_;

  absl::Mutex mu_;
  std::vector<Batch*> free_ ABSL_GUARDED_BY(mu_);
  std::vector<Batch*> full_ ABSL_GUARDED_BY(mu_);  // in file order (front first)
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool running_ ABSL_GUARDED_BY(mu_) = true;

  Batch* current_ = nullptr;  // the caller's
  size_t next_ = 0;
  int64_t bytes_ = 0;
  bool ended_ = false;
  std::thread thread_;
};

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_IMPORT_PIPELINE_H_
