#ifndef RENFORT_SERVICES_VOLUNTEERS_VOLUNTEER_VALIDATION_H_
#define RENFORT_SERVICES_VOLUNTEERS_VOLUNTEER_VALIDATION_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "renfort/v1/volunteer.pb.h"

namespace renfort::services {

// The platform minimum age (DESIGN.md §1).
inline constexpr int kMinimumAge = 16;
// Volunteer.max_travel_km when a registration leaves it at 0.
inline constexpr int kDefaultMaxTravelKm = 20;

// A French or E.164 phone number in E.164 form: "06 12 34 56 78" -> "+33612345678",
// "0692 12 34 56" -> "+262692123456" (overseas prefixes go to their country code),
// "0033 6 12..." -> "+336...". Spaces, dots, dashes and brackets are ignored. std::nullopt when
// the text is no phone number.
std::optional<std::string> NormalisePhone(absl::string_view phone);

// Full years between `birth` and `today`.
int AgeOn(absl::CivilDay birth, absl::CivilDay today);

// IANA time zone of a département ("974" -> "Indian/Reunion"; metropolitan ones and unknown
// codes -> "Europe/Paris"), as in the departments table.
std::string TimeZoneOfDepartment(absl::string_view department_code);

// Today's local date in the time zone of `department_code`.
absl::CivilDay TodayIn(absl::string_view department_code, absl::Time now);

// Sets Volunteer.minor: 16 or 17 on today's local date of the home département (false without a
// birth date, e.g. for an erased volunteer).
void MarkMinor(renfort::v1::Volunteer& volunteer, absl::Time now);

// Checks every field of a complete profile (the one to register, or the result of an update),
// naming it as "volunteer.<field>". Normalises the phone in place. INVALID_ARGUMENT for bad
// fields; FAILED_PRECONDITION when the volunteer is younger than 16 on `today`.
// The commune's existence and the skills' are checked by the store (reference tables).
absl::Status CheckProfile(renfort::v1::Volunteer& volunteer, absl::CivilDay today);

// Weekly slots (0–50, valid weekday, 0 ≤ start < end ≤ 1440, none empty, none overlapping
// another on the same day) and date range (real dates, end on or after start), naming fields
// under `field` ("availability").
absl::Status CheckAvailability(const renfort::v1::Availability& availability,
                               absl::string_view field);

}  // namespace renfort::services

#endif  // RENFORT_SERVICES_VOLUNTEERS_VOLUNTEER_VALIDATION_H_
