#include "services/volunteers/volunteer_validation.h"

#include <algorithm>
#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/validation.h"

namespace renfort::services {
namespace {

namespace v1 = ::renfort::v1;

// French overseas numbering: the national prefix (0 + these digits) belongs to another country
// code than +33. Mobile and fixed ranges of 971–976 (ARCEP plan).
struct OverseasPrefix {
  absl::string_view national;  // after the leading 0
  absl::string_view country;
};
constexpr OverseasPrefix kOverseasPrefixes[] = {
    {"590", "590"}, {"690", "590"}, {"691", "590"},                  // Guadeloupe
    {"596", "596"}, {"696", "596"}, {"697", "596"},                  // Martinique
    {"594", "594"}, {"694", "594"},                                  // Guyane
    {"262", "262"}, {"263", "262"}, {"692", "262"}, {"693", "262"},  // La Réunion
    {"269", "262"}, {"639", "262"},                                  // Mayotte
};

bool IsE164(absl::string_view number) {
  if (number.size() < 8 || number.size() > 16 || number[0] != '+' || number[1] == '0') return false;
  return std::all_of(number.begin() + 1, number.end(), absl::ascii_isdigit);
}

void CheckNames(FieldChecker& check, const v1::Volunteer& volunteer) {
  check.Length("volunteer.first_name", volunteer.first_name(), 1, 100);
  check.Length("volunteer.last_name", volunteer.last_name(), 1, 100);
  check.Email("volunteer.email", volunteer.email());
}

void CheckPreferences(FieldChecker& check, const v1::Volunteer& volunteer) {
  check.Required("volunteer.home_commune.insee_code", volunteer.home_commune().insee_code());
  check.Range("volunteer.max_travel_km", volunteer.max_travel_km(), 1, 200);
  check.Expect(volunteer.accepts_in_person() || volunteer.accepts_remote(),
               "volunteer.accepts_in_person",
               "at least one of accepts_in_person and accepts_remote must be true");
  check.Range("volunteer.domains (count)", volunteer.domains_size(), 0, 10);
  std::set<int> domains;
  for (int domain : volunteer.domains()) {
    check.Expect(domain != v1::DOMAIN_UNSPECIFIED && v1::Domain_IsValid(domain),
                 "volunteer.domains", absl::StrCat("unknown domain ", domain));
    check.Expect(domains.insert(domain).second, "volunteer.domains",
                 absl::StrCat("domain ", v1::Domain_Name(static_cast<v1::Domain>(domain)),
                              " is listed twice"));
  }
  check.Range("volunteer.skills (count)", volunteer.skills_size(), 0, 50);
  std::set<std::string> skills;
  for (const std::string& skill : volunteer.skills()) {
    check.Required("volunteer.skills", skill);
    check.Expect(skills.insert(skill).second, "volunteer.skills",
                 absl::StrCat("skill '", skill, "' is listed twice"));
  }
}

}  // namespace

std::optional<std::string> NormalisePhone(absl::string_view phone) {
  std::string digits;
  for (const char c : phone) {
    if (c == ' ' || c == '.' || c == '-' || c == '(' || c == ')') continue;
    digits += c;
  }
  if (absl::StartsWith(digits, "00")) digits = absl::StrCat("+", digits.substr(2));
  if (digits.size() == 10 && digits[0] == '0' && digits[1] != '0' &&
      std::all_of(digits.begin(), digits.end(), absl::ascii_isdigit)) {
    const absl::string_view national = absl::string_view(digits).substr(1);
    std::string country = "33";
    for (const OverseasPrefix& prefix : kOverseasPrefixes) {
      if (absl::StartsWith(national, prefix.national)) country = std::string(prefix.country);
    }
    digits = absl::StrCat("+", country, national);
  }
  if (!IsE164(digits)) return std::nullopt;
  return digits;
}

int AgeOn(absl::CivilDay birth, absl::CivilDay today) {
  int age = static_cast<int>(today.year() - birth.year());
  if (today.month() < birth.month() || (today.month() == birth.month() && today.day() < birth.day())) {
    --age;
  }
  return age;
}

std::string TimeZoneOfDepartment(absl::string_view department_code) {
  if (department_code == "971") return "America/Guadeloupe";
  if (department_code == "972") return "America/Martinique";
  if (department_code == "973") return "America/Cayenne";
  if (department_code == "974") return "Indian/Reunion";
  if (department_code == "976") return "Indian/Mayotte";
  return "Europe/Paris";
}

absl::CivilDay TodayIn(absl::string_view department_code, absl::Time now) {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(TimeZoneOfDepartment(department_code), &zone)) zone = absl::UTCTimeZone();
  return absl::ToCivilDay(now, zone);
}

void MarkMinor(v1::Volunteer& volunteer, absl::Time now) {
  if (!volunteer.has_birth_date()) return;
  const v1::Date& birth = volunteer.birth_date();
  const int age = AgeOn(absl::CivilDay(birth.year(), birth.month(), birth.day()),
                        TodayIn(volunteer.home_commune().department_code(), now));
  volunteer.set_minor(age < 18);
}

absl::Status CheckProfile(v1::Volunteer& volunteer, absl::CivilDay today) {
  FieldChecker check;
  CheckNames(check, volunteer);
  if (!volunteer.phone().empty()) {
    const std::optional<std::string> e164 = NormalisePhone(volunteer.phone());
    if (check.Expect(e164.has_value(), "volunteer.phone",
                     "must be a French number (06 12 34 56 78) or in E.164 form (+33612345678)")) {
      volunteer.set_phone(*e164);
    }
  }
  const v1::Date& birth = volunteer.birth_date();
  if (check.Expect(volunteer.has_birth_date(), "volunteer.birth_date", "is required")) {
    check.ValidDate("volunteer.birth_date", birth);
  }
  CheckPreferences(check, volunteer);
  if (!check.ok()) return check.status();
  const absl::CivilDay born(birth.year(), birth.month(), birth.day());
  if (born > today) {
    return absl::InvalidArgumentError("volunteer.birth_date: must not be in the future");
  }
  if (AgeOn(born, today) < kMinimumAge) {
    return absl::InvalidArgumentError(
        absl::StrCat("volunteer.birth_date: volunteers must be at least ", kMinimumAge,
                     " years old (the platform minimum age)"));
  }
  if (volunteer.has_availability()) return CheckAvailability(volunteer.availability(), "volunteer.availability");
  return absl::OkStatus();
}

absl::Status CheckAvailability(const v1::Availability& availability, absl::string_view field) {
  FieldChecker check;
  const std::string slots_field = absl::StrCat(field, ".weekly_slots");
  check.Range(absl::StrCat(slots_field, " (count)"), availability.weekly_slots_size(), 0, 50);
  std::vector<const v1::WeeklySlot*> slots;
  for (int i = 0; i < availability.weekly_slots_size(); ++i) {
    const v1::WeeklySlot& slot = availability.weekly_slots(i);
    const std::string at = absl::StrCat(slots_field, "[", i, "]");
    check.Expect(slot.weekday() >= v1::WEEKDAY_MONDAY && slot.weekday() <= v1::WEEKDAY_SUNDAY,
                 absl::StrCat(at, ".weekday"), absl::StrCat("must be MONDAY..SUNDAY, got ", slot.weekday()));
    check.Range(absl::StrCat(at, ".start_minute"), slot.start_minute(), 0, 1439);
    check.Range(absl::StrCat(at, ".end_minute"), slot.end_minute(), 1, 1440);
    check.Expect(slot.end_minute() > slot.start_minute(), absl::StrCat(at, ".end_minute"),
                 absl::StrCat("must be after start_minute (", slot.start_minute(),
                              "): a slot may not be empty, got ", slot.end_minute()));
    slots.push_back(&slot);
  }
  std::sort(slots.begin(), slots.end(), [](const v1::WeeklySlot* a, const v1::WeeklySlot* b) {
    return std::make_pair(a->weekday(), a->start_minute()) < std::make_pair(b->weekday(), b->start_minute());
  });
  for (size_t i = 1; i < slots.size(); ++i) {
    const v1::WeeklySlot& previous = *slots[i - 1];
    const v1::WeeklySlot& slot = *slots[i];
    check.Expect(previous.weekday() != slot.weekday() || previous.end_minute() <= slot.start_minute(),
                 slots_field,
                 absl::StrCat("slots overlap on ", v1::Weekday_Name(slot.weekday()), ": ",
                              previous.start_minute(), "-", previous.end_minute(), " and ",
                              slot.start_minute(), "-", slot.end_minute()));
  }
  const v1::DateRange& range = availability.date_range();
  const std::string range_field = absl::StrCat(field, ".date_range");
  const bool has_start = range.has_start_date(), has_end = range.has_end_date();
  if (has_start) {
    check.ValidDate(absl::StrCat(range_field, ".start_date"), range.start_date());
  }
  if (has_end) {
    check.ValidDate(absl::StrCat(range_field, ".end_date"), range.end_date());
  }
  if (check.ok() && has_start && has_end) {
    const absl::CivilDay start(range.start_date().year(), range.start_date().month(), range.start_date().day());
    const absl::CivilDay end(range.end_date().year(), range.end_date().month(), range.end_date().day());
    check.Expect(end >= start, absl::StrCat(range_field, ".end_date"), "must be on or after start_date");
  }
  return check.status();
}

}  // namespace renfort::services
