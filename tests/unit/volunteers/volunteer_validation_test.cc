// The pure checks of VolunteerService: phone normalisation, age, availability slots.
#include "services/volunteers/volunteer_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"

namespace renfort::services {
namespace {

using ::renfort::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Optional;

TEST(NormalisePhone, TurnsFrenchNumbersIntoE164) {
  EXPECT_THAT(NormalisePhone("06 12 34 56 78"), Optional(std::string("+33612345678")));
  EXPECT_THAT(NormalisePhone("06.12.34.56.78"), Optional(std::string("+33612345678")));
  EXPECT_THAT(NormalisePhone("01-23-45-67-89"), Optional(std::string("+33123456789")));
  EXPECT_THAT(NormalisePhone("+33 6 12 34 56 78"), Optional(std::string("+33612345678")));
  EXPECT_THAT(NormalisePhone("0033612345678"), Optional(std::string("+33612345678")));
  EXPECT_THAT(NormalisePhone("+262692123456"), Optional(std::string("+262692123456")));
}

TEST(NormalisePhone, GivesOverseasNumbersTheirCountryCode) {
  EXPECT_THAT(NormalisePhone("0692 12 34 56"), Optional(std::string("+262692123456")));  // Réunion
  EXPECT_THAT(NormalisePhone("0262 12 34 56"), Optional(std::string("+262262123456")));
  EXPECT_THAT(NormalisePhone("0690 12 34 56"), Optional(std::string("+590690123456")));  // Guadeloupe
  EXPECT_THAT(NormalisePhone("0696 12 34 56"), Optional(std::string("+596696123456")));  // Martinique
  EXPECT_THAT(NormalisePhone("0694 12 34 56"), Optional(std::string("+594694123456")));  // Guyane
  EXPECT_THAT(NormalisePhone("0639 12 34 56"), Optional(std::string("+262639123456")));  // Mayotte
}

TEST(NormalisePhone, RefusesWhatIsNoPhoneNumber) {
  for (const char* bad : {"", "12 34", "06 12 34 56", "+0612345678", "phone", "06 12 34 56 78 90 12 34",
                          "+33 6 12 34 56 7a"}) {
    EXPECT_EQ(NormalisePhone(bad), std::nullopt) << bad;
  }
}

TEST(AgeOn, CountsFullYears) {
  EXPECT_EQ(AgeOn(absl::CivilDay(2010, 6, 15), absl::CivilDay(2026, 6, 14)), 15);
  EXPECT_EQ(AgeOn(absl::CivilDay(2010, 6, 15), absl::CivilDay(2026, 6, 15)), 16);
  EXPECT_EQ(AgeOn(absl::CivilDay(2008, 2, 29), absl::CivilDay(2026, 2, 28)), 17);
  EXPECT_EQ(AgeOn(absl::CivilDay(2008, 2, 29), absl::CivilDay(2026, 3, 1)), 18);
}

TEST(TimeZoneOfDepartment, OverseasAreNotParisTime) {
  EXPECT_EQ(TimeZoneOfDepartment("59"), "Europe/Paris");
  EXPECT_EQ(TimeZoneOfDepartment("2A"), "Europe/Paris");
  EXPECT_EQ(TimeZoneOfDepartment("974"), "Indian/Reunion");
  EXPECT_EQ(TimeZoneOfDepartment("973"), "America/Cayenne");
}

TEST(MarkMinor, FlagsSixteenAndSeventeenYearOldsOnTheLocalDate) {
  v1::Volunteer volunteer;
  volunteer.mutable_home_commune()->set_department_code("974");
  volunteer.mutable_birth_date()->set_year(2009);
  volunteer.mutable_birth_date()->set_month(6);
  volunteer.mutable_birth_date()->set_day(15);
  absl::TimeZone reunion;
  ASSERT_TRUE(absl::LoadTimeZone("Indian/Reunion", &reunion));
  // 14 June 2027, 23:00 in La Réunion: still 17 there, though already 15 June in UTC+5.
  MarkMinor(volunteer, absl::FromCivil(absl::CivilSecond(2027, 6, 14, 23, 0, 0), reunion));
  EXPECT_TRUE(volunteer.minor());
  MarkMinor(volunteer, absl::FromCivil(absl::CivilSecond(2027, 6, 15, 0, 30, 0), reunion));
  EXPECT_FALSE(volunteer.minor());
  v1::Volunteer erased;
  MarkMinor(erased, absl::UnixEpoch());
  EXPECT_FALSE(erased.minor());
}

v1::Volunteer Valid() {
  v1::Volunteer volunteer;
  volunteer.set_first_name("Camille");
  volunteer.set_last_name("Durand");
  volunteer.set_email("camille@example.org");
  volunteer.mutable_birth_date()->set_year(2000);
  volunteer.mutable_birth_date()->set_month(1);
  volunteer.mutable_birth_date()->set_day(1);
  volunteer.mutable_home_commune()->set_insee_code("59350");
  volunteer.set_max_travel_km(20);
  volunteer.set_accepts_remote(true);
  return volunteer;
}

TEST(CheckProfile, RefusesUnderSixteenAsInvalidArgumentNamingTheBirthDate) {
  v1::Volunteer volunteer = Valid();
  volunteer.mutable_birth_date()->set_year(2010);
  volunteer.mutable_birth_date()->set_month(6);
  volunteer.mutable_birth_date()->set_day(15);
  EXPECT_THAT(CheckProfile(volunteer, absl::CivilDay(2026, 6, 14)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("volunteer.birth_date")));
  EXPECT_OK(CheckProfile(volunteer, absl::CivilDay(2026, 6, 15)));
}

TEST(CheckProfile, RefusesRepeatedDomainsAndSkills) {
  v1::Volunteer volunteer = Valid();
  volunteer.add_domains(v1::DOMAIN_SPORT);
  volunteer.add_domains(v1::DOMAIN_SPORT);
  EXPECT_THAT(CheckProfile(volunteer, absl::CivilDay(2026, 1, 1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("volunteer.domains")));
  volunteer = Valid();
  volunteer.add_skills("cuisine");
  volunteer.add_skills("cuisine");
  EXPECT_THAT(CheckProfile(volunteer, absl::CivilDay(2026, 1, 1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("volunteer.skills")));
}

v1::WeeklySlot Slot(v1::Weekday weekday, int start, int end) {
  v1::WeeklySlot slot;
  slot.set_weekday(weekday);
  slot.set_start_minute(start);
  slot.set_end_minute(end);
  return slot;
}

TEST(CheckAvailability, AllowsBackToBackSlotsAndRefusesOverlapsInAnyOrder) {
  v1::Availability availability;
  *availability.add_weekly_slots() = Slot(v1::WEEKDAY_MONDAY, 720, 840);
  *availability.add_weekly_slots() = Slot(v1::WEEKDAY_MONDAY, 600, 720);
  *availability.add_weekly_slots() = Slot(v1::WEEKDAY_TUESDAY, 600, 720);
  EXPECT_OK(CheckAvailability(availability, "availability"));
  *availability.add_weekly_slots() = Slot(v1::WEEKDAY_MONDAY, 830, 900);
  EXPECT_THAT(CheckAvailability(availability, "availability"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("overlap")));
}

TEST(CheckAvailability, RefusesEmptySlotsAndTooManySlots) {
  v1::Availability availability;
  *availability.add_weekly_slots() = Slot(v1::WEEKDAY_MONDAY, 600, 600);
  EXPECT_THAT(CheckAvailability(availability, "availability"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("may not be empty")));
  availability.Clear();
  for (int i = 0; i < 51; ++i) *availability.add_weekly_slots() = Slot(v1::WEEKDAY_MONDAY, i * 20, i * 20 + 10);
  EXPECT_THAT(CheckAvailability(availability, "availability"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("weekly_slots")));
}

}  // namespace
}  // namespace renfort::services
