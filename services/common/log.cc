#include "services/common/log.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace renfort::services {
namespace {

void AppendJsonString(std::string& out, absl::string_view text) {
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", static_cast<int>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

absl::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarning: return "warning";
    case LogLevel::kError: return "error";
  }
  return "info";
}

struct ValueWriter {
  std::string& out;
  void operator()(absl::string_view value) const { AppendJsonString(out, value); }
  void operator()(int64_t value) const { absl::StrAppend(&out, value); }
  void operator()(double value) const { absl::StrAppendFormat(&out, "%.3f", value); }
  void operator()(bool value) const { out += value ? "true" : "false"; }
};

}  // namespace

std::string FormatLogLine(absl::string_view time, LogLevel level, absl::string_view event,
                          std::initializer_list<LogField> fields) {
  std::string line = "{\"time\":";
  AppendJsonString(line, time);
  line += ",\"level\":";
  AppendJsonString(line, LevelName(level));
  line += ",\"event\":";
  AppendJsonString(line, event);
  for (const LogField& field : fields) {
    line.push_back(',');
    AppendJsonString(line, field.key);
    line.push_back(':');
    std::visit(ValueWriter{line}, field.value);
  }
  line.push_back('}');
  return line;
}

void Log(LogLevel level, absl::string_view event, std::initializer_list<LogField> fields) {
  static absl::Mutex mu(absl::kConstInit);
  const std::string time =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  std::string line = FormatLogLine(time, level, event, fields);
  line.push_back('\n');
  absl::MutexLock lock(&mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace renfort::services
