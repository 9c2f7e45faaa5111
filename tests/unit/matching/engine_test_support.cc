#include "tests/unit/matching/engine_test_support.h"

#include <cstdio>

#include "tests/unit/matching/random_world.h"

namespace renfort::matching::testing {

std::unique_ptr<MatchingEngine> MakeTestEngine(ScoringWeights weights) {
  return *MatchingEngine::Create(TestSkills(), TestZones(), weights);
}

std::string TestId(int n) {
  char text[40];
  std::snprintf(text, sizeof(text), "00000000-0000-4000-8000-%012d", n);
  return text;
}

renfort::v1::Volunteer ParisVolunteer(const std::string& id) {
  renfort::v1::Volunteer v;
  v.set_id(id);
  v.set_status(renfort::v1::VOLUNTEER_STATUS_ACTIVE);
  v.mutable_birth_date()->set_year(1995);
  v.mutable_birth_date()->set_month(6);
  v.mutable_birth_date()->set_day(15);
  v.mutable_home_commune()->set_insee_code("75056");
  v.mutable_home_commune()->set_department_code("75");
  v.mutable_home_commune()->mutable_centroid()->set_latitude(48.8589);
  v.mutable_home_commune()->mutable_centroid()->set_longitude(2.3469);
  v.set_max_travel_km(20);
  v.set_accepts_in_person(true);
  v.set_accepts_remote(true);
  v.add_domains(renfort::v1::DOMAIN_SOLIDARITY_INSERTION);
  v.mutable_last_active_time()->set_seconds(absl::ToUnixSeconds(TestNow() - absl::Hours(30)));
  return v;
}

renfort::v1::Mission ParisMission(const std::string& id) {
  renfort::v1::Mission m;
  m.set_id(id);
  m.set_organisation_id("11111111-0000-4000-8000-000000000001");
  m.set_domain(renfort::v1::DOMAIN_SOLIDARITY_INSERTION);
  m.set_format(renfort::v1::FORMAT_IN_PERSON);
  m.set_department_code("75");
  renfort::v1::Address& address = *m.add_addresses();
  address.mutable_location()->set_latitude(48.8589);
  address.mutable_location()->set_longitude(2.3469);
  renfort::v1::Schedule& schedule = *m.mutable_schedule();
  schedule.set_kind(renfort::v1::SCHEDULE_KIND_RECURRING);
  renfort::v1::WeeklySlot& slot = *schedule.add_weekly_slots();
  slot.set_weekday(renfort::v1::WEEKDAY_WEDNESDAY);
  slot.set_start_minute(14 * 60);
  slot.set_end_minute(16 * 60);
  schedule.mutable_date_range()->mutable_start_date()->set_year(2026);
  schedule.mutable_date_range()->mutable_start_date()->set_month(3);
  schedule.mutable_date_range()->mutable_start_date()->set_day(1);
  m.set_places(5);
  m.set_status(renfort::v1::MISSION_STATUS_PUBLISHED);
  return m;
}

}  // namespace renfort::matching::testing
