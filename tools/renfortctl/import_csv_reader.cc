#include "tools/renfortctl/import_csv_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "absl/strings/str_cat.h"

namespace renfort::ctl {
namespace {

constexpr size_t kBlockBytes = 1 << 20;

}  // namespace

absl::StatusOr<std::unique_ptr<CsvFileReader>> CsvFileReader::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot open '", path, "': ", std::strerror(errno)));
  }
  struct stat info;
  std::optional<int64_t> size;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) size = info.st_size;
  return std::unique_ptr<CsvFileReader>(new CsvFileReader(fd, path, size));
}

CsvFileReader::~CsvFileReader() { ::close(fd_); }

bool CsvFileReader::Fill() {
  // Keep the unparsed tail only.
  buffer_.erase(0, offset_);
  offset_ = 0;
  const size_t old_size = buffer_.size();
  buffer_.resize(old_size + kBlockBytes);
  // No retry on EINTR: a signal (SIGINT, SIGTERM) must stop a read blocked on a pipe.
  ssize_t got = ::read(fd_, buffer_.data() + old_size, kBlockBytes);
  if (got < 0 && errno == EINTR) {
    status_ = absl::CancelledError(absl::StrCat("reading '", path_, "' was interrupted"));
    got = 0;
  } else if (got < 0) {
    status_ = absl::UnavailableError(absl::StrCat("reading '", path_, "': ", std::strerror(errno)));
    got = 0;
  }
  buffer_.resize(old_size + static_cast<size_t>(got));
  return got > 0;
}

bool CsvFileReader::Next(CsvRecord* record) {
  while (!finished_) {
    const size_t before = offset_;
    switch (parser_.Next(buffer_, at_end_, &offset_, record)) {
      case CsvParser::Outcome::kRecord:
        consumed_ += static_cast<int64_t>(offset_ - before);
        if (record->error == kUnterminatedQuote) {
          status_ = absl::DataLossError(absl::StrCat(
              "line ", record->line, ": a quoted field never closes, so no line after it can be "
              "read"));
          finished_ = true;
          return false;
        }
        return true;
      case CsvParser::Outcome::kEnd:
        finished_ = true;
        return false;
      case CsvParser::Outcome::kNeedMore:
        consumed_ += static_cast<int64_t>(offset_ - before);  // blank lines skipped
        if (buffer_.size() - offset_ > kMaxRecordBytes) {
          status_ = absl::DataLossError(absl::StrCat(
              "line ", parser_.line(), ": a record longer than ", kMaxRecordBytes,
              " bytes (an unterminated quote?), so no line after it can be read"));
          finished_ = true;
          return false;
        }
        if (!Fill()) {
          at_end_ = true;
          if (!status_.ok()) {
            finished_ = true;
            return false;
          }
        }
        break;
    }
  }
  return false;
}

}  // namespace renfort::ctl
