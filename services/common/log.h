#ifndef RENFORT_SERVICES_COMMON_LOG_H_
#define RENFORT_SERVICES_COMMON_LOG_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include "absl/strings/string_view.h"
#include <variant>

namespace renfort::services {

enum class LogLevel { kInfo, kWarning, kError };

// One key/value of a log line. Values are never personal data: ids, codes, counts, durations.
struct LogField {
  absl::string_view key;
  std::variant<absl::string_view, int64_t, double, bool> value;
};

// Writes one JSON object per line to stderr, e.g.
//   {"time":"2026-11-23T17:40:00.123Z","level":"info","event":"rpc","method":"/x/Y","code":"OK"}
// Thread-safe; lines from concurrent callers never interleave.
void Log(LogLevel level, absl::string_view event, std::initializer_list<LogField> fields = {});

// The JSON line Log() would write, without the trailing newline. Exposed for tests.
std::string FormatLogLine(absl::string_view time, LogLevel level, absl::string_view event,
                          std::initializer_list<LogField> fields);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_COMMON_LOG_H_
