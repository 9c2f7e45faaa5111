#include "tools/renfortctl/display.h"

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "tools/renfortctl/flags.h"

namespace renfort::ctl {

std::string FormatDate(const v1::Date& date) {
  if (date.year() == 0) return "";
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

std::string FormatTime(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%MZ", absl::FromUnixSeconds(time.seconds()),
                          absl::UTCTimeZone());
}

std::string FormatClock(int minutes) {
  return absl::StrFormat("%02d:%02d", minutes / 60, minutes % 60);
}

std::string FormatDateRange(const v1::DateRange& range) {
  if (!range.has_start_date() && !range.has_end_date()) return "";
  const std::string start = range.has_start_date() ? FormatDate(range.start_date()) : "…";
  const std::string end = range.has_end_date() ? FormatDate(range.end_date()) : "…";
  return absl::StrCat(start, " → ", end);
}

std::string FormatWeeklySlot(const v1::WeeklySlot& slot) {
  return absl::StrCat(WeekdayName(slot.weekday()), " ", FormatClock(slot.start_minute()), "-",
                      FormatClock(slot.end_minute()));
}

std::string FormatSchedule(const v1::Schedule& schedule) {
  std::vector<std::string> parts;
  for (const v1::DatedSlot& slot : schedule.dated_slots()) {
    parts.push_back(absl::StrCat(FormatDate(slot.date()), " ", FormatClock(slot.start_minute()),
                                 "-", FormatClock(slot.end_minute())));
  }
  for (const v1::WeeklySlot& slot : schedule.weekly_slots())
    parts.push_back(FormatWeeklySlot(slot));
  std::string text = absl::StrJoin(parts, "; ");
  if (schedule.has_date_range())
    absl::StrAppend(&text, " (", FormatDateRange(schedule.date_range()), ")");
  return text;
}

std::string FormatPercent(double ratio) {
  return absl::StrCat(FormatNumber(ratio * 100.0, 1), "%");
}

std::string FormatNumber(double value, int decimals) {
  return absl::StrFormat("%.*f", decimals, value);
}

std::string DomainName(int domain) {
  return EnumDisplayName(*v1::Domain_descriptor(), "DOMAIN_", domain);
}

std::string FormatName(int format) {
  return EnumDisplayName(*v1::Format_descriptor(), "FORMAT_", format);
}

std::string WeekdayName(int weekday) {
  static const char* const kNames[] = {"-", "mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  return weekday >= 0 && weekday <= 7 ? kNames[weekday] : absl::StrCat(weekday);
}

std::string ToJson(const google::protobuf::Message& message, bool one_line) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = !one_line;
  // Scripts can rely on every field being there: an empty list prints as [], a zero as 0.
  options.always_print_primitive_fields = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!one_line) {
    while (!json.empty() && json.back() == '\n') json.pop_back();
  }
  return json + "\n";
}

absl::Status ReadJsonFile(const std::string& flag, const std::string& path,
                          google::protobuf::Message* message) {
  std::ifstream file(path);
  if (!file) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, ": cannot read '", path, "'"));
  }
  std::stringstream text;
  text << file.rdbuf();
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(text.str(), message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, ": '", path, "' is not valid JSON for ",
                     message->GetDescriptor()->name(), ": ", std::string(status.message())));
  }
  return absl::OkStatus();
}

std::string NextPageLine(const std::string& next_page_token) {
  if (next_page_token.empty()) return "";
  return absl::StrCat("next page: --page-token=", next_page_token, "\n");
}

}  // namespace renfort::ctl
