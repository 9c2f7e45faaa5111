#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "renfort/v1/mission_service.pb.h"
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

TEST(MissionCreate, BuildsAOneOffMissionFromFlags) {
  auto request = Build<v1::CreateMissionRequest>("mission", "create",
                                                 {"--org=o-1",
                                                  "--title=Collecte nationale",
                                                  "--description=Accueil des donateurs",
                                                  "--domain=solidarity_insertion",
                                                  "--secondary-domain=education",
                                                  "--activity=collecte_alimentaire",
                                                  "--skills=logistics,driving",
                                                  "--prerequisite=Permis B",
                                                  "--prerequisite=Être à l'aise, dehors",
                                                  "--motivation-required",
                                                  "--beneficiaries=people_in_difficulty,children",
                                                  "--format=in_person",
                                                  "--address=59350,12 rue des Lilas,Entrepôt",
                                                  "--address=59009",
                                                  "--slot=2026-12-05 09:00-12:00",
                                                  "--slot=2026-12-06/14:00-18:30",
                                                  "--commitment-minutes=180",
                                                  "--commitment-period=once",
                                                  "--places=20",
                                                  "--open-to-minors"});
  const v1::Mission& mission = request.mission();
  EXPECT_EQ(mission.organisation_id(), "o-1");
  EXPECT_EQ(mission.title(), "Collecte nationale");
  EXPECT_EQ(mission.domain(), v1::DOMAIN_SOLIDARITY_INSERTION);
  EXPECT_EQ(mission.secondary_domain(), v1::DOMAIN_EDUCATION);
  EXPECT_THAT(mission.required_skills(), ElementsAre("logistics", "driving"));
  EXPECT_THAT(mission.prerequisites(), ElementsAre("Permis B", "Être à l'aise, dehors"));
  EXPECT_TRUE(mission.motivation_required());
  EXPECT_THAT(mission.beneficiaries(),
              ElementsAre(v1::BENEFICIARY_PEOPLE_IN_DIFFICULTY, v1::BENEFICIARY_CHILDREN));
  EXPECT_EQ(mission.format(), v1::FORMAT_IN_PERSON);
  ASSERT_EQ(mission.addresses_size(), 2);
  EXPECT_EQ(mission.addresses(0).commune().insee_code(), "59350");
  EXPECT_EQ(mission.addresses(0).street(), "12 rue des Lilas");
  EXPECT_EQ(mission.addresses(0).label(), "Entrepôt");
  EXPECT_EQ(mission.addresses(1).commune().insee_code(), "59009");
  EXPECT_EQ(mission.schedule().kind(), v1::SCHEDULE_KIND_ONE_OFF);
  ASSERT_EQ(mission.schedule().dated_slots_size(), 2);
  EXPECT_EQ(mission.schedule().dated_slots(1).date().day(), 6);
  EXPECT_EQ(mission.schedule().dated_slots(1).start_minute(), 14 * 60);
  EXPECT_EQ(mission.schedule().dated_slots(1).end_minute(), 18 * 60 + 30);
  EXPECT_EQ(mission.commitment().duration_minutes(), 180);
  EXPECT_EQ(mission.commitment().period(), v1::COMMITMENT_PERIOD_ONCE);
  EXPECT_EQ(mission.places(), 20);
  EXPECT_TRUE(mission.open_to_minors());
}

TEST(MissionCreate, BuildsARecurringScheduleFromWeeklySlots) {
  auto request = Build<v1::CreateMissionRequest>(
      "mission", "create",
      {"--org=o-1", "--title=Soutien scolaire", "--weekly=mercredi 14:00-16:00",
       "--weekly=sat 09:30-11:00", "--from=2026-09-02", "--until=2027-06-30"});
  const v1::Schedule& schedule = request.mission().schedule();
  EXPECT_EQ(schedule.kind(), v1::SCHEDULE_KIND_RECURRING);
  ASSERT_EQ(schedule.weekly_slots_size(), 2);
  EXPECT_EQ(schedule.weekly_slots(0).weekday(), v1::WEEKDAY_WEDNESDAY);
  EXPECT_EQ(schedule.weekly_slots(1).weekday(), v1::WEEKDAY_SATURDAY);
  EXPECT_EQ(schedule.weekly_slots(1).start_minute(), 570);
  EXPECT_EQ(schedule.date_range().start_date().month(), 9);
  EXPECT_EQ(schedule.date_range().end_date().year(), 2027);
}

TEST(MissionCreate, ReadsAJsonFile) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "renfortctl_mission_test.json").string();
  std::ofstream(path)
      << R"({"organisationId": "o-7", "title": "Maraude du soir", "format": "FORMAT_REMOTE",
      "schedule": {"kind": "SCHEDULE_KIND_RECURRING", "weeklySlots": [{"weekday": "WEEKDAY_MONDAY",
      "startMinute": 1200, "endMinute": 1320}], "dateRange": {"startDate": {"year": 2026, "month": 12, "day": 7}}},
      "places": 4})";
  auto request =
      Build<v1::CreateMissionRequest>("mission", "create", {"--file", path, "--places=6"});
  EXPECT_EQ(request.mission().organisation_id(), "o-7");
  EXPECT_EQ(request.mission().format(), v1::FORMAT_REMOTE);
  EXPECT_EQ(request.mission().schedule().weekly_slots(0).start_minute(), 1200);
  EXPECT_EQ(request.mission().places(), 6);
  std::filesystem::remove(path);
  EXPECT_THAT(BuildError("mission", "create", {"--file", path}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--file: cannot read")));
}

TEST(MissionCreate, TheDocumentedExampleFilesAreValid) {
  auto mission = Build<v1::CreateMissionRequest>(
      "mission", "create", {std::string("--file=") + RENFORTCTL_EXAMPLES_DIR + "/mission.json"});
  EXPECT_EQ(mission.mission().schedule().dated_slots_size(), 2);
  EXPECT_EQ(mission.mission().addresses(0).commune().insee_code(), "59350");
  auto organisation = Build<v1::CreateOrganisationRequest>(
      "org", "create", {std::string("--file=") + RENFORTCTL_EXAMPLES_DIR + "/organisation.json"});
  EXPECT_EQ(organisation.organisation().managers_size(), 1);
}

TEST(MissionCreate, NamesTheBadFlag) {
  EXPECT_THAT(BuildError("mission", "create", {"--title=Collecte"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--org is required")));
  EXPECT_THAT(
      BuildError("mission", "create", {"--org=o", "--title=T", "--slot=samedi matin"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--slot: expected a slot such as")));
  EXPECT_THAT(
      BuildError("mission", "create", {"--org=o", "--title=T", "--weekly=wed 14:00-16:00"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--from is required with --weekly")));
  EXPECT_THAT(
      BuildError("mission", "create",
                 {"--org=o", "--title=T", "--weekly=wed 14h-16h", "--from=2026-09-02"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--weekly: expected HH:MM-HH:MM")));
  EXPECT_THAT(BuildError("mission", "create",
                         {"--org=o", "--title=T", "--weekly=wed 14:00-16:00",
                          "--slot=2026-12-05 09:00-12:00"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--slot: and --weekly cannot be mixed")));
  EXPECT_THAT(
      BuildError("mission", "create", {"--org=o", "--places=vingt"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--places: expected an integer")));
  EXPECT_THAT(BuildError("mission", "create", {"--org=o", "--format=online"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("--format: expected one of in_person, remote, hybrid")));
}

TEST(MissionUpdate, TheFlagsGivenMakeTheUpdateMask) {
  auto request = Build<v1::UpdateMissionRequest>(
      "mission", "update",
      {"--id=m-1", "--places=30", "--title=Nouveau titre", "--slot=2026-12-12 09:00-12:00"});
  EXPECT_EQ(request.mission().id(), "m-1");
  EXPECT_EQ(request.mission().places(), 30);
  EXPECT_THAT(request.update_mask().paths(), ElementsAre("title", "schedule", "places"));
  EXPECT_THAT(BuildError("mission", "update", {"--id=m-1"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("nothing to change")));
  EXPECT_THAT(BuildError("mission", "update", {"--places=3"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--id is required")));
}

TEST(MissionSearch, MapsEveryFilter) {
  auto request = Build<v1::SearchMissionsRequest>(
      "mission", "search",
      {"--query=aide alimentaire", "--domain=solidarity_insertion,health",
       "--format=in_person,hybrid", "--dept=59", "--near=50.6292,3.0573", "--radius=12.5",
       "--from=2026-12-01", "--until=2026-12-31", "--places-left", "--age=17", "--order=distance",
       "--page-size=10", "--page-token=p2"});
  EXPECT_EQ(request.query(), "aide alimentaire");
  EXPECT_THAT(request.domains(), ElementsAre(v1::DOMAIN_SOLIDARITY_INSERTION, v1::DOMAIN_HEALTH));
  EXPECT_THAT(request.formats(), ElementsAre(v1::FORMAT_IN_PERSON, v1::FORMAT_HYBRID));
  EXPECT_EQ(request.department_code(), "59");
  EXPECT_DOUBLE_EQ(request.near().latitude(), 50.6292);
  EXPECT_DOUBLE_EQ(request.near().longitude(), 3.0573);
  EXPECT_DOUBLE_EQ(request.radius_km(), 12.5);
  EXPECT_EQ(request.date_window().start_date().day(), 1);
  EXPECT_EQ(request.date_window().end_date().day(), 31);
  EXPECT_TRUE(request.only_with_places_left());
  EXPECT_EQ(request.volunteer_age(), 17);
  EXPECT_EQ(request.order(), v1::MISSION_SEARCH_ORDER_DISTANCE);
  EXPECT_EQ(request.page_size(), 10);
  EXPECT_EQ(request.page_token(), "p2");
}

TEST(MissionSearch, RefusesOrdersAndRadiusWithoutWhatTheyNeed) {
  EXPECT_THAT(BuildError("mission", "search", {"--radius=5"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--radius: needs --near")));
  EXPECT_THAT(
      BuildError("mission", "search", {"--order=distance"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--order: distance needs --near")));
  EXPECT_THAT(
      BuildError("mission", "search", {"--order=relevance"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--order: relevance needs --query")));
  EXPECT_THAT(BuildError("mission", "search", {"--near=Lille"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--near: expected LAT,LON")));
}

TEST(MissionStatusChanges, CarryTheIdAndReason) {
  EXPECT_EQ(Build<v1::SubmitMissionRequest>("mission", "submit", {"--id=m-1"}).mission_id(), "m-1");
  EXPECT_EQ(Build<v1::PublishMissionRequest>("mission", "publish", {"--id=m-1"}).mission_id(),
            "m-1");
  EXPECT_EQ(
      Build<v1::PauseMissionRequest>("mission", "pause", {"--id=m-1", "--reason=travaux"}).reason(),
      "travaux");
  EXPECT_EQ(Build<v1::CloseMissionRequest>("mission", "close", {"--id=m-1"}).reason(), "");
  EXPECT_EQ(
      Build<v1::CancelMissionRequest>("mission", "cancel", {"--id=m-1", "--reason=météo"}).reason(),
      "météo");
  EXPECT_THAT(BuildError("mission", "cancel", {"--id=m-1"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--reason is required")));
  EXPECT_THAT(BuildError("mission", "publish", {"--id=m-1", "--reason=x"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--reason: unknown flag")));
  auto review = Build<v1::ReviewMissionRequest>(
      "mission", "review",
      {"--id=m-1", "--decision=request_changes", "--reason=Précisez l'adresse"});
  EXPECT_EQ(review.decision(), v1::MISSION_REVIEW_DECISION_REQUEST_CHANGES);
  EXPECT_THAT(BuildError("mission", "review", {"--id=m-1", "--decision=refuse"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--reason is required")));
  EXPECT_EQ(Build<v1::GetMissionRequest>("mission", "get", {"--id=m-9"}).mission_id(), "m-9");
  auto list = Build<v1::ListMissionsRequest>(
      "mission", "list", {"--org=o-1", "--status=draft,published", "--dept=2A"});
  EXPECT_THAT(list.statuses(), ElementsAre(v1::MISSION_STATUS_DRAFT, v1::MISSION_STATUS_PUBLISHED));
  EXPECT_EQ(list.department_code(), "2A");
}

v1::Mission Sample() {
  v1::Mission mission;
  mission.set_id("m-1");
  mission.set_title("Épicerie solidaire : accueil");
  mission.set_organisation_id("o-1");
  mission.set_organisation_name("Secours de Lille");
  mission.set_status(v1::MISSION_STATUS_PUBLISHED);
  mission.set_domain(v1::DOMAIN_SOLIDARITY_INSERTION);
  mission.set_format(v1::FORMAT_IN_PERSON);
  mission.set_department_code("59");
  mission.add_addresses()->mutable_commune()->set_name("Lille");
  mission.mutable_schedule()->set_kind(v1::SCHEDULE_KIND_ONE_OFF);
  v1::DatedSlot* slot = mission.mutable_schedule()->add_dated_slots();
  slot->mutable_date()->set_year(2026);
  slot->mutable_date()->set_month(12);
  slot->mutable_date()->set_day(5);
  slot->set_start_minute(540);
  slot->set_end_minute(720);
  *mission.mutable_start_date() = slot->date();
  *mission.mutable_end_date() = slot->date();
  mission.set_places(10);
  mission.set_places_held(3);
  mission.set_waitlist_size(1);
  return mission;
}

TEST(MissionGet, PrintsTheMissionAsFields) {
  v1::GetMissionResponse response;
  *response.mutable_mission() = Sample();
  const std::string text = Format("mission", "get", response);
  EXPECT_THAT(text, HasSubstr("title           Épicerie solidaire : accueil\n"));
  EXPECT_THAT(text, HasSubstr("organisation    Secours de Lille (o-1)\n"));
  EXPECT_THAT(text, HasSubstr("schedule        2026-12-05 09:00-12:00\n"));
  EXPECT_THAT(text, HasSubstr("places          3/10 held, 1 waitlisted\n"));
  EXPECT_THAT(Format("mission", "get", response, {"--json"}), HasSubstr("\"placesHeld\": 3"));
}

TEST(MissionSearch, PrintsResultsWithTheirDistance) {
  v1::SearchMissionsResponse response;
  v1::MissionSearchResult* near = response.add_results();
  *near->mutable_mission() = Sample();
  near->set_distance_km(2.345);
  v1::MissionSearchResult* remote = response.add_results();
  *remote->mutable_mission() = Sample();
  remote->mutable_mission()->set_id("m-2");
  remote->mutable_mission()->set_format(v1::FORMAT_REMOTE);
  remote->mutable_mission()->clear_addresses();
  EXPECT_EQ(Format("mission", "search", response),
            "ID   TITLE                         ORGANISATION      DOMAIN                FORMAT     "
            "WHERE   KM   DATES       PLACES\n"
            "m-1  Épicerie solidaire : accueil  Secours de Lille  solidarity_insertion  in_person  "
            "Lille   2.3  2026-12-05  3/10\n"
            "m-2  Épicerie solidaire : accueil  Secours de Lille  solidarity_insertion  remote     "
            "remote       2026-12-05  3/10\n");
}

TEST(MissionList, PrintsATable) {
  v1::ListMissionsResponse response;
  *response.add_missions() = Sample();
  EXPECT_THAT(Format("mission", "list", response),
              HasSubstr("m-1  Épicerie solidaire : accueil  published  solidarity_insertion  "
                        "in_person  Lille  2026-12-05  3/10\n"));
}

}  // namespace
}  // namespace renfort::ctl
