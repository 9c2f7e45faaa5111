#ifndef RENFORT_TOOLS_RENFORTCTL_IMPORT_PROGRESS_H_
#define RENFORT_TOOLS_RENFORTCTL_IMPORT_PROGRESS_H_

// What `renfortctl import` shows while it reads the file: a bar redrawn in place on a
// terminal, plain lines every few seconds otherwise (a log, a pipe). Both on stderr, so stdout
// keeps only the summary. The texts are pure functions of a snapshot.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "absl/time/time.h"

namespace renfort::ctl {

struct ProgressSnapshot {
  int64_t rows = 0;       // records read (good and rejected)
  int64_t rejected = 0;   // rejected so far
  int64_t bytes = 0;      // bytes of the file read
  std::optional<int64_t> total_bytes;  // nullopt when reading a pipe
  absl::Duration elapsed;
};

// "[##########----------]  50%  500,000 rows  98,000 rows/s  ETA 5s" (no ETA nor percentage
// without a total).
std::string ProgressBar(const ProgressSnapshot& snapshot, int width = 20);
// "500000 rows read (3 rejected), 98000 rows/s, 50% of the file, ETA 5s"
std::string ProgressLine(const ProgressSnapshot& snapshot);
// "1,234,567"
std::string WithThousands(int64_t value);

class ProgressReporter {
 public:
  // `terminal`: redraw a bar (carriage return); else a line per `interval`.
  ProgressReporter(std::ostream& err, bool terminal, absl::Duration interval)
      : err_(err), terminal_(terminal), interval_(interval) {}
  // Prints `snapshot` if the last print is older than the interval (a bar: 0.2 s); the first
  // call always prints.
  void Update(const ProgressSnapshot& snapshot, absl::Time now);
  // A last print of `snapshot`, then a line break on a terminal.
  void Finish(const ProgressSnapshot& snapshot);
  // A line saying what happens next ("merging into volunteers..."), after the bar if any.
  void Say(const std::string& text);

 private:
  std::ostream& err_;
  const bool terminal_;
  const absl::Duration interval_;
  std::optional<absl::Time> last_;
  bool bar_drawn_ = false;
};

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_IMPORT_PROGRESS_H_
