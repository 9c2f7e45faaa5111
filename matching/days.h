#ifndef RENFORT_MATCHING_DAYS_H_
#define RENFORT_MATCHING_DAYS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "renfort/v1/common.pb.h"

namespace renfort::matching {

// Calendar days as small integers, how the index stores dates: days since 1900-01-01, in 16
// bits (1900-01-01 … 2079-06-05). Dates after the last representable day are clamped to it,
// which only matters for "open-ended" comparisons.
using DayNumber = uint16_t;
inline constexpr DayNumber kFirstDay = 0;
inline constexpr DayNumber kLastDay = 0xFFFF;

// The day number of `day`, clamped to [kFirstDay, kLastDay].
DayNumber ToDayNumber(absl::CivilDay day);

// True when a renfort.v1.Date is set (all three components non-zero).
bool IsSet(const renfort::v1::Date& date);

// `date` as a civil day. INVALID_ARGUMENT naming `field` when the components do not form a
// valid date between 1900-01-01 and 9999-12-31.
absl::StatusOr<absl::CivilDay> ToCivilDay(const renfort::v1::Date& date, absl::string_view field);

// The last birth date of someone who is at least `years` old on `day`: the same month and day
// `years` earlier, or 28 February when `day` is 29 February and that year is not a leap year
// (people born on 29 February come of age on 1 March in common years).
DayNumber LatestBirthDayForAge(absl::CivilDay day, int years);

// UTC calendar day of `time`, as a day number; what recency counts in.
DayNumber UtcDayNumber(absl::Time time);

// Months since January 1900 of the UTC calendar month of `time`; what the monthly invitation
// count is kept per.
int UtcMonthNumber(absl::Time time);

}  // namespace renfort::matching

#endif  // RENFORT_MATCHING_DAYS_H_
