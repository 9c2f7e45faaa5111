#include "tools/renfortctl/report_period.h"

namespace renfort::ctl {

absl::TimeZone ReportTimeZone() {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone("Europe/Paris", &zone)) return absl::UTCTimeZone();
  return zone;
}

absl::Time EndOfWeek(absl::Time now, absl::TimeZone zone) {
  const absl::CivilDay today = absl::ToCivilDay(now, zone);
  const int days_since_monday =
      (static_cast<int>(absl::GetWeekday(today)) - static_cast<int>(absl::Weekday::monday) + 7) % 7;
  return absl::FromCivil(today + (7 - days_since_monday), zone);
}

std::vector<absl::Time> WeekBounds(absl::Time end, int weeks, absl::TimeZone zone) {
  const absl::CivilSecond last = absl::ToCivilSecond(end, zone);
  std::vector<absl::Time> bounds;
  for (int i = weeks; i > 0; --i) {
    // Seven civil days back keeps the local time of day, whatever the UTC offset did.
    const absl::CivilDay day = absl::CivilDay(last) - int64_t{7} * i;
    bounds.push_back(absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(),
                                                       last.hour(), last.minute(), last.second()),
                                     zone));
  }
  bounds.push_back(end);
  return bounds;
}

}  // namespace renfort::ctl
