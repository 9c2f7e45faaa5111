#include "tools/renfortctl/request_parts.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tools/renfortctl/command.h"

namespace renfort::ctl {
namespace {

int ParseWeekday(const std::string& word) {
  static const char* const kNames[][3] = {
      {"mon", "monday", "lundi"},   {"tue", "tuesday", "mardi"},   {"wed", "wednesday", "mercredi"},
      {"thu", "thursday", "jeudi"}, {"fri", "friday", "vendredi"}, {"sat", "saturday", "samedi"},
      {"sun", "sunday", "dimanche"}};
  const std::string lower = absl::AsciiStrToLower(word);
  for (int day = 0; day < 7; ++day) {
    for (const char* name : kNames[day]) {
      if (lower == name || (lower.size() == 3 && std::string(name).substr(0, 3) == lower)) {
        return day + 1;
      }
    }
  }
  return 0;
}

// "14:00-16:00" into start and end minutes.
absl::Status ParseClockRange(const std::string& flag, const std::string& text, int* start,
                             int* end) {
  std::vector<std::string> bounds = absl::StrSplit(text, '-');
  if (bounds.size() != 2)
    return FlagError(flag, absl::StrCat("expected HH:MM-HH:MM, got '", text, "'"));
  absl::StatusOr<int> from = ParseClock(bounds[0]);
  absl::StatusOr<int> to = ParseClock(bounds[1]);
  if (!from.ok() || !to.ok()) {
    return FlagError(flag, absl::StrCat("expected HH:MM-HH:MM, got '", text, "'"));
  }
  *start = *from;
  *end = *to;
  return absl::OkStatus();
}

std::vector<std::string> SplitDayAndHours(const std::string& text) {
  return absl::StrSplit(text, absl::ByAnyChar(" /"), absl::SkipEmpty());
}

}  // namespace

std::vector<FlagSpec> PageFlags() {
  return {IntFlag("page-size", "results per page, 1-100 (0: 20)"),
          StringFlag("page-token", "the 'next page' token printed by the previous page")};
}

absl::Status ParseWeeklySlot(const std::string& flag, const std::string& text,
                             v1::WeeklySlot* slot) {
  std::vector<std::string> parts = SplitDayAndHours(text);
  if (parts.size() != 2 || ParseWeekday(parts[0]) == 0) {
    return FlagError(
        flag, absl::StrCat("expected a weekly slot such as 'wed 14:00-16:00', got '", text, "'"));
  }
  slot->set_weekday(static_cast<v1::Weekday>(ParseWeekday(parts[0])));
  int start = 0, end = 0;
  if (absl::Status status = ParseClockRange(flag, parts[1], &start, &end); !status.ok())
    return status;
  slot->set_start_minute(start);
  slot->set_end_minute(end);
  return absl::OkStatus();
}

absl::Status ParseDatedSlot(const std::string& flag, const std::string& text, v1::DatedSlot* slot) {
  std::vector<std::string> parts = SplitDayAndHours(text);
  absl::StatusOr<v1::Date> date =
      parts.size() == 2 ? ParseDate(parts[0]) : absl::InvalidArgumentError("");
  if (!date.ok()) {
    return FlagError(
        flag, absl::StrCat("expected a slot such as '2026-12-05 09:00-12:00', got '", text, "'"));
  }
  *slot->mutable_date() = *date;
  int start = 0, end = 0;
  if (absl::Status status = ParseClockRange(flag, parts[1], &start, &end); !status.ok())
    return status;
  slot->set_start_minute(start);
  slot->set_end_minute(end);
  return absl::OkStatus();
}

absl::Status ParseGeoPoint(const std::string& flag, const std::string& text, v1::GeoPoint* point) {
  std::vector<std::string> parts = absl::StrSplit(text, ',');
  double latitude, longitude;
  if (parts.size() != 2 || !absl::SimpleAtod(parts[0], &latitude) ||
      !absl::SimpleAtod(parts[1], &longitude)) {
    return FlagError(flag,
                     absl::StrCat("expected LAT,LON such as 50.6292,3.0573, got '", text, "'"));
  }
  point->set_latitude(latitude);
  point->set_longitude(longitude);
  return absl::OkStatus();
}

void SetDateRange(const ParsedFlags& flags, const std::string& from, const std::string& until,
                  v1::DateRange* range) {
  if (flags.Has(from)) *range->mutable_start_date() = flags.Date(from);
  if (flags.Has(until)) *range->mutable_end_date() = flags.Date(until);
}

}  // namespace renfort::ctl
