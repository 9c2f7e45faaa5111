// ExportVolunteerData, DeleteVolunteer and ListNotifications over real gRPC: the export holds
// everything, the erasure leaves no trace of the person in any table while statistics stay
// right, and nobody reads another volunteer's data.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/integration/volunteers/volunteer_service_fixture.h"

namespace renfort::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Stub = v1::VolunteerService::Stub;

class ErasureTest : public VolunteerServiceTest {
 protected:
  // Registers a volunteer whose name, email and phone appear nowhere else, with a trail in
  // every table that can hold something about them.
  void SetUpTrail() {
    v1::RegisterVolunteerRequest request;
    *request.mutable_volunteer() = Profile("x");
    request.mutable_volunteer()->set_first_name(kFirstName);
    request.mutable_volunteer()->set_last_name(kLastName);
    request.mutable_volunteer()->set_email(kEmail);
    request.mutable_volunteer()->set_phone(kPhone);
    request.set_accept_terms(true);
    id_ = NewUuid();
    v1::RegisterVolunteerResponse registered;
    ASSERT_TRUE(Call(&Stub::RegisterVolunteer, Volunteer(id_), request, registered).ok());
    v1::UpdateVolunteerRequest update;
    update.mutable_volunteer()->set_max_travel_km(40);
    update.mutable_update_mask()->add_paths("max_travel_km");
    v1::UpdateVolunteerResponse updated;
    ASSERT_TRUE(Call(&Stub::UpdateVolunteer, Volunteer(id_), update, updated).ok());
    v1::SetAvailabilityRequest availability;
    v1::WeeklySlot* slot = availability.mutable_availability()->add_weekly_slots();
    slot->set_weekday(v1::WEEKDAY_TUESDAY);
    slot->set_start_minute(600);
    slot->set_end_minute(660);
    v1::SetAvailabilityResponse set;
    ASSERT_TRUE(Call(&Stub::SetAvailability, Volunteer(id_), availability, set).ok());

    const std::string organisation = InsertOrganisation("59350");
    const std::string drive = InsertMission(organisation, "Collecte nationale", "59", "ONE_OFF",
                                            "2027-03-01", "2027-03-02");
    const std::string tutoring = InsertMission(organisation, "Soutien scolaire", "59", "RECURRING",
                                               "2026-09-01", "");
    accepted_ = InsertParticipation(drive, id_, "ACCEPTED",
                                    absl::StrCat("Bonjour, je suis ", kFirstName, " ", kLastName));
    done_ = InsertParticipation(tutoring, id_, "DONE", absl::StrCat("Joignable au ", kPhone));
    const std::string third = InsertMission(organisation, "Maraude du soir", "59", "RECURRING",
                                            "2026-10-01", "");
    invitation_ = Query(absl::StrCat(
        "INSERT INTO invitations (mission_id, volunteer_id, score, explanation, expires_at) "
        "VALUES ('", third, "', '", id_, "', 0.8, '{\"score\": 0.8}', now() + interval '7 days') "
        "RETURNING id::text"));
    InsertNotification(id_, "invitation_received", absl::StrCat("Bonjour ", kFirstName), "2026-11-02 10:00:00+00");
    // Someone else, who must keep everything.
    other_ = RegisterNew("keep").id();
  }

  // Where, in the whole database, `needle` still appears: "table.column" for every text,
  // varchar, json(b), array or bytea column holding it.
  std::vector<std::string> WhereAppears(const std::string& needle) {
    std::vector<std::string> found;
    pqxx::nontransaction txn(*sql_);
    const pqxx::result columns = txn.exec(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'public' AND data_type IN "
        "  ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'bytea', 'USER-DEFINED') "
        "  AND table_name IN (SELECT table_name FROM information_schema.tables "
        "                     WHERE table_schema = 'public' AND table_type = 'BASE TABLE') "
        "ORDER BY table_name, column_name");
    EXPECT_GT(columns.size(), 30u);
    for (const pqxx::row& column : columns) {
      const std::string table = txn.quote_name(column[0].as<std::string>());
      const std::string name = txn.quote_name(column[1].as<std::string>());
      const std::string condition =
          column[2].as<std::string>() == "bytea"
              ? absl::StrCat("position(convert_to(", txn.quote(needle), ", 'UTF8') in ", name, ") > 0")
              : absl::StrCat("strpos(lower(", name, "::text), lower(", txn.quote(needle), ")) > 0");
      if (txn.exec(absl::StrCat("SELECT 1 FROM ", table, " WHERE ", condition, " LIMIT 1")).size() > 0) {
        found.push_back(absl::StrCat(column[0].as<std::string>(), ".", column[1].as<std::string>()));
      }
    }
    return found;
  }

  static constexpr char kFirstName[] = "Anaëlle";
  static constexpr char kLastName[] = "Quintrebaud";
  static constexpr char kEmail[] = "anaelle.quintrebaud@example.net";
  static constexpr char kPhone[] = "+33698765432";
  std::string id_, other_, accepted_, done_, invitation_;
};

TEST_F(ErasureTest, Export_HoldsEverythingKeptAboutTheVolunteer) {
  ASSERT_NO_FATAL_FAILURE(SetUpTrail());
  v1::ExportVolunteerDataResponse data;
  ASSERT_TRUE(Call(&Stub::ExportVolunteerData, Volunteer(id_), v1::ExportVolunteerDataRequest(), data).ok());
  EXPECT_EQ(data.volunteer().email(), kEmail);
  EXPECT_EQ(data.volunteer().max_travel_km(), 40);
  EXPECT_EQ(data.volunteer().availability().weekly_slots_size(), 1);
  ASSERT_EQ(data.participations_size(), 2);
  EXPECT_EQ(data.participations(0).id(), accepted_);
  EXPECT_EQ(data.participations(0).status(), v1::PARTICIPATION_STATUS_ACCEPTED);
  EXPECT_THAT(data.participations(0).motivation(), ::testing::HasSubstr(kLastName));
  ASSERT_EQ(data.participations(0).transitions_size(), 2);
  EXPECT_EQ(data.participations(0).transitions(0).to_status(), v1::PARTICIPATION_STATUS_PENDING);
  EXPECT_EQ(data.participations(0).transitions(1).actor().role(), v1::ACTOR_ROLE_ORG_MANAGER);
  EXPECT_EQ(data.participations(1).hours_given(), 3);
  ASSERT_EQ(data.invitations_size(), 1);
  EXPECT_EQ(data.invitations(0).id(), invitation_);
  EXPECT_EQ(data.invitations(0).status(), v1::INVITATION_STATUS_PROPOSED);
  EXPECT_NEAR(data.invitations(0).breakdown().score(), 0.8, 1e-9);
  ASSERT_EQ(data.notifications_size(), 1);
  EXPECT_EQ(data.notifications(0).type(), v1::NOTIFICATION_TYPE_INVITATION_RECEIVED);
  EXPECT_GT(data.export_time().seconds(), 0);

  // Nobody else exports it: not another volunteer, not a coordinator (policy), but an admin may.
  v1::ExportVolunteerDataRequest request;
  request.set_volunteer_id(id_);
  EXPECT_EQ(Call(&Stub::ExportVolunteerData, Volunteer(other_), request, data).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::ExportVolunteerData, Coordinator("59"), request, data).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Call(&Stub::ExportVolunteerData, Admin(), request, data).ok());
}

TEST_F(ErasureTest, Delete_LeavesNoTraceOfThePersonInAnyTable) {
  ASSERT_NO_FATAL_FAILURE(SetUpTrail());
  for (const std::string needle : {kLastName, kEmail, kPhone}) {
    EXPECT_THAT(WhereAppears(needle), ::testing::Not(IsEmpty())) << "the trail must exist first";
  }
  v1::DeleteVolunteerResponse response;
  ASSERT_TRUE(Call(&Stub::DeleteVolunteer, Volunteer(id_), v1::DeleteVolunteerRequest(), response).ok());
  EXPECT_EQ(response.volunteer_id(), id_);
  EXPECT_EQ(response.cancelled_participation_count(), 1);
  EXPECT_EQ(response.anonymised_participation_count(), 2);
  EXPECT_EQ(response.declined_invitation_count(), 1);

  for (const std::string needle : {kFirstName, kLastName, kEmail, kPhone, "698765432"}) {
    EXPECT_THAT(WhereAppears(needle), IsEmpty()) << needle;
  }
  // The other volunteer keeps everything.
  EXPECT_THAT(WhereAppears(Profile("keep").email()),
              ::testing::UnorderedElementsAre("volunteers.email", "outbox_events.payload"));
}

TEST_F(ErasureTest, Delete_KeepsAnonymisedParticipationsForStatisticsAndFreesTheEmail) {
  ASSERT_NO_FATAL_FAILURE(SetUpTrail());
  v1::DeleteVolunteerResponse response;
  ASSERT_TRUE(Call(&Stub::DeleteVolunteer, Volunteer(id_), v1::DeleteVolunteerRequest(), response).ok());
  EXPECT_EQ(Query("SELECT string_agg(status || ':' || coalesce(reason, '-') || ':' || "
                  "coalesce(hours_done::text, '-'), ',' ORDER BY created_at, id) "
                  "FROM participations WHERE volunteer_id = '" + id_ + "'"),
            "CANCELLED:change_mind:-,DONE:-:3.00");
  EXPECT_EQ(Query("SELECT actor_role FROM participation_transitions WHERE participation_id = '" +
                  accepted_ + "' ORDER BY id DESC LIMIT 1"), "system");
  EXPECT_EQ(Count("SELECT sum(places_held) FROM missions"), 0);
  EXPECT_EQ(Query("SELECT status FROM invitations"), "DECLINED");
  EXPECT_EQ(Count("SELECT count(*) FROM notifications"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM volunteer_weekly_slots"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'volunteer.deleted' "
                  "AND aggregate_id = '" + id_ + "'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'participation.transitioned' "
                  "AND aggregate_id = '" + accepted_ + "'"), 1);
  EXPECT_EQ(Query("SELECT department_code FROM volunteers WHERE id = '" + id_ + "'"), "59");

  // What remains readable: id, status, create and delete times.
  v1::GetVolunteerResponse got;
  ASSERT_TRUE(Call(&Stub::GetVolunteer, Volunteer(id_), v1::GetVolunteerRequest(), got).ok());
  v1::Volunteer expected;
  expected.set_id(id_);
  expected.set_status(v1::VOLUNTEER_STATUS_DELETED);
  *expected.mutable_create_time() = got.volunteer().create_time();
  *expected.mutable_delete_time() = response.delete_time();
  EXPECT_EQ(got.volunteer().SerializeAsString(), expected.SerializeAsString())
      << got.volunteer().DebugString();

  // Again: the same answer with the original time and nothing counted.
  v1::DeleteVolunteerResponse again;
  ASSERT_TRUE(Call(&Stub::DeleteVolunteer, Volunteer(id_), v1::DeleteVolunteerRequest(), again).ok());
  EXPECT_EQ(again.delete_time().seconds(), response.delete_time().seconds());
  EXPECT_EQ(again.delete_time().nanos(), response.delete_time().nanos());
  EXPECT_EQ(again.cancelled_participation_count() + again.anonymised_participation_count() +
                again.declined_invitation_count(), 0);

  // The email is free for a new account.
  v1::RegisterVolunteerRequest fresh;
  *fresh.mutable_volunteer() = Profile("new");
  fresh.mutable_volunteer()->set_email(kEmail);
  fresh.set_accept_terms(true);
  v1::RegisterVolunteerResponse registered;
  EXPECT_TRUE(Call(&Stub::RegisterVolunteer, Volunteer(NewUuid()), fresh, registered).ok());
}

TEST_F(ErasureTest, Delete_FreesThePlaceForTheFirstWaitlistedVolunteer) {
  ASSERT_NO_FATAL_FAILURE(SetUpTrail());
  const std::string mission = Query("SELECT mission_id::text FROM participations WHERE id = '" + accepted_ + "'");
  Exec("UPDATE missions SET places = 1 WHERE id = '" + mission + "'");
  const std::string waiting = Query(
      "INSERT INTO participations (mission_id, volunteer_id, origin, status, waitlisted_at) "
      "VALUES ('" + mission + "', '" + other_ + "', 'APPLIED', 'WAITLISTED', now()) RETURNING id::text");
  v1::DeleteVolunteerResponse response;
  ASSERT_TRUE(Call(&Stub::DeleteVolunteer, Volunteer(id_), v1::DeleteVolunteerRequest(), response).ok());
  EXPECT_EQ(Query("SELECT status FROM participations WHERE id = '" + waiting + "'"), "PENDING");
  EXPECT_EQ(Query("SELECT places_held FROM missions WHERE id = '" + mission + "'"), "1");
  EXPECT_EQ(Query("SELECT from_status || '>' || to_status || ':' || actor_role "
                  "FROM participation_transitions WHERE participation_id = '" + waiting + "'"),
            "WAITLISTED>PENDING:system");
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'participation.transitioned' "
                  "AND aggregate_id = '" + waiting + "'"), 1);
}

TEST_F(ErasureTest, Delete_OnlyByTheVolunteerOrAnAdmin) {
  ASSERT_NO_FATAL_FAILURE(SetUpTrail());
  v1::DeleteVolunteerRequest request;
  request.set_volunteer_id(id_);
  v1::DeleteVolunteerResponse response;
  EXPECT_EQ(Call(&Stub::DeleteVolunteer, Volunteer(other_), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::DeleteVolunteer, Coordinator("59"), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Query("SELECT status FROM volunteers WHERE id = '" + id_ + "'"), "ACTIVE");
  request.set_volunteer_id(NewUuid());
  EXPECT_EQ(Call(&Stub::DeleteVolunteer, Admin(), request, response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_volunteer_id(id_);
  EXPECT_TRUE(Call(&Stub::DeleteVolunteer, Admin(), request, response).ok());
}

TEST_F(VolunteerServiceTest, ListNotifications_NewestFirstWithTiesBrokenById) {
  const v1::Volunteer camille = RegisterNew("a");
  const v1::Volunteer other = RegisterNew("b");
  std::vector<std::pair<std::string, std::string>> expected;  // (created_at, id)
  for (const char* at : {"2026-11-01 09:00:00+00", "2026-11-03 09:00:00+00", "2026-11-03 09:00:00+00",
                         "2026-11-02 09:00:00+00", "2026-11-04 09:00:00+00"}) {
    expected.emplace_back(at, InsertNotification(camille.id(), "participation_accepted", "Acceptée", at));
  }
  InsertNotification(other.id(), "participation_refused", "Refusée", "2026-11-05 09:00:00+00");
  std::sort(expected.rbegin(), expected.rend());
  std::vector<std::string> ids;
  v1::ListNotificationsRequest request;
  request.set_page_size(2);
  for (int page = 0; page < 10; ++page) {
    v1::ListNotificationsResponse response;
    ASSERT_TRUE(Call(&Stub::ListNotifications, Volunteer(camille.id()), request, response).ok());
    for (const v1::Notification& notification : response.notifications()) {
      EXPECT_EQ(notification.type(), v1::NOTIFICATION_TYPE_PARTICIPATION_ACCEPTED);
      EXPECT_EQ(notification.title(), "Acceptée");
      ids.push_back(notification.id());
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  std::vector<std::string> expected_ids;
  for (const auto& [at, id] : expected) expected_ids.push_back(id);
  EXPECT_EQ(ids, expected_ids);

  v1::ListNotificationsRequest foreign;
  foreign.set_volunteer_id(camille.id());
  v1::ListNotificationsResponse response;
  EXPECT_EQ(Call(&Stub::ListNotifications, Volunteer(other.id()), foreign, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&Stub::ListNotifications, Admin(), foreign, response).ok());
  EXPECT_EQ(response.notifications_size(), 5);
  foreign.set_page_size(501);
  EXPECT_EQ(Call(&Stub::ListNotifications, Admin(), foreign, response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace renfort::testing
