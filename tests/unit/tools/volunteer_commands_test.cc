#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "renfort/v1/volunteer_service.pb.h"
#include "tests/support/status_matchers.h"
#include "tests/unit/tools/command_test_util.h"

namespace renfort::ctl {
namespace {

using ::renfort::ctl::testing::Build;
using ::renfort::ctl::testing::BuildError;
using ::renfort::ctl::testing::Format;
using ::renfort::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(VolunteerRegister, BuildsTheProfileAndAvailability) {
  auto request = Build<v1::RegisterVolunteerRequest>(
      "volunteer", "register",
      {"--first-name=Camille", "--last-name=Durand-Hélie", "--email=camille@example.org",
       "--phone=+262692123456", "--birth-date=1990-04-12", "--commune=97411", "--max-travel-km=15",
       "--remote", "--domains=education,health", "--skills=first_aid", "--weekly=sat 09:00-12:00",
       "--from=2026-12-01", "--accept-terms"});
  const v1::Volunteer& volunteer = request.volunteer();
  EXPECT_TRUE(request.accept_terms());
  EXPECT_EQ(volunteer.last_name(), "Durand-Hélie");
  EXPECT_EQ(volunteer.birth_date().year(), 1990);
  EXPECT_EQ(volunteer.home_commune().insee_code(), "97411");
  EXPECT_EQ(volunteer.max_travel_km(), 15);
  EXPECT_TRUE(volunteer.accepts_remote());
  EXPECT_FALSE(volunteer.accepts_in_person());
  EXPECT_THAT(volunteer.domains(), ElementsAre(v1::DOMAIN_EDUCATION, v1::DOMAIN_HEALTH));
  EXPECT_THAT(volunteer.skills(), ElementsAre("first_aid"));
  ASSERT_EQ(volunteer.availability().weekly_slots_size(), 1);
  EXPECT_EQ(volunteer.availability().weekly_slots(0).weekday(), v1::WEEKDAY_SATURDAY);
  EXPECT_EQ(volunteer.availability().date_range().start_date().month(), 12);
}

TEST(VolunteerRegister, AcceptsInPersonMissionsUnlessToldAndNeedsTheTerms) {
  auto request = Build<v1::RegisterVolunteerRequest>("volunteer", "register",
                                                     {"--email=a@b.fr", "--accept-terms"});
  EXPECT_TRUE(request.volunteer().accepts_in_person());
  EXPECT_THAT(
      BuildError("volunteer", "register", {"--email=a@b.fr"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--accept-terms is required")));
  EXPECT_THAT(BuildError("volunteer", "register", {"--birth-date=12/04/1990", "--accept-terms"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--birth-date: expected a date YYYY-MM-DD")));
  EXPECT_THAT(
      BuildError("volunteer", "register", {"--domains=knitting", "--accept-terms"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--domains: expected one of")));
}

TEST(VolunteerUpdate, TheFlagsGivenMakeTheUpdateMask) {
  auto request = Build<v1::UpdateVolunteerRequest>(
      "volunteer", "update",
      {"--id=v-1", "--email=new@example.org", "--in-person=false", "--skills=cooking"});
  EXPECT_EQ(request.volunteer().id(), "v-1");
  EXPECT_FALSE(request.volunteer().accepts_in_person());
  EXPECT_THAT(request.update_mask().paths(), ElementsAre("email", "accepts_in_person", "skills"));
  EXPECT_THAT(BuildError("volunteer", "update", {"--id=v-1"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("nothing to change")));
  EXPECT_THAT(BuildError("volunteer", "update", {"--weekly=sat 09:00-12:00"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--weekly: unknown flag")));
}

TEST(VolunteerAvailability, ReplacesSlotsAndRange) {
  auto request = Build<v1::SetAvailabilityRequest>(
      "volunteer", "availability",
      {"--weekly=lundi 18:00-20:00", "--weekly=sun 10:00-24:00", "--until=2027-06-30"});
  EXPECT_EQ(request.volunteer_id(), "");
  ASSERT_EQ(request.availability().weekly_slots_size(), 2);
  EXPECT_EQ(request.availability().weekly_slots(1).end_minute(), 1440);
  EXPECT_FALSE(request.availability().date_range().has_start_date());
  EXPECT_EQ(request.availability().date_range().end_date().day(), 30);
  EXPECT_THAT(
      BuildError("volunteer", "availability", {"--weekly=someday 10:00-11:00"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--weekly: expected a weekly slot")));
}

TEST(VolunteerPause, PausesUntilADateOrResumes) {
  auto pause = Build<v1::PauseVolunteerRequest>("volunteer", "pause", {"--until=2027-01-31"});
  EXPECT_EQ(pause.until().month(), 1);
  EXPECT_FALSE(pause.resume());
  EXPECT_TRUE(
      Build<v1::PauseVolunteerRequest>("volunteer", "pause", {"--id=v-1", "--resume"}).resume());
  EXPECT_THAT(BuildError("volunteer", "pause", {"--resume", "--until=2027-01-31"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--until: cannot be given with --resume")));
}

TEST(VolunteerList, MapsFilters) {
  auto request =
      Build<v1::ListVolunteersRequest>("volunteer", "list",
                                       {"--dept=59", "--status=active,paused", "--domain=sport",
                                        "--skill=driving", "--email=A@B.fr", "--page-size=100"});
  EXPECT_EQ(request.department_code(), "59");
  EXPECT_THAT(request.statuses(),
              ElementsAre(v1::VOLUNTEER_STATUS_ACTIVE, v1::VOLUNTEER_STATUS_PAUSED));
  EXPECT_EQ(request.domain(), v1::DOMAIN_SPORT);
  EXPECT_EQ(request.skill(), "driving");
  EXPECT_EQ(request.email(), "A@B.fr");
  EXPECT_EQ(request.page_size(), 100);
}

TEST(VolunteerDelete, NeedsConfirmation) {
  EXPECT_THAT(BuildError("volunteer", "delete", {"--id=v-1"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--yes is required")));
  EXPECT_EQ(Build<v1::DeleteVolunteerRequest>("volunteer", "delete", {"--id=v-1", "--yes"})
                .volunteer_id(),
            "v-1");
}

TEST(VolunteerSelfCommands, DefaultToTheCaller) {
  EXPECT_EQ(Build<v1::GetVolunteerRequest>("volunteer", "get", {}).volunteer_id(), "");
  EXPECT_EQ(
      Build<v1::ExportVolunteerDataRequest>("volunteer", "export", {"--id=v-2"}).volunteer_id(),
      "v-2");
  EXPECT_EQ(Build<v1::GetCalendarRequest>("volunteer", "calendar", {}).volunteer_id(), "");
  EXPECT_EQ(Build<v1::ListNotificationsRequest>("volunteer", "notifications", {"--page-size=5"})
                .page_size(),
            5);
}

v1::Volunteer Sample() {
  v1::Volunteer volunteer;
  volunteer.set_id("v-1");
  volunteer.set_first_name("Zoé");
  volunteer.set_last_name("Lefèvre");
  volunteer.set_email("zoe@example.org");
  volunteer.set_status(v1::VOLUNTEER_STATUS_ACTIVE);
  volunteer.mutable_home_commune()->set_insee_code("59350");
  volunteer.mutable_home_commune()->set_name("Lille");
  volunteer.mutable_home_commune()->set_department_code("59");
  volunteer.set_accepts_in_person(true);
  volunteer.set_accepts_remote(true);
  volunteer.add_domains(v1::DOMAIN_EDUCATION);
  v1::WeeklySlot* slot = volunteer.mutable_availability()->add_weekly_slots();
  slot->set_weekday(v1::WEEKDAY_SATURDAY);
  slot->set_start_minute(540);
  slot->set_end_minute(720);
  return volunteer;
}

TEST(VolunteerGet, PrintsTheProfile) {
  v1::GetVolunteerResponse response;
  *response.mutable_volunteer() = Sample();
  const std::string text = Format("volunteer", "get", response);
  EXPECT_THAT(text, HasSubstr("name          Zoé Lefèvre\n"));
  EXPECT_THAT(text, HasSubstr("home          Lille (59350)\n"));
  EXPECT_THAT(text, HasSubstr("accepts       in_person,remote\n"));
  EXPECT_THAT(text, HasSubstr("availability  sat 09:00-12:00\n"));
}

TEST(VolunteerList, PrintsATable) {
  v1::ListVolunteersResponse response;
  *response.add_volunteers() = Sample();
  EXPECT_EQ(
      Format("volunteer", "list", response),
      "ID   NAME         EMAIL            HOME   DEPT  STATUS  ACCEPTS           DOMAINS\n"
      "v-1  Zoé Lefèvre  zoe@example.org  Lille  59    active  in_person,remote  education\n");
}

TEST(VolunteerExport, PrintsTheWholeDocumentAsJson) {
  v1::ExportVolunteerDataResponse response;
  *response.mutable_volunteer() = Sample();
  response.add_participations()->set_id("p-1");
  const std::string text = Format("volunteer", "export", response);
  EXPECT_THAT(text, StartsWith("{\n"));
  EXPECT_THAT(text, HasSubstr("\"firstName\": \"Zoé\""));
  EXPECT_THAT(text, HasSubstr("\"id\": \"p-1\""));
}

TEST(VolunteerCalendar, PrintsTheFeedAsIs) {
  v1::GetCalendarResponse response;
  response.set_icalendar("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
  EXPECT_EQ(Format("volunteer", "calendar", response), "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
}

TEST(VolunteerDelete, PrintsTheReceipt) {
  v1::DeleteVolunteerResponse response;
  response.set_volunteer_id("v-1");
  response.set_cancelled_participation_count(2);
  EXPECT_THAT(Format("volunteer", "delete", response), HasSubstr("participations cancelled   2\n"));
}

TEST(VolunteerNotifications, PrintsTheInbox) {
  v1::ListNotificationsResponse response;
  v1::Notification* notification = response.add_notifications();
  notification->set_type(v1::NOTIFICATION_TYPE_INVITATION_RECEIVED);
  notification->set_title("Vous êtes invité·e à la mission « Collecte »");
  notification->mutable_create_time()->set_seconds(1796112000);
  notification->set_mission_id("m-1");
  EXPECT_EQ(Format("volunteer", "notifications", response),
            "TIME               TYPE                 TITLE                                         "
            "MISSION\n"
            "2026-12-01 08:00Z  invitation_received  Vous êtes invité·e à la mission « Collecte »  "
            "m-1\n");
}

TEST(VolunteerNotifications, NamesAnOrganisationsOrADepartementsInbox) {
  const auto organisation =
      Build<v1::ListNotificationsRequest>("volunteer", "notifications", {"--org=o-1"});
  EXPECT_EQ(organisation.organisation_id(), "o-1");
  EXPECT_EQ(organisation.volunteer_id(), "");
  EXPECT_EQ(organisation.department_code(), "");
  const auto department =
      Build<v1::ListNotificationsRequest>("volunteer", "notifications", {"--dept=2A"});
  EXPECT_EQ(department.department_code(), "2A");
  EXPECT_EQ(department.organisation_id(), "");
}

}  // namespace
}  // namespace renfort::ctl
