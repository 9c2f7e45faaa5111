#ifndef RENFORT_TOOLS_RENFORTCTL_DISPLAY_H_
#define RENFORT_TOOLS_RENFORTCTL_DISPLAY_H_

// How renfort.v1 values read in renfortctl's tables: dates as 2026-12-05, instants in UTC to
// the minute, enums in lower case without their prefix (the spelling the flags accept), ratios
// as percentages.

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "renfort/v1/common.pb.h"
#include "renfort/v1/mission.pb.h"

namespace renfort::ctl {

std::string FormatDate(const v1::Date& date);                     // "" when unset
std::string FormatTime(const google::protobuf::Timestamp& time);  // "2026-12-05 09:00Z"; "" unset
std::string FormatClock(int minutes_since_midnight);              // "09:30"
std::string FormatDateRange(const v1::DateRange& range);          // "2026-09-01 → 2027-06-30"
std::string FormatWeeklySlot(const v1::WeeklySlot& slot);         // "wed 14:00-16:00"
std::string FormatSchedule(const v1::Schedule& schedule);
std::string FormatPercent(double ratio);               // 0.125 → "12.5%"
std::string FormatNumber(double value, int decimals);  // 2 decimals: "3.14"

std::string DomainName(int domain);    // "education"
std::string FormatName(int format);    // "in_person"
std::string WeekdayName(int weekday);  // "wed"

// Enum names of a repeated enum field, comma-separated.
template <typename Repeated, typename Namer>
std::string JoinEnums(const Repeated& values, Namer name) {
  std::string text;
  for (int value : values) {
    if (!text.empty()) text += ",";
    text += name(value);
  }
  return text;
}

// Canonical protobuf JSON of `message` (lowerCamelCase names, enums by name, scalar and
// repeated fields printed even when empty), pretty-printed over several lines or on one line.
std::string ToJson(const google::protobuf::Message& message, bool one_line = false);

// Reads `path` as the protobuf JSON of `message` (either field spelling is accepted, unknown
// fields are errors). INVALID_ARGUMENT naming `flag` and the file on any problem.
absl::Status ReadJsonFile(const std::string& flag, const std::string& path,
                          google::protobuf::Message* message);

// "next page: --page-token=XYZ" when a list has more, "" otherwise.
std::string NextPageLine(const std::string& next_page_token);

}  // namespace renfort::ctl

#endif  // RENFORT_TOOLS_RENFORTCTL_DISPLAY_H_
