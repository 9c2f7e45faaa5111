#include "matching/week_hours.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "matching/days.h"

namespace renfort::matching {
namespace {

absl::Status CheckMinutes(int start_minute, int end_minute, absl::string_view field) {
  if (start_minute < 0 || end_minute > 1440 || start_minute >= end_minute) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": slot minutes must satisfy 0 <= start < end <= 1440, got ", start_minute, "–",
        end_minute));
  }
  return absl::OkStatus();
}

int IsoWeekday(absl::CivilDay day) {
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::monday: return 1;
    case absl::Weekday::tuesday: return 2;
    case absl::Weekday::wednesday: return 3;
    case absl::Weekday::thursday: return 4;
    case absl::Weekday::friday: return 5;
    case absl::Weekday::saturday: return 6;
    case absl::Weekday::sunday: return 7;
  }
  return 1;
}

}  // namespace

WeekHours WeekHours::All() {
  WeekHours hours;
  hours.words = {~uint64_t{0}, ~uint64_t{0}, (uint64_t{1} << (kHours - 128)) - 1};
  return hours;
}

void WeekHours::AddLocalSlot(int weekday, int start_minute, int end_minute,
                             int utc_offset_hours) {
  const int first_hour = start_minute / 60;
  const int last_hour = (end_minute - 1) / 60;
  for (int hour = first_hour; hour <= last_hour; ++hour) {
    int h = ((weekday - 1) * 24 + hour - utc_offset_hours) % kHours;
    if (h < 0) h += kHours;
    words[h / 64] |= uint64_t{1} << (h % 64);
  }
}

absl::Status AddWeeklySlots(const google::protobuf::RepeatedPtrField<renfort::v1::WeeklySlot>& slots,
                            int utc_offset_hours, absl::string_view field, WeekHours& hours) {
  for (const renfort::v1::WeeklySlot& slot : slots) {
    const int weekday = static_cast<int>(slot.weekday());
    if (weekday < 1 || weekday > 7) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": weekday must be 1–7, got ", weekday));
    }
    if (absl::Status status = CheckMinutes(slot.start_minute(), slot.end_minute(), field);
        !status.ok()) {
      return status;
    }
    hours.AddLocalSlot(weekday, slot.start_minute(), slot.end_minute(), utc_offset_hours);
  }
  return absl::OkStatus();
}

absl::Status AddDatedSlots(const google::protobuf::RepeatedPtrField<renfort::v1::DatedSlot>& slots,
                           int utc_offset_hours, absl::string_view field, WeekHours& hours) {
  for (const renfort::v1::DatedSlot& slot : slots) {
    absl::StatusOr<absl::CivilDay> day = ToCivilDay(slot.date(), field);
    if (!day.ok()) return day.status();
    if (absl::Status status = CheckMinutes(slot.start_minute(), slot.end_minute(), field);
        !status.ok()) {
      return status;
    }
    hours.AddLocalSlot(IsoWeekday(*day), slot.start_minute(), slot.end_minute(),
                       utc_offset_hours);
  }
  return absl::OkStatus();
}

}  // namespace renfort::matching
