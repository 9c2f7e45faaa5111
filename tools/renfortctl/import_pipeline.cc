#include "tools/renfortctl/import_pipeline.h"

#include <signal.h>

#include <algorithm>

namespace renfort::ctl {
namespace {

constexpr size_t kRowsPerBatch = 512;
constexpr size_t kBatches = 8;  // at most 4,096 rows checked ahead

}  // namespace

CheckedRows::CheckedRows(CsvFileReader& reader,
                         std::function<void(const CsvRecord&, CheckedRow*)> check,
                         const std::function<std::unique_ptr<CheckedRow>()>& new_row)
    : reader_(reader), check_(std::move(check)), batches_(kBatches) {
  for (Batch& batch : batches_) {
    for (size_t i = 0; i < kRowsPerBatch; ++i) batch.rows.push_back(new_row());
    free_.push_back(&batch);
  }
  thread_ = std::thread([this] { Run(); });
}

CheckedRows::~CheckedRows() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  // A read blocked on a pipe ends (EINTR) only when the thread reading gets a signal: the
  // import's interrupt handler is installed without SA_RESTART and keeps the first signal.
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (mu_.AwaitWithTimeout(absl::Condition(this, &CheckedRows::Finished),
                               absl::Milliseconds(50))) {
        break;
      }
    }
    pthread_kill(thread_.native_handle(), SIGINT);
  }
  thread_.join();
}

void CheckedRows::Run() {
  CsvRecord record;
  bool more = true;
  while (more) {
    Batch* batch;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &CheckedRows::CanFill));
      if (stopping_) break;
      batch = free_.back();
      free_.pop_back();
    }
    batch->count = 0;
    while (batch->count < batch->rows.size()) {
      if (!reader_.Next(&record)) {
        more = false;
        break;
      }
      CheckedRow* row = batch->rows[batch->count++].get();
      row->line = record.line;
      row->rejection.clear();
      check_(record, row);
    }
    batch->bytes_after = reader_.bytes_consumed();
    batch->last = !more;
    absl::MutexLock lock(&mu_);
    full_.push_back(batch);
  }
  absl::MutexLock lock(&mu_);
  running_ = false;
}

CheckedRow* CheckedRows::Next(const std::function<bool()>& stop) {
  while (current_ == nullptr || next_ == current_->count) {
    if (current_ != nullptr) {
      bytes_ = current_->bytes_after;
      const bool last = current_->last;
      absl::MutexLock lock(&mu_);
      free_.push_back(current_);
      current_ = nullptr;
      if (last) ended_ = true;
    }
    if (ended_) return nullptr;
    absl::MutexLock lock(&mu_);
    while (full_.empty()) {
      if (stop()) return nullptr;
      mu_.AwaitWithTimeout(absl::Condition(this, &CheckedRows::HasFull), absl::Milliseconds(20));
    }
    current_ = full_.front();
    full_.erase(full_.begin());
    next_ = 0;
  }
  return current_->rows[next_++].get();
}

}  // namespace renfort::ctl
