#ifndef RENFORT_MATCHING_WEEK_HOURS_H_
#define RENFORT_MATCHING_WEEK_HOURS_H_

#include <array>
#include <bit>
#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "renfort/v1/common.pb.h"

namespace renfort::matching {

// A set of hours of the week, how the index compares availability with schedules: 168 bits,
// bit h for hour h counted from Monday 00:00 UTC. Slots are given in local time and shifted by
// their zone's UTC offset, so a volunteer in La Réunion and a remote mission run from Paris are
// compared on the same clock.
//
// Resolution is one hour: a slot marks every hour it touches ([09:30, 10:00) marks 09:00–10:00,
// [09:00, 11:00) marks 09:00 and 10:00). Two schedules "overlap" when they mark a common hour;
// overlap is measured in whole hours. This is the documented precision of matching.
struct WeekHours {
  static constexpr int kHours = 168;

  std::array<uint64_t, 3> words{};

  static WeekHours All();

  // Marks the hours touched by [start_minute, end_minute) on ISO `weekday` (1 = Monday), local
  // time `utc_offset_hours` ahead of UTC. Arguments must be valid (see AddWeeklySlots).
  void AddLocalSlot(int weekday, int start_minute, int end_minute, int utc_offset_hours);

  int Count() const {
    return std::popcount(words[0]) + std::popcount(words[1]) + std::popcount(words[2]);
  }
  bool Empty() const { return (words[0] | words[1] | words[2]) == 0; }
  bool Intersects(const WeekHours& other) const {
    return ((words[0] & other.words[0]) | (words[1] & other.words[1]) |
            (words[2] & other.words[2])) != 0;
  }
  int CommonCount(const WeekHours& other) const {
    return std::popcount(words[0] & other.words[0]) + std::popcount(words[1] & other.words[1]) +
           std::popcount(words[2] & other.words[2]);
  }
  bool Contains(int hour) const { return (words[hour / 64] >> (hour % 64)) & 1; }

  friend bool operator==(const WeekHours&, const WeekHours&) = default;
};

// Adds weekly slots (local time, `utc_offset_hours` ahead of UTC) to `hours`. INVALID_ARGUMENT
// naming `field` for a weekday outside 1–7 or minutes outside 0 ≤ start < end ≤ 1440.
absl::Status AddWeeklySlots(const google::protobuf::RepeatedPtrField<renfort::v1::WeeklySlot>& slots,
                            int utc_offset_hours, absl::string_view field, WeekHours& hours);

// Adds dated slots as the hours of the week they fall on (the date gives the weekday), like
// AddWeeklySlots; also rejects invalid dates.
absl::Status AddDatedSlots(const google::protobuf::RepeatedPtrField<renfort::v1::DatedSlot>& slots,
                           int utc_offset_hours, absl::string_view field, WeekHours& hours);

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_WEEK_HOURS_H_
