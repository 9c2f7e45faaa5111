#include "services/missions/slot_overlap.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace renfort::services {
namespace {

namespace v1 = ::renfort::v1;

absl::CivilDay ToCivilDay(const v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

absl::TimeZone ZoneOf(const v1::Mission& mission) {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(mission.time_zone(), &zone)) return absl::UTCTimeZone();
  return zone;
}

// ISO weekday (Monday 1 … Sunday 7) of a civil day.
int IsoWeekday(absl::CivilDay day) {
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::monday:
      return 1;
    case absl::Weekday::tuesday:
      return 2;
    case absl::Weekday::wednesday:
      return 3;
    case absl::Weekday::thursday:
      return 4;
    case absl::Weekday::friday:
      return 5;
    case absl::Weekday::saturday:
      return 6;
    case absl::Weekday::sunday:
      return 7;
  }
  return 0;
}

// Local minutes after midnight of `day` as an instant; 1440 is the next midnight. A local time
// skipped by a daylight-saving change maps to the instant the clocks jumped to (pre == post
// rules of absl::TimeZone::At), which is what a volunteer on site would see.
absl::Time LocalInstant(absl::CivilDay day, int minute, const absl::TimeZone& zone) {
  const absl::CivilMinute local = absl::CivilMinute(day) + minute;
  return zone.At(local).pre;
}

struct DateSpan {
  absl::CivilDay first;
  std::optional<absl::CivilDay> last;  // unset: open-ended
};

// The local dates `mission` runs on; unset for a schedule without any slot.
std::optional<DateSpan> SpanOf(const v1::Mission& mission) {
  const v1::Schedule& schedule = mission.schedule();
  if (schedule.kind() == v1::SCHEDULE_KIND_RECURRING) {
    if (schedule.weekly_slots().empty()) return std::nullopt;
    DateSpan span{ToCivilDay(schedule.date_range().start_date()), std::nullopt};
    if (schedule.date_range().has_end_date()) {
      span.last = ToCivilDay(schedule.date_range().end_date());
    }
    return span;
  }
  if (schedule.dated_slots().empty()) return std::nullopt;
  absl::CivilDay first = ToCivilDay(schedule.dated_slots(0).date());
  absl::CivilDay last = first;
  for (const v1::DatedSlot& slot : schedule.dated_slots()) {
    first = std::min(first, ToCivilDay(slot.date()));
    last = std::max(last, ToCivilDay(slot.date()));
  }
  return DateSpan{first, last};
}

std::string FormatInstant(absl::Time instant, const v1::Mission& mission) {
  return absl::FormatTime("%Y-%m-%d %H:%M %Z", instant, ZoneOf(mission));
}

}  // namespace

std::vector<TimeSlot> SlotInstants(const v1::Mission& mission, absl::CivilDay from,
                                   absl::CivilDay until) {
  const absl::TimeZone zone = ZoneOf(mission);
  const v1::Schedule& schedule = mission.schedule();
  std::vector<TimeSlot> slots;
  if (schedule.kind() == v1::SCHEDULE_KIND_RECURRING) {
    const std::optional<DateSpan> span = SpanOf(mission);
    if (!span) return slots;
    const absl::CivilDay first = std::max(from, span->first);
    const absl::CivilDay last = span->last ? std::min(until, *span->last) : until;
    for (absl::CivilDay day = first; day <= last; ++day) {
      const int weekday = IsoWeekday(day);
      for (const v1::WeeklySlot& slot : schedule.weekly_slots()) {
        if (slot.weekday() != weekday) continue;
        slots.push_back({LocalInstant(day, slot.start_minute(), zone),
                         LocalInstant(day, slot.end_minute(), zone)});
      }
    }
  } else {
    for (const v1::DatedSlot& slot : schedule.dated_slots()) {
      const absl::CivilDay day = ToCivilDay(slot.date());
      if (day < from || day > until) continue;
      slots.push_back({LocalInstant(day, slot.start_minute(), zone),
                       LocalInstant(day, slot.end_minute(), zone)});
    }
  }
  std::sort(slots.begin(), slots.end(),
            [](const TimeSlot& x, const TimeSlot& y) { return x.start < y.start; });
  return slots;
}

std::optional<absl::Time> FirstSharedInstant(const v1::Mission& a, const v1::Mission& b) {
  const std::optional<DateSpan> span_a = SpanOf(a);
  const std::optional<DateSpan> span_b = SpanOf(b);
  if (!span_a || !span_b) return std::nullopt;
  // Local dates of two zones differ by at most one day for the same instant: widen by one
  // day on each side so a slot late on D in one zone meets one early on D+1 in the other.
  const absl::CivilDay from = std::max(span_a->first, span_b->first) - 1;
  absl::CivilDay until = from + kOverlapHorizonDays;
  if (span_a->last) until = std::min(until, *span_a->last + 1);
  if (span_b->last) until = std::min(until, *span_b->last + 1);
  if (until < from) return std::nullopt;

  const std::vector<TimeSlot> slots_a = SlotInstants(a, from, until);
  const std::vector<TimeSlot> slots_b = SlotInstants(b, from, until);
  // Both lists are sorted and each one's slots never overlap each other: a merge walk finds
  // the first shared instant in linear time.
  size_t i = 0;
  size_t j = 0;
  while (i < slots_a.size() && j < slots_b.size()) {
    const TimeSlot& x = slots_a[i];
    const TimeSlot& y = slots_b[j];
    if (x.start < y.end && y.start < x.end) return std::max(x.start, y.start);
    if (x.end <= y.end) {
      ++i;
    } else {
      ++j;
    }
  }
  return std::nullopt;
}

absl::Status CheckNoScheduleOverlap(const v1::Mission& mission,
                                    const std::vector<v1::Mission>& accepted) {
  for (const v1::Mission& other : accepted) {
    if (other.id() == mission.id()) continue;
    if (const std::optional<absl::Time> shared = FirstSharedInstant(mission, other)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the volunteer is already accepted on mission \"", other.title(), "\" (", other.id(),
          ") whose schedule overlaps this one's at ", FormatInstant(*shared, mission)));
    }
  }
  return absl::OkStatus();
}

}  // namespace renfort::services
