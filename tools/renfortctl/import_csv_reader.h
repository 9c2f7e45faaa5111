#ifndef RENFORT_TOOLS_RENFORTCTL_IMPORT_CSV_READER_H_
#define RENFORT_TOOLS_RENFORTCTL_IMPORT_CSV_READER_H_

// Streams the records of a CSV file (import_csv.h) through a fixed-size buffer, so a file of
// any size is read in constant memory. Works on pipes too (the size is then unknown).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/renfortctl/import_csv.h"

namespace renfort::ctl {

class CsvFileReader {
 public:
  // A record longer than this ends the reading with DATA_LOSS: it can only be an unterminated
  // quote swallowing the file.
  static constexpr size_t kMaxRecordBytes = 1 << 20;

  // INVALID_ARGUMENT naming the file when it cannot be opened.
  static absl::StatusOr<std::unique_ptr<CsvFileReader>> Open(const std::string& path);
  ~CsvFileReader();
  CsvFileReader(const CsvFileReader&) = delete;
  CsvFileReader& operator=(const CsvFileReader&) = delete;

  // The next record (possibly malformed: see CsvRecord::error); false at the end of the file or
  // after an error (see status()). A malformed line costs only itself, but an unterminated quote
  // or an oversized record hides every line after it, so it ends the reading with DATA_LOSS:
  // loading the lines before it and silently dropping the rest would be a half-done import.
  bool Next(CsvRecord* record);

  // OK, or the error that ended Next(): CANCELLED when a signal interrupted a read, DATA_LOSS
  // when the rest of the file cannot be parsed into records.
  const absl::Status& status() const { return status_; }
  // Bytes of the file consumed by the records returned so far.
  int64_t bytes_consumed() const { return consumed_; }
  // Size of a regular file; nullopt for a pipe.
  std::optional<int64_t> size() const { return size_; }

 private:
  CsvFileReader(int fd, std::string path, std::optional<int64_t> size)
      : fd_(fd), path_(std::move(path)), size_(size) {}
  // Appends the next block of the file to buffer_; false at its end.
  bool Fill();

  const int fd_;
  const std::string path_;
  const std::optional<int64_t> size_;
  CsvParser parser_;
  std::string buffer_;
  size_t offset_ = 0;
  bool at_end_ = false;
  bool finished_ = false;
  int64_t consumed_ = 0;
  absl::Status status_;
};

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_IMPORT_CSV_READER_H_
