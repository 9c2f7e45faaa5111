#include "matching/days.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace renfort::matching {
namespace {

const absl::CivilDay kEpoch(1900, 1, 1);

}  // namespace

DayNumber ToDayNumber(absl::CivilDay day) {
  const absl::civil_diff_t days = day - kEpoch;
  return static_cast<DayNumber>(std::clamp<absl::civil_diff_t>(days, kFirstDay, kLastDay));
}

bool IsSet(const renfort::v1::Date& date) {
  return date.year() != 0 || date.month() != 0 || date.day() != 0;
}

absl::StatusOr<absl::CivilDay> ToCivilDay(const renfort::v1::Date& date, absl::string_view field) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < 1900 || date.year() > 9999 || day.year() != date.year() ||
      day.month() != date.month() || day.day() != date.day()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": invalid date ", date.year(), "-",
                                                   date.month(), "-", date.day()));
  }
  return day;
}

DayNumber LatestBirthDayForAge(absl::CivilDay day, int years) {
  const absl::civil_year_t year = day.year() - years;
  int day_of_month = day.day();
  // CivilDay would roll 29 February of a common year over to 1 March.
  if (day.month() == 2 && day_of_month == 29 && absl::CivilDay(year, 2, 29).month() != 2) {
    day_of_month = 28;
  }
  return ToDayNumber(absl::CivilDay(year, day.month(), day_of_month));
}

DayNumber UtcDayNumber(absl::Time time) {
  return ToDayNumber(absl::ToCivilDay(time, absl::UTCTimeZone()));
}

int UtcMonthNumber(absl::Time time) {
  const absl::CivilMonth month = absl::ToCivilMonth(time, absl::UTCTimeZone());
  return static_cast<int>((month.year() - 1900) * 12 + (month.month() - 1));
}

}  // namespace renfort::matching
