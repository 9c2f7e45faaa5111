#include "services/missions/schedule_rules.h"

#include <algorithm>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/validation.h"

namespace renfort::services {
namespace {

// Dates compare as (year, month, day).
std::tuple<int, int, int> Key(const v1::Date& date) {
  return {date.year(), date.month(), date.day()};
}

bool CheckMinutes(FieldChecker& check, absl::string_view slot, int start, int end) {
  return check.Range(absl::StrCat(slot, ".start_minute"), start, 0, 1439) &&
         check.Range(absl::StrCat(slot, ".end_minute"), end, 1, 1440) &&
         check.Expect(end > start, absl::StrCat(slot, ".end_minute"),
                      absl::StrCat("must be after start_minute (", start, "), got ", end));
}

// A slot of either kind reduced to what overlap needs: the day it is on and its minutes.
struct SlotSpan {
  std::tuple<int, int, int> day;
  int start;
  int end;
  int index;
};

absl::Status CheckNoOverlap(std::vector<SlotSpan> spans, absl::string_view slots_field) {
  std::sort(spans.begin(), spans.end(), [](const SlotSpan& a, const SlotSpan& b) {
    return std::tie(a.day, a.start, a.index) < std::tie(b.day, b.start, b.index);
  });
  for (size_t i = 1; i < spans.size(); ++i) {
    const SlotSpan& previous = spans[i - 1];
    const SlotSpan& next = spans[i];
    if (next.day == previous.day && next.start < previous.end) {
      return absl::InvalidArgumentError(absl::StrCat(slots_field, "[", next.index, "]: overlaps ",
                                                     slots_field, "[", previous.index, "]"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateOneOff(const v1::Schedule& schedule, absl::string_view field) {
  FieldChecker check;
  const std::string slots = absl::StrCat(field, ".dated_slots");
  check.Range(absl::StrCat(slots, " count"), schedule.dated_slots_size(), 1, 200);
  check.Expect(schedule.weekly_slots().empty(), absl::StrCat(field, ".weekly_slots"),
               "must be empty for a ONE_OFF schedule");
  check.Expect(!schedule.has_date_range(), absl::StrCat(field, ".date_range"),
               "must be unset for a ONE_OFF schedule");
  std::vector<SlotSpan> spans;
  for (int i = 0; i < schedule.dated_slots_size() && check.ok(); ++i) {
    const v1::DatedSlot& slot = schedule.dated_slots(i);
    const std::string name = absl::StrCat(slots, "[", i, "]");
    check.Expect(slot.has_date(), absl::StrCat(name, ".date"), "is required") &&
        check.ValidDate(absl::StrCat(name, ".date"), slot.date()) &&
        CheckMinutes(check, name, slot.start_minute(), slot.end_minute());
    spans.push_back({Key(slot.date()), slot.start_minute(), slot.end_minute(), i});
  }
  if (!check.ok()) return check.status();
  return CheckNoOverlap(std::move(spans), slots);
}

absl::Status ValidateRecurring(const v1::Schedule& schedule, absl::string_view field) {
  FieldChecker check;
  const std::string slots = absl::StrCat(field, ".weekly_slots");
  const std::string range = absl::StrCat(field, ".date_range");
  check.Range(absl::StrCat(slots, " count"), schedule.weekly_slots_size(), 1, 50);
  check.Expect(schedule.dated_slots().empty(), absl::StrCat(field, ".dated_slots"),
               "must be empty for a RECURRING schedule");
  const v1::DateRange& dates = schedule.date_range();
  check.Expect(dates.has_start_date(), absl::StrCat(range, ".start_date"), "is required") &&
      check.ValidDate(absl::StrCat(range, ".start_date"), dates.start_date());
  if (check.ok() && dates.has_end_date()) {
    check.ValidDate(absl::StrCat(range, ".end_date"), dates.end_date()) &&
        check.Expect(Key(dates.end_date()) >= Key(dates.start_date()),
                     absl::StrCat(range, ".end_date"), "must be on or after start_date");
  }
  std::vector<SlotSpan> spans;
  for (int i = 0; i < schedule.weekly_slots_size() && check.ok(); ++i) {
    const v1::WeeklySlot& slot = schedule.weekly_slots(i);
    const std::string name = absl::StrCat(slots, "[", i, "]");
    check.Range(absl::StrCat(name, ".weekday"), slot.weekday(), 1, 7) &&
        CheckMinutes(check, name, slot.start_minute(), slot.end_minute());
    spans.push_back({{slot.weekday(), 0, 0}, slot.start_minute(), slot.end_minute(), i});
  }
  if (!check.ok()) return check.status();
  return CheckNoOverlap(std::move(spans), slots);
}

}  // namespace

absl::Status ValidateSchedule(const v1::Schedule& schedule, absl::string_view field) {
  switch (schedule.kind()) {
    case v1::SCHEDULE_KIND_ONE_OFF:
      return ValidateOneOff(schedule, field);
    case v1::SCHEDULE_KIND_RECURRING:
      return ValidateRecurring(schedule, field);
    default:
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".kind: must be SCHEDULE_KIND_ONE_OFF or SCHEDULE_KIND_RECURRING, got ",
          schedule.kind()));
  }
}

void ScheduleDates(const v1::Schedule& schedule, v1::Date& start_date, v1::Date& end_date) {
  start_date.Clear();
  end_date.Clear();
  if (schedule.kind() == v1::SCHEDULE_KIND_RECURRING) {
    start_date = schedule.date_range().start_date();
    if (schedule.date_range().has_end_date()) end_date = schedule.date_range().end_date();
    return;
  }
  for (int i = 0; i < schedule.dated_slots_size(); ++i) {
    const v1::Date& date = schedule.dated_slots(i).date();
    if (i == 0 || Key(date) < Key(start_date)) start_date = date;
    if (i == 0 || Key(date) > Key(end_date)) end_date = date;
  }
}

void SortDatedSlots(v1::Schedule& schedule) {
  std::sort(schedule.mutable_dated_slots()->begin(), schedule.mutable_dated_slots()->end(),
            [](const v1::DatedSlot& a, const v1::DatedSlot& b) {
              return std::make_tuple(Key(a.date()), a.start_minute()) <
                     std::make_tuple(Key(b.date()), b.start_minute());
            });
}

}  // namespace renfort::services
