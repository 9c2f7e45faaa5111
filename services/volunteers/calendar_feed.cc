#include "services/volunteers/calendar_feed.h"

#include <libical/ical.h>

#include <cstdlib>
#include <memory>
#include <set>

#include "absl/base/const_init.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"

namespace renfort::services {
namespace {

namespace v1 = ::renfort::v1;

// libical's built-in time zone cache is process-global and not thread-safe.
ABSL_CONST_INIT absl::Mutex libical_mutex(absl::kConstInit);

constexpr const char* kIcalWeekdays[] = {"", "MO", "TU", "WE", "TH", "FR", "SA", "SU"};

struct ComponentDeleter {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentDeleter>;

icaltimetype LocalTime(absl::CivilMinute minute) {
  icaltimetype time = icaltime_null_time();
  time.year = static_cast<int>(minute.year());
  time.month = minute.month();
  time.day = minute.day();
  time.hour = minute.hour();
  time.minute = minute.minute();
  time.is_date = 0;
  return time;
}

// DTSTART or DTEND at local `minute` (1440 rolls over to the next midnight) of `time_zone`.
void AddLocalTime(icalcomponent* event, bool start, absl::CivilMinute minute,
                  const std::string& time_zone) {
  icalproperty* property = start ? icalproperty_new_dtstart(LocalTime(minute))
                                 : icalproperty_new_dtend(LocalTime(minute));
  icalproperty_add_parameter(property, icalparameter_new_tzid(time_zone.c_str()));
  icalcomponent_add_property(event, property);
}

icalcomponent* NewEvent(const std::string& uid, const v1::Mission& mission, absl::Time now) {
  icalcomponent* event = icalcomponent_new_vevent();
  icalcomponent_add_property(event, icalproperty_new_uid(uid.c_str()));
  icalcomponent_add_property(event, icalproperty_new_summary(mission.title().c_str()));
  icalcomponent_add_property(
      event, icalproperty_new_dtstamp(icaltime_from_timet_with_zone(
                 absl::ToTimeT(now), 0, icaltimezone_get_utc_timezone())));
  return event;
}

absl::CivilDay Day(const v1::Date& date) { return absl::CivilDay(date.year(), date.month(), date.day()); }

void AddDatedSlots(icalcomponent* calendar, const std::string& participation_id,
                   const v1::Mission& mission, absl::Time now) {
  for (const v1::DatedSlot& slot : mission.schedule().dated_slots()) {
    const absl::CivilDay day = Day(slot.date());
    const std::string uid = absl::StrFormat("%s-%04d%02d%02d-%d@renfort", participation_id,
                                            day.year(), day.month(), day.day(), slot.start_minute());
    icalcomponent* event = NewEvent(uid, mission, now);
    AddLocalTime(event, true, absl::CivilMinute(day) + slot.start_minute(), mission.time_zone());
    AddLocalTime(event, false, absl::CivilMinute(day) + slot.end_minute(), mission.time_zone());
    icalcomponent_add_component(calendar, event);
  }
}

void AddWeeklySlots(icalcomponent* calendar, const std::string& participation_id,
                    const v1::Mission& mission, const absl::TimeZone& zone, absl::Time now) {
  const v1::DateRange& range = mission.schedule().date_range();
  const absl::CivilDay first_day = Day(range.start_date());
  for (const v1::WeeklySlot& slot : mission.schedule().weekly_slots()) {
    // The first occurrence: the first day of the range that falls on the slot's weekday.
    absl::CivilDay day = first_day;
    if (slot.weekday() < v1::WEEKDAY_MONDAY || slot.weekday() > v1::WEEKDAY_SUNDAY) continue;
    while (static_cast<int>(absl::GetWeekday(day)) + 1 != static_cast<int>(slot.weekday())) ++day;
    const std::string uid = absl::StrCat(participation_id, "-w", static_cast<int>(slot.weekday()),
                                         "-", slot.start_minute(), "@renfort");
    icalcomponent* event = NewEvent(uid, mission, now);
    AddLocalTime(event, true, absl::CivilMinute(day) + slot.start_minute(), mission.time_zone());
    AddLocalTime(event, false, absl::CivilMinute(day) + slot.end_minute(), mission.time_zone());
    std::string rule = absl::StrCat("FREQ=WEEKLY;BYDAY=", kIcalWeekdays[slot.weekday()]);
    if (range.has_end_date()) {
      // UNTIL is UTC when DTSTART has a TZID (RFC 5545 §3.3.10): the end of the last local day.
      const absl::Time until = absl::FromCivil(Day(range.end_date()) + 1, zone) - absl::Seconds(1);
      absl::StrAppend(&rule, ";UNTIL=", absl::FormatTime("%Y%m%dT%H%M%SZ", until, absl::UTCTimeZone()));
    }
    icalcomponent_add_property(event, icalproperty_new_rrule(icalrecurrencetype_from_string(rule.c_str())));
    icalcomponent_add_component(calendar, event);
  }
}

// The VTIMEZONE of `time_zone` from libical's tzdata, its TZID set to the IANA name the events
// use (libical prefixes its own).
absl::StatusOr<icalcomponent*> TimeZoneComponent(const std::string& time_zone) {
  icaltimezone* zone = icaltimezone_get_builtin_timezone(time_zone.c_str());
  if (zone == nullptr) return absl::InternalError(absl::StrCat("no tzdata for ", time_zone));
  icalcomponent* component = icalcomponent_new_clone(icaltimezone_get_component(zone));
  icalproperty* tzid = icalcomponent_get_first_property(component, ICAL_TZID_PROPERTY);
  if (tzid != nullptr) icalproperty_set_tzid(tzid, time_zone.c_str());
  return component;
}

}  // namespace

absl::StatusOr<std::string> BuildCalendarFeed(
    const std::vector<std::pair<std::string, v1::Mission>>& entries, absl::Time now) {
  absl::MutexLock lock(&libical_mutex);
  Component calendar(icalcomponent_new_vcalendar());
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//renfort//calendar//FR"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
  std::set<std::string> zones;
  for (const auto& [participation_id, mission] : entries) zones.insert(mission.time_zone());
  for (const std::string& time_zone : zones) {
    absl::StatusOr<icalcomponent*> component = TimeZoneComponent(time_zone);
    if (!component.ok()) return component.status();
    icalcomponent_add_component(calendar.get(), *component);
  }
  for (const auto& [participation_id, mission] : entries) {
    absl::TimeZone zone;
    if (!absl::LoadTimeZone(mission.time_zone(), &zone)) {
      return absl::InternalError(absl::StrCat("no tzdata for ", mission.time_zone()));
    }
    if (mission.schedule().kind() == v1::SCHEDULE_KIND_ONE_OFF) {
      AddDatedSlots(calendar.get(), participation_id, mission, now);
    } else {
      AddWeeklySlots(calendar.get(), participation_id, mission, zone, now);
    }
  }
  char* text = icalcomponent_as_ical_string_r(calendar.get());
  std::string feed(text);
  std::free(text);
  return feed;
}

}  // namespace renfort::services
