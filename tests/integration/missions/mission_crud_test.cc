// CreateMission, GetMission, UpdateMission and ListMissions over real gRPC and PostgreSQL:
// derived fields, every validation rule (the message names the field), access rules, and that a
// refused call leaves nothing behind.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "absl/strings/str_cat.h"
#include "tests/integration/missions/mission_fixture.h"
#include "tests/support/status_matchers.h"

namespace renfort::testing {
namespace {

using ::testing::HasSubstr;
using Stub = v1::MissionService::Stub;

class MissionCrudTest : public MissionServiceTest {
 protected:
  void SetUp() override {
    MissionServiceTest::SetUp();
    organisation_id_ = CreateValidatedOrganisation();
  }

  absl::Status Create(const services::Caller& caller, const v1::Mission& mission,
                      v1::Mission* created = nullptr) {
    v1::CreateMissionRequest request;
    *request.mutable_mission() = mission;
    v1::CreateMissionResponse response;
    absl::Status status = Call(&Stub::CreateMission, caller, request, response);
    if (created != nullptr) *created = response.mission();
    return status;
  }

  absl::Status Get(const services::Caller& caller, const std::string& id) {
    v1::GetMissionRequest request;
    request.set_mission_id(id);
    v1::GetMissionResponse response;
    return Call(&Stub::GetMission, caller, request, response);
  }

  absl::Status Update(const services::Caller& caller, const v1::Mission& mission,
                      const std::vector<std::string>& paths, v1::Mission* updated = nullptr) {
    v1::UpdateMissionRequest request;
    *request.mutable_mission() = mission;
    for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
    v1::UpdateMissionResponse response;
    absl::Status status = Call(&Stub::UpdateMission, caller, request, response);
    if (updated != nullptr) *updated = response.mission();
    return status;
  }

  services::Caller OwnManager() const { return Manager(organisation_id_); }

  std::string organisation_id_;
};

TEST_F(MissionCrudTest, Create_StartsDraftWithDerivedPlaceAndDates) {
  v1::Mission created;
  ASSERT_OK(Create(OwnManager(), ParisMission(organisation_id_), &created));
  EXPECT_EQ(created.status(), v1::MISSION_STATUS_DRAFT);
  EXPECT_EQ(created.department_code(), "75");
  EXPECT_EQ(created.time_zone(), "Europe/Paris");
  EXPECT_EQ(created.organisation_name(), "Les Amis du Quartier");
  EXPECT_EQ(created.addresses(0).commune().name(), "Paris");
  EXPECT_NEAR(created.addresses(0).location().latitude(), 48.86, 0.1);
  EXPECT_EQ(created.start_date().year(), 2099);
  EXPECT_EQ(created.end_date().day(), 6);
  EXPECT_EQ(created.schedule().dated_slots(0).start_minute(), 540);
  EXPECT_EQ(created.places_held(), 0);
  EXPECT_EQ(CountRows("SELECT count(*) FROM outbox_events WHERE type = 'mission.created'"), 1);
  v1::GetMissionRequest get;
  get.set_mission_id(created.id());
  v1::GetMissionResponse read;
  ASSERT_OK(Call(&Stub::GetMission, OwnManager(), get, read));
  EXPECT_EQ(read.mission().SerializeAsString(), created.SerializeAsString());
}

TEST_F(MissionCrudTest, Create_KeepsLocalTimesOfAReunionMissionAcrossStorage) {
  v1::Mission mission = ParisMission(organisation_id_);
  mission.mutable_addresses(0)->mutable_commune()->set_insee_code("97411");
  // 2099-03-29 is a daylight-saving change in Paris, not in Réunion: 09:00 stays 09:00.
  v1::DatedSlot* slot = mission.mutable_schedule()->mutable_dated_slots(0);
  slot->mutable_date()->set_month(3);
  slot->mutable_date()->set_day(29);
  v1::Mission created;
  ASSERT_OK(Create(OwnManager(), mission, &created));
  EXPECT_EQ(created.department_code(), "974");
  EXPECT_EQ(created.time_zone(), "Indian/Reunion");
  EXPECT_EQ(created.schedule().dated_slots(0).start_minute(), 540);
  // Stored instant: 09:00 in Réunion (UTC+4) is 05:00 UTC.
  EXPECT_EQ(Sql("SELECT to_char(starts_at AT TIME ZONE 'UTC', 'HH24:MI') FROM mission_dated_slots"),
            "05:00");
}

TEST_F(MissionCrudTest, Create_RemoteMissionNeedsNoAddressAndTakesTheOrganisationsDepartement) {
  v1::Mission mission = ParisMission(organisation_id_, "Soutien scolaire en visio");
  mission.set_format(v1::FORMAT_REMOTE);
  mission.clear_addresses();
  v1::Mission created;
  ASSERT_OK(Create(OwnManager(), mission, &created));
  EXPECT_EQ(created.addresses_size(), 0);
  EXPECT_EQ(created.department_code(), "75");
}

TEST_F(MissionCrudTest, Create_RecurringScheduleInsideADateRange) {
  v1::Mission mission = ParisMission(organisation_id_, "Soutien scolaire le mercredi");
  v1::Schedule& schedule = *mission.mutable_schedule();
  schedule.Clear();
  schedule.set_kind(v1::SCHEDULE_KIND_RECURRING);
  v1::WeeklySlot* wednesday = schedule.add_weekly_slots();
  wednesday->set_weekday(v1::WEEKDAY_WEDNESDAY);
  wednesday->set_start_minute(14 * 60);
  wednesday->set_end_minute(16 * 60);
  v1::WeeklySlot* after = schedule.add_weekly_slots();  // back to back: allowed
  after->set_weekday(v1::WEEKDAY_WEDNESDAY);
  after->set_start_minute(16 * 60);
  after->set_end_minute(17 * 60);
  schedule.mutable_date_range()->mutable_start_date()->set_year(2099);
  schedule.mutable_date_range()->mutable_start_date()->set_month(9);
  schedule.mutable_date_range()->mutable_start_date()->set_day(1);
  v1::Mission created;
  ASSERT_OK(Create(OwnManager(), mission, &created));
  EXPECT_EQ(created.schedule().weekly_slots_size(), 2);
  EXPECT_EQ(created.start_date().month(), 9);
  EXPECT_FALSE(created.has_end_date());
}

TEST_F(MissionCrudTest, Create_ValidatesEveryFieldAndLeavesNothingBehind) {
  struct Case {
    std::function<void(v1::Mission&)> breaks;
    std::string field;
  };
  auto slot = [](v1::Mission& m) { return m.mutable_schedule()->mutable_dated_slots(0); };
  const std::vector<Case> cases = {
      {[](v1::Mission& m) { m.set_organisation_id("nope"); }, "mission.organisation_id"},
      {[](v1::Mission& m) { m.set_title("abc"); }, "mission.title"},
      {[](v1::Mission& m) { m.set_title(std::string(151, 'a')); }, "mission.title"},
      {[](v1::Mission& m) { m.set_description(""); }, "mission.description"},
      {[](v1::Mission& m) { m.set_description(std::string(10001, 'a')); }, "mission.description"},
      {[](v1::Mission& m) { m.set_domain(v1::DOMAIN_UNSPECIFIED); }, "mission.domain"},
      {[](v1::Mission& m) { m.set_domain(static_cast<v1::Domain>(11)); }, "mission.domain"},
      {[](v1::Mission& m) { m.set_secondary_domain(m.domain()); }, "mission.secondary_domain"},
      {[](v1::Mission& m) { m.set_activity("inconnue"); }, "mission.activity"},
      {[](v1::Mission& m) { m.add_required_skills("jonglage"); }, "mission.required_skills[0]"},
      {[](v1::Mission& m) {
         for (int i = 0; i < 4; ++i) m.add_prerequisites("Permis B");
       },
       "mission.prerequisites"},
      {[](v1::Mission& m) { m.clear_beneficiaries(); }, "mission.beneficiaries"},
      {[](v1::Mission& m) { m.add_beneficiaries(v1::BENEFICIARY_ANY_PUBLIC); },
       "mission.beneficiaries[1]"},
      {[](v1::Mission& m) { m.set_format(v1::FORMAT_UNSPECIFIED); }, "mission.format"},
      {[](v1::Mission& m) { m.set_format(v1::FORMAT_REMOTE); }, "mission.addresses"},
      {[](v1::Mission& m) { m.clear_addresses(); }, "mission.addresses"},
      {[](v1::Mission& m) { m.mutable_addresses(0)->mutable_commune()->set_insee_code("75999"); },
       "mission.addresses[0].commune.insee_code"},
      {[](v1::Mission& m) { m.mutable_addresses(0)->mutable_commune()->set_insee_code("paris"); },
       "mission.addresses[0].commune.insee_code"},
      {[](v1::Mission& m) { m.add_addresses()->mutable_commune()->set_insee_code("69123"); },
       "mission.addresses[1].commune.insee_code"},
      {[](v1::Mission& m) { m.clear_schedule(); }, "mission.schedule"},
      {[&](v1::Mission& m) { slot(m)->set_end_minute(slot(m)->start_minute()); },
       "mission.schedule.dated_slots[0].end_minute"},
      {[&](v1::Mission& m) { slot(m)->set_end_minute(1441); },
       "mission.schedule.dated_slots[0].end_minute"},
      {[&](v1::Mission& m) { slot(m)->mutable_date()->set_day(31); },
       "mission.schedule.dated_slots[0].date"},
      {[&](v1::Mission& m) {
         v1::DatedSlot* overlapping = m.mutable_schedule()->add_dated_slots();
         *overlapping = *slot(m);
         overlapping->set_start_minute(slot(m)->start_minute() + 60);
         overlapping->set_end_minute(slot(m)->end_minute() + 60);
       },
       "mission.schedule.dated_slots[1]"},
      {[](v1::Mission& m) { m.mutable_schedule()->set_kind(v1::SCHEDULE_KIND_RECURRING); },
       "mission.schedule.weekly_slots"},
      {[](v1::Mission& m) { m.mutable_commitment()->set_duration_minutes(5); },
       "mission.commitment.duration_minutes"},
      {[](v1::Mission& m) { m.set_places(0); }, "mission.places"},
      {[](v1::Mission& m) { m.set_places(10001); }, "mission.places"},
  };
  for (const Case& c : cases) {
    v1::Mission mission = ParisMission(organisation_id_);
    c.breaks(mission);
    EXPECT_THAT(Create(OwnManager(), mission),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.field)))
        << c.field;
  }
  EXPECT_EQ(CountRows("SELECT count(*) FROM missions"), 0);
  EXPECT_EQ(CountRows("SELECT count(*) FROM mission_addresses"), 0);
  EXPECT_EQ(CountRows("SELECT count(*) FROM outbox_events WHERE aggregate_type = 'MISSION'"), 0);
}

TEST_F(MissionCrudTest, Create_ForAnotherOrganisation_IsPermissionDenied) {
  EXPECT_THAT(Create(OtherManager(), ParisMission(organisation_id_)),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Create(OwnManager(), ParisMission("0b9a3c4e-1d2f-4a5b-8c7d-0000000000dd")),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(CountRows("SELECT count(*) FROM missions"), 0);
}

TEST_F(MissionCrudTest, Get_DraftIsHiddenFromVolunteersAndOtherOrganisations) {
  const v1::Mission draft = CreateMission(ParisMission(organisation_id_));
  EXPECT_THAT(Get(Volunteer(), draft.id()), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Get(OtherManager(), draft.id()), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Get(Coordinator("69"), draft.id()), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_OK(Get(Coordinator("75"), draft.id()));
  EXPECT_OK(Get(Admin(), draft.id()));
  EXPECT_THAT(Get(Admin(), "0b9a3c4e-1d2f-4a5b-8c7d-0000000000ee"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Get(Admin(), "xyz"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mission_id")));
  const v1::Mission published = CreatePublishedMission(ParisMission(organisation_id_, "Publiée"));
  EXPECT_OK(Get(Volunteer(), published.id()));
}

TEST_F(MissionCrudTest, Update_ChangesOnlyTheMaskedFieldsAndAppendsAnEvent) {
  const v1::Mission draft = CreateMission(ParisMission(organisation_id_));
  v1::Mission change;
  change.set_id(draft.id());
  change.set_title("Nouveau titre de mission");
  change.set_description("ignored, not in the mask");
  v1::Mission updated;
  ASSERT_OK(Update(OwnManager(), change, {"title"}, &updated));
  EXPECT_EQ(updated.title(), "Nouveau titre de mission");
  EXPECT_EQ(updated.description(), draft.description());
  EXPECT_EQ(updated.addresses_size(), 1);
  EXPECT_EQ(CountRows("SELECT count(*) FROM outbox_events WHERE type = 'mission.updated'"), 1);

  change = ParisMission(organisation_id_);
  change.set_id(draft.id());
  change.mutable_addresses(0)->mutable_commune()->set_insee_code("69123");
  ASSERT_OK(Update(OwnManager(), change, {"addresses"}, &updated));
  EXPECT_EQ(updated.department_code(), "69");
}

TEST_F(MissionCrudTest, Update_RefusesBadMasksAndInvalidValuesAndKeepsTheMission) {
  const v1::Mission draft = CreateMission(ParisMission(organisation_id_));
  v1::Mission change;
  change.set_id(draft.id());
  change.set_status(v1::MISSION_STATUS_PUBLISHED);
  EXPECT_THAT(Update(OwnManager(), change, {"status"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));
  EXPECT_THAT(Update(OwnManager(), change, {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));
  change.set_title(std::string(151, 'x'));
  EXPECT_THAT(Update(OwnManager(), change, {"title"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mission.title")));
  change.set_places(0);
  EXPECT_THAT(Update(OwnManager(), change, {"places"}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("mission.places")));
  EXPECT_THAT(Update(OtherManager(), change, {"title"}), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(Sql("SELECT title FROM missions"), draft.title());
  EXPECT_EQ(CountRows("SELECT count(*) FROM outbox_events WHERE type = 'mission.updated'"), 0);
}

TEST_F(MissionCrudTest, Update_PublishedMissionKeepsItsFormatAndItsPlacesHeld) {
  const v1::Mission published = CreatePublishedMission(ParisMission(organisation_id_));
  v1::Mission change = published;
  change.set_format(v1::FORMAT_HYBRID);
  EXPECT_THAT(Update(OwnManager(), change, {"format"}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("format")));
  AddParticipation(published.id(), "PENDING");
  AddParticipation(published.id(), "ACCEPTED");
  change.set_places(1);
  EXPECT_THAT(Update(OwnManager(), change, {"places"}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("mission.places")));
  change.set_places(2);
  v1::Mission updated;
  ASSERT_OK(Update(OwnManager(), change, {"places"}, &updated));
  EXPECT_EQ(updated.places(), 2);
  EXPECT_EQ(updated.places_held(), 2);
}

TEST_F(MissionCrudTest, Update_CancelledMissionIsFailedPrecondition) {
  const v1::Mission draft = CreateMission(ParisMission(organisation_id_));
  v1::CancelMissionRequest cancel;
  cancel.set_mission_id(draft.id());
  cancel.set_reason("Annulée");
  v1::CancelMissionResponse cancelled;
  ASSERT_OK(Call(&Stub::CancelMission, OwnManager(), cancel, cancelled));
  v1::Mission change = draft;
  change.set_title("Trop tard pour changer");
  EXPECT_THAT(Update(OwnManager(), change, {"title"}),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(MissionCrudTest, List_NewestFirstPagedWithoutDuplicatesAndScoped) {
  std::vector<std::string> created;
  for (int i = 0; i < 7; ++i) {
    created.push_back(
        CreateMission(ParisMission(organisation_id_, absl::StrCat("Mission ", i))).id());
  }
  const std::string other_organisation = CreateValidatedOrganisation(ParisAssociation("Autre"));
  CreateMission(ParisMission(other_organisation, "Mission d'une autre organisation"));

  v1::ListMissionsRequest request;
  request.set_organisation_id(organisation_id_);
  request.set_page_size(3);
  std::vector<std::string> seen;
  for (int page = 0; page < 10; ++page) {
    v1::ListMissionsResponse response;
    ASSERT_OK(Call(&Stub::ListMissions, OwnManager(), request, response));
    for (const auto& mission : response.missions()) seen.push_back(mission.id());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  std::vector<std::string> expected(created.rbegin(), created.rend());
  EXPECT_EQ(seen, expected);

  // Drafts of another organisation are not listed to this manager, nor to a volunteer.
  v1::ListMissionsRequest all;
  v1::ListMissionsResponse as_manager, as_volunteer, as_admin;
  ASSERT_OK(Call(&Stub::ListMissions, OtherManager(), all, as_manager));
  EXPECT_EQ(as_manager.missions_size(), 0);
  ASSERT_OK(Call(&Stub::ListMissions, Volunteer(), all, as_volunteer));
  EXPECT_EQ(as_volunteer.missions_size(), 0);
  ASSERT_OK(Call(&Stub::ListMissions, Admin(), all, as_admin));
  EXPECT_EQ(as_admin.missions_size(), 8);

  v1::ListMissionsRequest bad;
  bad.set_page_size(501);
  v1::ListMissionsResponse response;
  EXPECT_THAT(Call(&Stub::ListMissions, Admin(), bad, response),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
  bad.set_page_size(10);
  bad.add_statuses(static_cast<v1::MissionStatus>(9));
  EXPECT_THAT(Call(&Stub::ListMissions, Admin(), bad, response),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("statuses[0]")));
}

}  // namespace
}  // namespace renfort::testing
