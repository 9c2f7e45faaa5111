// SetAvailability, PauseVolunteer and ListVolunteers over real gRPC.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/integration/volunteers/volunteer_service_fixture.h"

namespace renfort::testing {
namespace {

using ::testing::HasSubstr;
using Stub = v1::VolunteerService::Stub;

void AddSlot(v1::Availability& availability, v1::Weekday weekday, int start, int end) {
  v1::WeeklySlot* slot = availability.add_weekly_slots();
  slot->set_weekday(weekday);
  slot->set_start_minute(start);
  slot->set_end_minute(end);
}

v1::Date DateOf(absl::CivilDay day) {
  v1::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

TEST_F(VolunteerServiceTest, SetAvailability_ReplacesSlotsAndRangeAndAnnouncesIt) {
  const v1::Volunteer camille = RegisterNew("a");
  v1::SetAvailabilityRequest request;
  AddSlot(*request.mutable_availability(), v1::WEEKDAY_SATURDAY, 540, 720);
  AddSlot(*request.mutable_availability(), v1::WEEKDAY_MONDAY, 600, 720);
  AddSlot(*request.mutable_availability(), v1::WEEKDAY_MONDAY, 720, 840);  // back to back: fine
  *request.mutable_availability()->mutable_date_range()->mutable_start_date() =
      DateOf(absl::CivilDay(2027, 1, 4));
  *request.mutable_availability()->mutable_date_range()->mutable_end_date() =
      DateOf(absl::CivilDay(2027, 6, 30));
  v1::SetAvailabilityResponse response;
  ASSERT_TRUE(Call(&Stub::SetAvailability, Volunteer(camille.id()), request, response).ok());
  const v1::Availability& stored = response.volunteer().availability();
  ASSERT_EQ(stored.weekly_slots_size(), 3);
  EXPECT_EQ(stored.weekly_slots(0).weekday(), v1::WEEKDAY_MONDAY);
  EXPECT_EQ(stored.weekly_slots(2).weekday(), v1::WEEKDAY_SATURDAY);
  EXPECT_EQ(stored.date_range().end_date().month(), 6);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'volunteer.availability_changed'"), 1);

  // Replaced whole: an empty availability clears everything.
  request.clear_availability();
  ASSERT_TRUE(Call(&Stub::SetAvailability, Volunteer(camille.id()), request, response).ok());
  EXPECT_EQ(response.volunteer().availability().weekly_slots_size(), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM volunteer_weekly_slots"), 0);
}

TEST_F(VolunteerServiceTest, SetAvailability_RefusesOverlapsEmptySlotsAndBadRanges) {
  const v1::Volunteer camille = RegisterNew("b");
  struct Case {
    std::string what;
    std::function<void(v1::Availability&)> fill;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"overlap", [](auto& a) { AddSlot(a, v1::WEEKDAY_MONDAY, 600, 720); AddSlot(a, v1::WEEKDAY_MONDAY, 700, 800); }, "availability.weekly_slots"},
      {"empty slot", [](auto& a) { AddSlot(a, v1::WEEKDAY_MONDAY, 600, 600); }, "availability.weekly_slots[1].end_minute"},
      {"no weekday", [](auto& a) { AddSlot(a, v1::WEEKDAY_UNSPECIFIED, 600, 700); }, "availability.weekly_slots[1].weekday"},
      {"past midnight", [](auto& a) { AddSlot(a, v1::WEEKDAY_MONDAY, 600, 1441); }, "availability.weekly_slots[1].end_minute"},
      {"reversed range", [](auto& a) {
         *a.mutable_date_range()->mutable_start_date() = DateOf(absl::CivilDay(2027, 5, 1));
         *a.mutable_date_range()->mutable_end_date() = DateOf(absl::CivilDay(2027, 4, 1));
       }, "availability.date_range.end_date"},
  };
  for (const Case& bad : cases) {
    SCOPED_TRACE(bad.what);
    v1::SetAvailabilityRequest request;
    AddSlot(*request.mutable_availability(), v1::WEEKDAY_FRIDAY, 60, 120);
    bad.fill(*request.mutable_availability());
    v1::SetAvailabilityResponse response;
    const grpc::Status status = Call(&Stub::SetAvailability, Volunteer(camille.id()), request, response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr(bad.field));
  }
  EXPECT_EQ(Count("SELECT count(*) FROM volunteer_weekly_slots"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'volunteer.availability_changed'"), 0);

  // Nobody else's availability, not even for another volunteer.
  const v1::Volunteer other = RegisterNew("c");
  v1::SetAvailabilityRequest request;
  request.set_volunteer_id(camille.id());
  v1::SetAvailabilityResponse response;
  EXPECT_EQ(Call(&Stub::SetAvailability, Volunteer(other.id()), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::SetAvailability, Coordinator("33"), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Call(&Stub::SetAvailability, Coordinator("59"), request, response).ok());
}

TEST_F(VolunteerServiceTest, Pause_UntilADateThenResume) {
  const v1::Volunteer camille = RegisterNew("d");
  const absl::CivilDay later = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) + 30;
  v1::PauseVolunteerRequest request;
  *request.mutable_until() = DateOf(later);
  v1::PauseVolunteerResponse response;
  ASSERT_TRUE(Call(&Stub::PauseVolunteer, Volunteer(camille.id()), request, response).ok());
  EXPECT_EQ(response.volunteer().status(), v1::VOLUNTEER_STATUS_PAUSED);
  EXPECT_EQ(response.volunteer().paused_until().day(), later.day());
  // Stored as the local midnight after the last day (Europe/Paris for Lille).
  EXPECT_EQ(Query("SELECT (paused_until AT TIME ZONE 'Europe/Paris')::text FROM volunteers"),
            absl::StrCat(absl::FormatCivilTime(later + 1), " 00:00:00"));
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'volunteer.paused'"), 1);

  v1::PauseVolunteerRequest resume;
  resume.set_resume(true);
  ASSERT_TRUE(Call(&Stub::PauseVolunteer, Volunteer(camille.id()), resume, response).ok());
  EXPECT_EQ(response.volunteer().status(), v1::VOLUNTEER_STATUS_ACTIVE);
  EXPECT_FALSE(response.volunteer().has_paused_until());
  // Resuming an active volunteer changes nothing and announces nothing.
  ASSERT_TRUE(Call(&Stub::PauseVolunteer, Volunteer(camille.id()), resume, response).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'volunteer.updated'"), 1);

  // Without end date.
  ASSERT_TRUE(Call(&Stub::PauseVolunteer, Volunteer(camille.id()), v1::PauseVolunteerRequest(), response).ok());
  EXPECT_EQ(response.volunteer().status(), v1::VOLUNTEER_STATUS_PAUSED);
  EXPECT_FALSE(response.volunteer().has_paused_until());
}

TEST_F(VolunteerServiceTest, Pause_RefusesPastDatesContradictionsAndErasedVolunteers) {
  const v1::Volunteer camille = RegisterNew("e");
  v1::PauseVolunteerRequest request;
  *request.mutable_until() = DateOf(absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) - 10);
  v1::PauseVolunteerResponse response;
  grpc::Status status = Call(&Stub::PauseVolunteer, Volunteer(camille.id()), request, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("until"));
  request.set_resume(true);
  status = Call(&Stub::PauseVolunteer, Volunteer(camille.id()), request, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Query("SELECT status FROM volunteers"), "ACTIVE");

  v1::DeleteVolunteerResponse deleted;
  ASSERT_TRUE(Call(&Stub::DeleteVolunteer, Volunteer(camille.id()), v1::DeleteVolunteerRequest(), deleted).ok());
  status = Call(&Stub::PauseVolunteer, Volunteer(camille.id()), v1::PauseVolunteerRequest(), response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace

class ListVolunteersTest : public VolunteerServiceTest {
 protected:
  // Every id of every page, following next_page_token.
  std::vector<std::string> AllPages(const services::Caller& caller, v1::ListVolunteersRequest request,
                                    grpc::Status& status) {
    std::vector<std::string> ids;
    for (int page = 0; page < 50; ++page) {
      v1::ListVolunteersResponse response;
      status = Call(&Stub::ListVolunteers, caller, request, response);
      if (!status.ok()) return ids;
      for (const v1::Volunteer& volunteer : response.volunteers()) {
        if (!caller.IsAdmin()) {
          EXPECT_EQ(volunteer.email(), "") << "coordinators see volunteers pseudonymously";
          EXPECT_EQ(volunteer.last_name().size(), 2u);
        }
        ids.push_back(volunteer.id());
      }
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return ids;
  }
};

TEST_F(ListVolunteersTest, PagesThroughTheCoordinatorsDepartementWithFilters) {
  std::vector<std::string> lille;
  for (int i = 0; i < 5; ++i) lille.push_back(RegisterNew(absl::StrCat("l", i)).id());
  const v1::Volunteer paris = RegisterNew("p", "75056");
  // One remote-accepting, education volunteer with a language skill; one paused; one erased.
  v1::UpdateVolunteerRequest update;
  update.mutable_volunteer()->set_id(lille[1]);
  update.mutable_volunteer()->set_accepts_remote(true);
  update.mutable_volunteer()->add_domains(v1::DOMAIN_EDUCATION);
  update.mutable_volunteer()->add_skills("langue_anglais");
  for (const char* path : {"accepts_remote", "domains", "skills"}) update.mutable_update_mask()->add_paths(path);
  v1::UpdateVolunteerResponse updated;
  ASSERT_TRUE(Call(&Stub::UpdateVolunteer, Volunteer(lille[1]), update, updated).ok());
  v1::PauseVolunteerResponse paused;
  ASSERT_TRUE(Call(&Stub::PauseVolunteer, Volunteer(lille[2]), v1::PauseVolunteerRequest(), paused).ok());
  v1::DeleteVolunteerResponse deleted;
  ASSERT_TRUE(Call(&Stub::DeleteVolunteer, Volunteer(lille[4]), v1::DeleteVolunteerRequest(), deleted).ok());

  grpc::Status status;
  v1::ListVolunteersRequest request;
  request.set_page_size(2);
  std::vector<std::string> all = AllPages(Coordinator("59"), request, status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(all, std::vector<std::string>(lille.begin(), lille.begin() + 4));  // in creation order

  request.set_domain(v1::DOMAIN_EDUCATION);
  EXPECT_THAT(AllPages(Coordinator("59"), request, status), ::testing::ElementsAre(lille[1]));
  request.clear_domain();
  request.set_skill("langue_anglais");
  EXPECT_THAT(AllPages(Coordinator("59"), request, status), ::testing::ElementsAre(lille[1]));
  request.clear_skill();
  request.set_format(v1::FORMAT_REMOTE);
  EXPECT_THAT(AllPages(Coordinator("59"), request, status), ::testing::ElementsAre(lille[1]));
  request.clear_format();
  request.add_statuses(v1::VOLUNTEER_STATUS_PAUSED);
  EXPECT_THAT(AllPages(Coordinator("59"), request, status), ::testing::ElementsAre(lille[2]));
  request.clear_statuses();
  request.set_email(absl::AsciiStrToUpper(Profile("l3").email()));
  EXPECT_THAT(AllPages(Coordinator("59"), request, status), ::testing::ElementsAre(lille[3]));
  request.clear_email();

  // Admins see every département; a département filter narrows it.
  request.set_department_code("75");
  EXPECT_THAT(AllPages(Admin(), request, status), ::testing::ElementsAre(paris.id()));
}

TEST_F(ListVolunteersTest, RefusesOtherDepartementsBadFiltersAndForeignTokens) {
  RegisterNew("a");
  v1::ListVolunteersRequest request;
  request.set_department_code("75");
  v1::ListVolunteersResponse response;
  EXPECT_EQ(Call(&Stub::ListVolunteers, Coordinator("59"), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const std::vector<std::pair<std::string, std::function<void(v1::ListVolunteersRequest&)>>> bad = {
      {"department_code", [](auto& r) { r.set_department_code("99"); }},
      {"statuses", [](auto& r) { r.add_statuses(v1::VOLUNTEER_STATUS_DELETED); }},
      {"page_size", [](auto& r) { r.set_page_size(-1); }},
      {"page_token", [](auto& r) { r.set_page_token("garbage"); }},
      {"email", [](auto& r) { r.set_email("not an email"); }},
  };
  for (const auto& [field, spoil] : bad) {
    SCOPED_TRACE(field);
    v1::ListVolunteersRequest invalid;
    spoil(invalid);
    const grpc::Status status = Call(&Stub::ListVolunteers, Coordinator("59"), invalid, response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr(field));
  }
  // A token made for other filters is refused.
  RegisterNew("b");
  v1::ListVolunteersRequest first;
  first.set_page_size(1);
  ASSERT_TRUE(Call(&Stub::ListVolunteers, Coordinator("59"), first, response).ok());
  ASSERT_FALSE(response.next_page_token().empty());
  v1::ListVolunteersRequest other;
  other.set_page_token(response.next_page_token());
  other.set_skill("cuisine");
  EXPECT_EQ(Call(&Stub::ListVolunteers, Coordinator("59"), other, response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace renfort::testing
