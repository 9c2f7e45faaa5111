// SearchMissions over real gRPC and PostgreSQL: French full-text search with accents and
// plurals folded, remote missions found from anywhere and in-person ones only within the
// radius, the filters, the three orders, and keyset paging without duplicates or gaps.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "tests/integration/missions/mission_fixture.h"
#include "tests/support/status_matchers.h"

namespace renfort::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;
using Stub = v1::MissionService::Stub;

class MissionSearchTest : public MissionServiceTest {
 protected:
  void SetUp() override {
    MissionServiceTest::SetUp();
    organisation_id_ = CreateValidatedOrganisation();
  }

  // A published mission in `insee` (or remote when empty) on 2099-06-`day`.
  std::string Publish(const std::string& title, const std::string& insee, int day = 6,
                      const std::string& description = "Une mission utile.") {
    v1::Mission mission = ParisMission(organisation_id_, title);
    mission.set_description(description);
    if (insee.empty()) {
      mission.set_format(v1::FORMAT_REMOTE);
      mission.clear_addresses();
    } else {
      mission.mutable_addresses(0)->mutable_commune()->set_insee_code(insee);
    }
    mission.mutable_schedule()->mutable_dated_slots(0)->mutable_date()->set_day(day);
    return CreatePublishedMission(mission).id();
  }

  absl::Status Search(const v1::SearchMissionsRequest& request,
                      v1::SearchMissionsResponse& response) {
    return Call(&Stub::SearchMissions, Volunteer(), request, response);
  }

  std::vector<std::string> Titles(const v1::SearchMissionsRequest& request) {
    v1::SearchMissionsResponse response;
    EXPECT_OK(Search(request, response));
    std::vector<std::string> titles;
    for (const auto& result : response.results()) titles.push_back(result.mission().title());
    return titles;
  }

  // Every id of every page, following next_page_token.
  std::vector<std::string> AllPages(v1::SearchMissionsRequest request) {
    std::vector<std::string> ids;
    for (int page = 0; page < 100; ++page) {
      v1::SearchMissionsResponse response;
      EXPECT_OK(Search(request, response));
      for (const auto& result : response.results()) ids.push_back(result.mission().id());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return ids;
  }

  std::string organisation_id_;
};

TEST_F(MissionSearchTest, Query_FoldsAccentsCaseAndHyphens) {
  Publish("Bénévolat auprès des sans-abri", "75056");
  Publish("Atelier de couture", "75056");
  v1::SearchMissionsRequest request;
  request.set_query("benevolat aupres des sans abri");
  EXPECT_THAT(Titles(request), ElementsAre("Bénévolat auprès des sans-abri"));
  request.set_query("BÉNÉVOLAT");
  EXPECT_THAT(Titles(request), ElementsAre("Bénévolat auprès des sans-abri"));
}

TEST_F(MissionSearchTest, Query_StemsFrenchPluralsAndSearchesTheDescription) {
  Publish("Aide aux devoirs", "75056", 6, "Accompagner un élève de collège en mathématiques.");
  Publish("Collecte de jouets", "75056");
  v1::SearchMissionsRequest request;
  request.set_query("eleves mathematique");
  EXPECT_THAT(Titles(request), ElementsAre("Aide aux devoirs"));
  request.set_query("jouet");
  EXPECT_THAT(Titles(request), ElementsAre("Collecte de jouets"));
}

TEST_F(MissionSearchTest, Query_RanksTitleMatchesFirstAndIgnoresUnpublishedMissions) {
  Publish("Maraude du soir", "75056", 6, "Distribution de repas chauds.");
  Publish("Distribution de repas", "75056", 6, "Une maraude de temps en temps.");
  CreateMission(ParisMission(organisation_id_, "Maraude en brouillon"));
  v1::SearchMissionsRequest request;
  request.set_query("maraude");
  EXPECT_THAT(Titles(request), ElementsAre("Maraude du soir", "Distribution de repas"));
}

TEST_F(MissionSearchTest, Near_FindsRemoteMissionsFromAnywhereAndInPersonOnesWithinTheRadius) {
  Publish("Mission à Paris", "75056");
  const std::string lyon = Publish("Mission à Lyon", "69123");
  Publish("Mission à Villeurbanne", "69266");
  Publish("Mission à distance", "");
  v1::SearchMissionsRequest request;
  request.mutable_near()->set_latitude(45.758);
  request.mutable_near()->set_longitude(4.835);
  request.set_radius_km(10);
  request.set_order(v1::MISSION_SEARCH_ORDER_DISTANCE);
  v1::SearchMissionsResponse response;
  ASSERT_OK(Search(request, response));
  ASSERT_EQ(response.results_size(), 3);
  EXPECT_EQ(response.results(0).mission().id(), lyon);
  EXPECT_LT(response.results(0).distance_km(), 1.0);
  EXPECT_EQ(response.results(1).mission().title(), "Mission à Villeurbanne");
  EXPECT_GT(response.results(1).distance_km(), response.results(0).distance_km());
  EXPECT_EQ(response.results(2).mission().title(), "Mission à distance");
  EXPECT_FALSE(response.results(2).has_distance_km());

  request.clear_order();
  request.add_formats(v1::FORMAT_IN_PERSON);
  EXPECT_THAT(Titles(request), UnorderedElementsAre("Mission à Lyon", "Mission à Villeurbanne"));
  // Paris is 392 km from Lyon: beyond the largest radius.
  request.set_radius_km(200);
  EXPECT_THAT(Titles(request), UnorderedElementsAre("Mission à Lyon", "Mission à Villeurbanne"));
}

TEST_F(MissionSearchTest, OnlyWithPlacesLeft_DropsAFullMission) {
  v1::Mission one_place = ParisMission(organisation_id_, "Une seule place");
  one_place.set_places(1);
  const std::string id = CreatePublishedMission(one_place).id();
  Publish("Beaucoup de places", "75056");
  v1::SearchMissionsRequest request;
  request.set_only_with_places_left(true);
  EXPECT_THAT(Titles(request), UnorderedElementsAre("Une seule place", "Beaucoup de places"));
  AddParticipation(id, "PENDING");
  EXPECT_THAT(Titles(request), ElementsAre("Beaucoup de places"));
  request.set_only_with_places_left(false);
  EXPECT_EQ(Titles(request).size(), 2u);
}

TEST_F(MissionSearchTest, Filters_DomainsDepartementMinorsAndPausedMissions) {
  v1::Mission sport = ParisMission(organisation_id_, "Tournoi de football");
  sport.set_domain(v1::DOMAIN_SPORT);
  sport.clear_activity();
  sport.set_secondary_domain(v1::DOMAIN_EDUCATION);
  sport.set_open_to_minors(true);
  CreatePublishedMission(sport);
  Publish("Collecte à Lyon", "69123");
  const std::string paused = Publish("Mission en pause", "75056");
  v1::PauseMissionRequest pause;
  pause.set_mission_id(paused);
  v1::PauseMissionResponse paused_response;
  ASSERT_OK(Call(&Stub::PauseMission, Manager(organisation_id_), pause, paused_response));

  v1::SearchMissionsRequest by_domain;
  by_domain.add_domains(v1::DOMAIN_EDUCATION);
  EXPECT_THAT(Titles(by_domain), ElementsAre("Tournoi de football"));
  v1::SearchMissionsRequest by_department;
  by_department.set_department_code("69");
  EXPECT_THAT(Titles(by_department), ElementsAre("Collecte à Lyon"));
  v1::SearchMissionsRequest minor;
  minor.set_volunteer_age(16);
  EXPECT_THAT(Titles(minor), ElementsAre("Tournoi de football"));
  minor.set_volunteer_age(18);
  EXPECT_EQ(Titles(minor).size(), 2u);
}

TEST_F(MissionSearchTest, DateWindow_KeepsMissionsWithADateInsideIt) {
  Publish("Le 3 juin", "75056", 3);
  Publish("Le 20 juin", "75056", 20);
  v1::Mission recurring = ParisMission(organisation_id_, "Tous les mercredis de juillet");
  v1::Schedule& schedule = *recurring.mutable_schedule();
  schedule.Clear();
  schedule.set_kind(v1::SCHEDULE_KIND_RECURRING);
  v1::WeeklySlot* slot = schedule.add_weekly_slots();
  slot->set_weekday(v1::WEEKDAY_WEDNESDAY);
  slot->set_start_minute(600);
  slot->set_end_minute(700);
  auto set_date = [](v1::Date* date, int month, int day) {
    date->set_year(2099);
    date->set_month(month);
    date->set_day(day);
  };
  set_date(schedule.mutable_date_range()->mutable_start_date(), 7, 1);
  set_date(schedule.mutable_date_range()->mutable_end_date(), 7, 31);
  CreatePublishedMission(recurring);

  v1::SearchMissionsRequest request;
  set_date(request.mutable_date_window()->mutable_start_date(), 6, 1);
  set_date(request.mutable_date_window()->mutable_end_date(), 6, 10);
  EXPECT_THAT(Titles(request), ElementsAre("Le 3 juin"));
  // 2099-07-02 is a Thursday, 07-07 a Tuesday: no Wednesday in between.
  set_date(request.mutable_date_window()->mutable_start_date(), 7, 2);
  set_date(request.mutable_date_window()->mutable_end_date(), 7, 7);
  EXPECT_THAT(Titles(request), ElementsAre());
  set_date(request.mutable_date_window()->mutable_end_date(), 7, 8);
  EXPECT_THAT(Titles(request), ElementsAre("Tous les mercredis de juillet"));
  request.mutable_date_window()->clear_end_date();
  set_date(request.mutable_date_window()->mutable_start_date(), 6, 15);
  EXPECT_THAT(Titles(request), UnorderedElementsAre("Le 20 juin", "Tous les mercredis de juillet"));
}

TEST_F(MissionSearchTest, StartDateOrder_SoonestFirst) {
  Publish("Le 20 juin", "75056", 20);
  Publish("Le 3 juin", "75056", 3);
  Publish("Le 11 juin", "75056", 11);
  v1::SearchMissionsRequest request;
  EXPECT_THAT(Titles(request), ElementsAre("Le 3 juin", "Le 11 juin", "Le 20 juin"));
}

TEST_F(MissionSearchTest, Paging_VisitsEveryMissionOnceEvenWithTiedKeys) {
  std::set<std::string> published;
  for (int i = 0; i < 13; ++i) {
    published.insert(Publish(absl::StrCat("Collecte numéro ", i), "75056", 6 + i % 2));
  }
  for (v1::MissionSearchOrder order :
       {v1::MISSION_SEARCH_ORDER_START_DATE, v1::MISSION_SEARCH_ORDER_RELEVANCE,
        v1::MISSION_SEARCH_ORDER_DISTANCE}) {
    v1::SearchMissionsRequest request;
    request.set_page_size(4);
    request.set_order(order);
    request.set_query("collecte");
    request.mutable_near()->set_latitude(48.85);
    request.mutable_near()->set_longitude(2.35);
    const std::vector<std::string> first = AllPages(request);
    EXPECT_EQ(first.size(), 13u) << order;
    EXPECT_EQ(std::set<std::string>(first.begin(), first.end()), published) << order;
    EXPECT_EQ(AllPages(request), first) << "not deterministic for order " << order;
  }
}

TEST_F(MissionSearchTest, RefusesBadRequestsNamingTheField) {
  struct Case {
    std::function<void(v1::SearchMissionsRequest&)> breaks;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](auto& r) { r.set_page_size(501); }, "page_size"},
      {[](auto& r) { r.set_query(std::string(201, 'a')); }, "query"},
      {[](auto& r) { r.add_domains(static_cast<v1::Domain>(12)); }, "domains[0]"},
      {[](auto& r) { r.add_formats(v1::FORMAT_UNSPECIFIED); }, "formats[0]"},
      {[](auto& r) { r.mutable_near()->set_latitude(91); }, "near.latitude"},
      {[](auto& r) {
         r.mutable_near();
         r.set_radius_km(201);
       },
       "radius_km"},
      {[](auto& r) { r.set_volunteer_age(15); }, "volunteer_age"},
      {[](auto& r) { r.set_order(v1::MISSION_SEARCH_ORDER_RELEVANCE); }, "order"},
      {[](auto& r) { r.set_order(v1::MISSION_SEARCH_ORDER_DISTANCE); }, "order"},
      {[](auto& r) { r.mutable_date_window()->mutable_start_date()->set_year(2099); },
       "date_window.start_date"},
      {[](auto& r) { r.set_page_token("bm90IGEgdG9rZW4"); }, "page_token"},
  };
  for (const Case& c : cases) {
    v1::SearchMissionsRequest request;
    c.breaks(request);
    v1::SearchMissionsResponse response;
    EXPECT_THAT(Search(request, response),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.field)))
        << c.field;
  }
}

TEST_F(MissionSearchTest, PageToken_IsRefusedWithOtherFilters) {
  for (int i = 0; i < 3; ++i) Publish(absl::StrCat("Mission ", i), "75056");
  v1::SearchMissionsRequest request;
  request.set_page_size(1);
  v1::SearchMissionsResponse response;
  ASSERT_OK(Search(request, response));
  ASSERT_FALSE(response.next_page_token().empty());
  request.set_page_token(response.next_page_token());
  request.set_department_code("69");
  EXPECT_THAT(Search(request, response),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

}  // namespace
}  // namespace renfort::testing
