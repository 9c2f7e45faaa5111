// RegisterVolunteer, GetVolunteer and UpdateVolunteer over real gRPC: geography derived from the
// commune, every bad input refused with the field named and nothing written, and who may read
// or change whom.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/integration/volunteers/volunteer_service_fixture.h"

namespace renfort::testing {
namespace {

using ::testing::HasSubstr;
using Stub = v1::VolunteerService::Stub;

v1::RegisterVolunteerRequest Registration(const v1::Volunteer& volunteer) {
  v1::RegisterVolunteerRequest request;
  *request.mutable_volunteer() = volunteer;
  request.set_accept_terms(true);
  return request;
}

v1::Date YearsAgo(int years, int extra_days) {
  const absl::CivilDay day =
      absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) - extra_days;
  v1::Date date;
  date.set_year(static_cast<int>(day.year()) - years);
  date.set_month(day.month());
  date.set_day(day.month() == 2 && day.day() == 29 ? 28 : day.day());
  return date;
}

TEST_F(VolunteerServiceTest, Register_SelfService_TakesTheTokenSubjectAndDerivesTheGeography) {
  const std::string id = NewUuid();
  v1::RegisterVolunteerRequest request = Registration(Profile("a"));
  request.mutable_volunteer()->set_id(NewUuid());  // output only: ignored
  v1::RegisterVolunteerResponse response;
  ASSERT_TRUE(Call(&Stub::RegisterVolunteer, Volunteer(id), request, response).ok());
  const v1::Volunteer& stored = response.volunteer();
  EXPECT_EQ(stored.id(), id);
  EXPECT_EQ(stored.status(), v1::VOLUNTEER_STATUS_ACTIVE);
  EXPECT_EQ(stored.home_commune().name(), "Lille");
  EXPECT_EQ(stored.home_commune().department_code(), "59");
  EXPECT_NEAR(stored.home_commune().centroid().latitude(), 50.63, 0.05);
  EXPECT_NEAR(stored.home_commune().centroid().longitude(), 3.05, 0.05);
  EXPECT_GT(stored.terms_accept_time().seconds(), 0);
  EXPECT_EQ(stored.email(), "camille.durand" "a@example.org");
  EXPECT_FALSE(stored.minor());
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'volunteer.registered' "
                  "AND aggregate_id = '" + id + "' AND aggregate_type = 'VOLUNTEER'"), 1);
  // The payload is the new state as a Volunteer message.
  pqxx::nontransaction txn(*sql_);
  const pqxx::binarystring payload(
      txn.exec1("SELECT payload FROM outbox_events WHERE type = 'volunteer.registered'")[0]);
  v1::Volunteer event;
  ASSERT_TRUE(event.ParseFromArray(payload.data(), static_cast<int>(payload.size())));
  EXPECT_EQ(event.id(), id);
  EXPECT_EQ(event.home_commune().department_code(), "59");
}

TEST_F(VolunteerServiceTest, Register_DefaultsTravelDistanceAndNormalisesFrenchPhones) {
  v1::Volunteer profile = Profile("b");
  profile.set_max_travel_km(0);
  profile.set_phone("06 12 34 56 78");
  v1::RegisterVolunteerResponse response;
  ASSERT_TRUE(Call(&Stub::RegisterVolunteer, Volunteer(NewUuid()), Registration(profile), response).ok());
  EXPECT_EQ(response.volunteer().max_travel_km(), 20);
  EXPECT_EQ(response.volunteer().phone(), "+33612345678");

  profile = Profile("c");
  profile.set_phone("0692.12.34.56");
  profile.mutable_home_commune()->set_insee_code("97411");
  ASSERT_TRUE(Call(&Stub::RegisterVolunteer, Volunteer(NewUuid()), Registration(profile), response).ok());
  EXPECT_EQ(response.volunteer().phone(), "+262692123456");
  EXPECT_EQ(response.volunteer().home_commune().department_code(), "974");
}

TEST_F(VolunteerServiceTest, Register_AcceptsAPostalCodeWithTheNameWhenItServesSeveralCommunes) {
  const std::string postal = Query(
      "SELECT postal_code FROM communes GROUP BY postal_code HAVING count(*) > 1 "
      "ORDER BY postal_code LIMIT 1");
  const std::string name = Query("SELECT name FROM communes WHERE postal_code = '" + postal +
                                 "' ORDER BY insee_code DESC LIMIT 1");
  const std::string insee = Query("SELECT insee_code FROM communes WHERE postal_code = '" + postal +
                                  "' ORDER BY insee_code DESC LIMIT 1");
  v1::Volunteer profile = Profile("d");
  profile.mutable_home_commune()->set_insee_code(postal);
  v1::RegisterVolunteerResponse response;
  const grpc::Status ambiguous =
      Call(&Stub::RegisterVolunteer, Volunteer(NewUuid()), Registration(profile), response);
  EXPECT_EQ(ambiguous.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ambiguous.error_message(), HasSubstr("volunteer.home_commune.insee_code"));

  profile.mutable_home_commune()->set_name(name);
  ASSERT_TRUE(Call(&Stub::RegisterVolunteer, Volunteer(NewUuid()), Registration(profile), response).ok());
  EXPECT_EQ(response.volunteer().home_commune().insee_code(), insee);
}

struct BadInput {
  std::string what;
  std::function<void(v1::RegisterVolunteerRequest&)> spoil;
  grpc::StatusCode code;
  std::string field;
};

TEST_F(VolunteerServiceTest, Register_RefusesBadInputNamingTheFieldAndWritesNothing) {
  const std::vector<BadInput> cases = {
      {"no terms", [](auto& r) { r.set_accept_terms(false); }, grpc::StatusCode::INVALID_ARGUMENT, "accept_terms"},
      {"empty first name", [](auto& r) { r.mutable_volunteer()->clear_first_name(); }, grpc::StatusCode::INVALID_ARGUMENT, "volunteer.first_name"},
      {"bad email", [](auto& r) { r.mutable_volunteer()->set_email("camille@"); }, grpc::StatusCode::INVALID_ARGUMENT, "volunteer.email"},
      {"bad phone", [](auto& r) { r.mutable_volunteer()->set_phone("12 34"); }, grpc::StatusCode::INVALID_ARGUMENT, "volunteer.phone"},
      {"travel 201", [](auto& r) { r.mutable_volunteer()->set_max_travel_km(201); }, grpc::StatusCode::INVALID_ARGUMENT, "volunteer.max_travel_km"},
      {"travel negative", [](auto& r) { r.mutable_volunteer()->set_max_travel_km(-1); }, grpc::StatusCode::INVALID_ARGUMENT, "volunteer.max_travel_km"},
      {"no format", [](auto& r) { r.mutable_volunteer()->set_accepts_in_person(false); }, grpc::StatusCode::INVALID_ARGUMENT, "volunteer.accepts_in_person"},
      {"unknown skill", [](auto& r) { r.mutable_volunteer()->add_skills("jonglage"); }, grpc::StatusCode::INVALID_ARGUMENT, "volunteer.skills"},
      {"unknown domain", [](auto& r) { r.mutable_volunteer()->add_domains(static_cast<v1::Domain>(42)); }, grpc::StatusCode::INVALID_ARGUMENT, "volunteer.domains"},
      {"unknown commune", [](auto& r) { r.mutable_volunteer()->mutable_home_commune()->set_insee_code("99999"); }, grpc::StatusCode::INVALID_ARGUMENT, "volunteer.home_commune.insee_code"},
      {"no birth date", [](auto& r) { r.mutable_volunteer()->clear_birth_date(); }, grpc::StatusCode::INVALID_ARGUMENT, "volunteer.birth_date"},
      {"impossible birth date", [](auto& r) { r.mutable_volunteer()->mutable_birth_date()->set_day(31); r.mutable_volunteer()->mutable_birth_date()->set_month(2); }, grpc::StatusCode::INVALID_ARGUMENT, "volunteer.birth_date"},
      {"aged 15", [](auto& r) { *r.mutable_volunteer()->mutable_birth_date() = YearsAgo(16, -2); }, grpc::StatusCode::INVALID_ARGUMENT, "volunteer.birth_date"},
      {"overlapping availability", [](auto& r) {
         auto* slots = r.mutable_volunteer()->mutable_availability();
         auto* a = slots->add_weekly_slots(); a->set_weekday(v1::WEEKDAY_MONDAY); a->set_start_minute(600); a->set_end_minute(720);
         auto* b = slots->add_weekly_slots(); b->set_weekday(v1::WEEKDAY_MONDAY); b->set_start_minute(700); b->set_end_minute(800);
       }, grpc::StatusCode::INVALID_ARGUMENT, "volunteer.availability.weekly_slots"},
  };
  for (const BadInput& bad : cases) {
    SCOPED_TRACE(bad.what);
    v1::RegisterVolunteerRequest request = Registration(Profile("bad"));
    bad.spoil(request);
    v1::RegisterVolunteerResponse response;
    const grpc::Status status = Call(&Stub::RegisterVolunteer, Volunteer(NewUuid()), request, response);
    EXPECT_EQ(status.error_code(), bad.code) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(bad.field));
  }
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM volunteer_skills"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events"), 0);
}

TEST_F(VolunteerServiceTest, Register_AcceptsSixteenYearOldsAndDuplicatesAreAlreadyExists) {
  const std::string id = NewUuid();
  v1::Volunteer profile = Profile("e");
  *profile.mutable_birth_date() = YearsAgo(16, 2);
  v1::RegisterVolunteerResponse response;
  ASSERT_TRUE(Call(&Stub::RegisterVolunteer, Volunteer(id), Registration(profile), response).ok());
  EXPECT_TRUE(response.volunteer().minor()) << "16-17-year-olds are flagged";

  // The same subject again, and the same email in other case for someone else.
  grpc::Status status = Call(&Stub::RegisterVolunteer, Volunteer(id), Registration(Profile("f")), response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  v1::Volunteer same_email = Profile("g");
  same_email.set_email("CAMILLE.DURANDE@Example.org");
  status = Call(&Stub::RegisterVolunteer, Volunteer(NewUuid()), Registration(same_email), response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr("volunteer.email"));
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 1);
}

TEST_F(VolunteerServiceTest, Register_ByCoordinator_OnlyWithinTheirDepartement) {
  v1::RegisterVolunteerResponse response;
  ASSERT_TRUE(Call(&Stub::RegisterVolunteer, Coordinator("59"), Registration(Profile("h")), response).ok());
  EXPECT_EQ(response.volunteer().home_commune().department_code(), "59");
  EXPECT_EQ(response.volunteer().id().size(), 36u);
  EXPECT_EQ(response.volunteer().email(), "");  // coordinators see volunteers pseudonymously
  EXPECT_EQ(response.volunteer().last_name(), "D.");

  const grpc::Status status =
      Call(&Stub::RegisterVolunteer, Coordinator("75"), Registration(Profile("i")), response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("SELECT count(*) FROM volunteers"), 1);
}

TEST_F(VolunteerServiceTest, Get_ShowsEachCallerWhatTheyMaySee) {
  const v1::Volunteer camille = RegisterNew("j");
  const v1::Volunteer other = RegisterNew("k");
  v1::GetVolunteerRequest request;
  v1::GetVolunteerResponse response;
  // Themself, with an empty id: everything.
  ASSERT_TRUE(Call(&Stub::GetVolunteer, Volunteer(camille.id()), request, response).ok());
  EXPECT_EQ(response.volunteer().email(), camille.email());
  EXPECT_EQ(response.volunteer().birth_date().year(), 1990);
  // Another volunteer: never.
  request.set_volunteer_id(camille.id());
  EXPECT_EQ(Call(&Stub::GetVolunteer, Volunteer(other.id()), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A volunteer asking for an unknown id learns nothing either.
  request.set_volunteer_id(NewUuid());
  EXPECT_EQ(Call(&Stub::GetVolunteer, Volunteer(other.id()), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::GetVolunteer, Admin(), request, response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A coordinator of the département: pseudonymous. Of another one: refused.
  request.set_volunteer_id(camille.id());
  ASSERT_TRUE(Call(&Stub::GetVolunteer, Coordinator("59"), request, response).ok());
  EXPECT_EQ(response.volunteer().first_name(), "Camille");
  EXPECT_EQ(response.volunteer().last_name(), "D.");
  EXPECT_EQ(response.volunteer().email(), "");
  EXPECT_EQ(response.volunteer().phone(), "");
  EXPECT_FALSE(response.volunteer().has_birth_date());
  EXPECT_EQ(Call(&Stub::GetVolunteer, Coordinator("62"), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // An organisation manager: only once the volunteer applied to one of its missions.
  const std::string organisation = InsertOrganisation("59350");
  EXPECT_EQ(Call(&Stub::GetVolunteer, OrgManager(organisation), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const std::string mission = InsertMission(organisation, "Collecte nationale", "59", "ONE_OFF",
                                            "2027-03-01", "2027-03-02");
  InsertParticipation(mission, camille.id(), "PENDING", "");
  ASSERT_TRUE(Call(&Stub::GetVolunteer, OrgManager(organisation), request, response).ok());
  EXPECT_EQ(response.volunteer().email(), camille.email());
  EXPECT_FALSE(response.volunteer().has_birth_date());
  // A malformed id.
  request.set_volunteer_id("not-a-uuid");
  const grpc::Status bad = Call(&Stub::GetVolunteer, Admin(), request, response);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), HasSubstr("volunteer_id"));
}

v1::UpdateVolunteerRequest Update(const std::string& id, const std::vector<std::string>& paths) {
  v1::UpdateVolunteerRequest request;
  request.mutable_volunteer()->set_id(id);
  for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
  return request;
}

TEST_F(VolunteerServiceTest, Update_ChangesOnlyTheMaskedFieldsAndAnnouncesIt) {
  const v1::Volunteer camille = RegisterNew("l");
  v1::UpdateVolunteerRequest request = Update("", {"home_commune", "skills", "phone"});
  request.mutable_volunteer()->mutable_home_commune()->set_insee_code("97411");
  request.mutable_volunteer()->add_skills("cuisine");
  request.mutable_volunteer()->add_skills("bafa");
  request.mutable_volunteer()->set_phone("+33 7 00 00 00 01");
  request.mutable_volunteer()->set_first_name("Ignored");
  v1::UpdateVolunteerResponse response;
  ASSERT_TRUE(Call(&Stub::UpdateVolunteer, Volunteer(camille.id()), request, response).ok());
  EXPECT_EQ(response.volunteer().first_name(), "Camille");
  EXPECT_EQ(response.volunteer().home_commune().department_code(), "974");
  EXPECT_EQ(response.volunteer().home_commune().name(), "Saint-Denis");
  EXPECT_THAT(response.volunteer().skills(), ::testing::ElementsAre("bafa", "cuisine"));
  EXPECT_EQ(response.volunteer().phone(), "+33700000001");
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'volunteer.updated'"), 1);
}

TEST_F(VolunteerServiceTest, Update_RefusesBadMasksAndBadValuesLeavingEverythingAsItWas) {
  const v1::Volunteer camille = RegisterNew("m");
  const v1::Volunteer other = RegisterNew("n");
  v1::UpdateVolunteerResponse response;
  for (const std::vector<std::string>& mask :
       std::vector<std::vector<std::string>>{{}, {"availability"}, {"status"}, {"id"}}) {
    const grpc::Status status =
        Call(&Stub::UpdateVolunteer, Volunteer(camille.id()), Update("", mask), response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("update_mask"));
  }
  // An unknown skill after a valid one: the whole change is refused.
  v1::UpdateVolunteerRequest request = Update("", {"skills", "max_travel_km"});
  request.mutable_volunteer()->add_skills("cuisine");
  request.mutable_volunteer()->add_skills("jonglage");
  request.mutable_volunteer()->set_max_travel_km(50);
  grpc::Status status = Call(&Stub::UpdateVolunteer, Volunteer(camille.id()), request, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("volunteer.skills"));
  // Another's email, in other case.
  request = Update("", {"email"});
  request.mutable_volunteer()->set_email(absl::AsciiStrToUpper(other.email()));
  status = Call(&Stub::UpdateVolunteer, Volunteer(camille.id()), request, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  // Someone else's profile.
  request = Update(other.id(), {"max_travel_km"});
  request.mutable_volunteer()->set_max_travel_km(30);
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, Volunteer(camille.id()), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  EXPECT_EQ(Query("SELECT string_agg(skill_slug, ',') FROM volunteer_skills WHERE volunteer_id = '" +
                  camille.id() + "'"), "permis_b");
  EXPECT_EQ(Query("SELECT max_travel_km FROM volunteers WHERE id = '" + camille.id() + "'"), "15");
  EXPECT_EQ(Query("SELECT max_travel_km FROM volunteers WHERE id = '" + other.id() + "'"), "15");
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'volunteer.updated'"), 0);
}

TEST_F(VolunteerServiceTest, Update_ByCoordinator_OnlyInTheirDepartement) {
  const v1::Volunteer camille = RegisterNew("o");
  v1::UpdateVolunteerRequest request = Update(camille.id(), {"accepts_remote", "domains"});
  request.mutable_volunteer()->set_accepts_remote(true);
  request.mutable_volunteer()->add_domains(v1::DOMAIN_EDUCATION);
  v1::UpdateVolunteerResponse response;
  ASSERT_TRUE(Call(&Stub::UpdateVolunteer, Coordinator("59"), request, response).ok());
  EXPECT_TRUE(response.volunteer().accepts_remote());
  EXPECT_EQ(response.volunteer().email(), "");
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, Coordinator("13"), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A coordinator fixes a typo for someone they helped in person, and still sees them
  // pseudonymously.
  request = Update(camille.id(), {"email"});
  request.mutable_volunteer()->set_email("camille.fixed@example.org");
  ASSERT_TRUE(Call(&Stub::UpdateVolunteer, Coordinator("59"), request, response).ok());
  EXPECT_EQ(response.volunteer().email(), "");
  EXPECT_EQ(Query("SELECT email FROM volunteers WHERE id = '" + camille.id() + "'"),
            "camille.fixed@example.org");
  request = Update(camille.id(), {"status"});
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, Coordinator("59"), request, response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // Moving the volunteer out of the coordinator's département is not theirs to do.
  request = Update(camille.id(), {"home_commune"});
  request.mutable_volunteer()->mutable_home_commune()->set_insee_code("75056");
  EXPECT_EQ(Call(&Stub::UpdateVolunteer, Coordinator("59"), request, response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Query("SELECT department_code FROM volunteers WHERE id = '" + camille.id() + "'"), "59");
}

}  // namespace
}  // namespace renfort::testing
