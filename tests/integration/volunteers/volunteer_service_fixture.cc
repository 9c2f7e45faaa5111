#include "tests/integration/volunteers/volunteer_service_fixture.h"

#include "absl/strings/str_cat.h"
#include "storage/pg/connection_pool.h"
#include "tests/support/status_matchers.h"

namespace renfort::testing {

using ::grpc::health::v1::HealthCheckResponse;
using ::renfort::services::Caller;
using ::renfort::services::Role;

void VolunteerServiceTest::SetUp() {
  key_ = TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "volunteers");
  database_ = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database_, nullptr);
  server_ = RunningServer::Start({.binary = RENFORT_VOLUNTEERS_BIN,
                                  .database_url = database_->url(),
                                  .jwt_key_files = {key_->public_key_file()}});
  ASSERT_NE(server_, nullptr);
  ASSERT_TRUE(server_->AwaitHealth(HealthCheckResponse::SERVING));
  stub_ = v1::VolunteerService::NewStub(server_->channel());
  auto connection = storage::OpenConnection(database_->url());
  ASSERT_OK(connection);
  sql_ = *std::move(connection);
}

void VolunteerServiceTest::TearDown() {
  stub_.reset();
  server_.reset();
  sql_.reset();
  database_.reset();
}

Caller VolunteerServiceTest::Volunteer(const std::string& id) {
  return Caller{.subject = id, .roles = {Role::kVolunteer}};
}
Caller VolunteerServiceTest::Coordinator(const std::string& department_code) {
  return Caller{.subject = "coordinator-" + department_code, .roles = {Role::kCoordinator},
                .department_codes = {department_code}};
}
Caller VolunteerServiceTest::Admin() { return Caller{.subject = "admin-1", .roles = {Role::kAdmin}}; }
Caller VolunteerServiceTest::OrgManager(const std::string& organisation_id) {
  return Caller{.subject = "manager-1", .roles = {Role::kOrgManager},
                .organisation_ids = {organisation_id}};
}

v1::Volunteer VolunteerServiceTest::Profile(const std::string& tag) {
  v1::Volunteer volunteer;
  volunteer.set_first_name("Camille");
  volunteer.set_last_name("Durand" + tag);
  volunteer.set_email("camille.durand" + tag + "@example.org");
  volunteer.set_phone("+33612345678");
  volunteer.mutable_birth_date()->set_year(1990);
  volunteer.mutable_birth_date()->set_month(5);
  volunteer.mutable_birth_date()->set_day(17);
  volunteer.mutable_home_commune()->set_insee_code("59350");
  volunteer.set_max_travel_km(15);
  volunteer.set_accepts_in_person(true);
  volunteer.set_accepts_remote(false);
  volunteer.add_domains(v1::DOMAIN_SOLIDARITY_INSERTION);
  volunteer.add_skills("permis_b");
  return volunteer;
}

v1::Volunteer VolunteerServiceTest::RegisterNew(const std::string& tag,
                                                const std::string& insee_code) {
  v1::RegisterVolunteerRequest request;
  *request.mutable_volunteer() = Profile(tag);
  request.mutable_volunteer()->mutable_home_commune()->set_insee_code(insee_code);
  request.set_accept_terms(true);
  v1::RegisterVolunteerResponse response;
  const grpc::Status status =
      Call(&v1::VolunteerService::Stub::RegisterVolunteer, Volunteer(NewUuid()), request, response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.volunteer();
}

std::string VolunteerServiceTest::NewUuid() { return Query("SELECT gen_random_uuid()::text"); }

std::string VolunteerServiceTest::Query(const std::string& sql) {
  pqxx::nontransaction txn(*sql_);
  const pqxx::result result = txn.exec(sql);
  if (result.empty() || result[0][0].is_null()) return "";
  return result[0][0].as<std::string>();
}

void VolunteerServiceTest::Exec(const std::string& sql) {
  pqxx::nontransaction txn(*sql_);
  txn.exec(sql);
}

std::string VolunteerServiceTest::InsertOrganisation(const std::string& insee_code) {
  return Query(absl::StrCat(
      "INSERT INTO organisations (name, kind, address_line, commune_insee_code, department_code, "
      "  latitude, longitude, status, reviewed_at, reviewed_by) "
      "SELECT 'Banque alimentaire', 'ASSOCIATION', '1 rue du Port', insee_code, department_code, "
      "  latitude, longitude, 'VALIDATED', now(), 'coordinator-59' FROM communes WHERE insee_code = '", insee_code,
      "' RETURNING id::text"));
}

std::string VolunteerServiceTest::InsertMission(const std::string& organisation_id,
                                                const std::string& title,
                                                const std::string& department_code,
                                                const std::string& schedule_kind,
                                                const std::string& start_date,
                                                const std::string& end_date) {
  return Query(absl::StrCat(
      "INSERT INTO missions (organisation_id, title, domain_slug, format, department_code, "
      "  schedule_kind, start_date, end_date, commitment_duration_minutes, commitment_period, "
      "  places, status, published_at) VALUES ('", organisation_id, "', '", title,
      "', 'solidarity_insertion', '", department_code.empty() ? "REMOTE" : "IN_PERSON", "', ",
      department_code.empty() ? "NULL" : "'" + department_code + "'", ", '", schedule_kind,
      "', '", start_date, "', ", end_date.empty() ? "NULL" : "'" + end_date + "'",
      ", 120, 'WEEK', 10, 'PUBLISHED', now()) RETURNING id::text"));
}

std::string VolunteerServiceTest::InsertParticipation(const std::string& mission_id,
                                                      const std::string& volunteer_id,
                                                      const std::string& status,
                                                      const std::string& motivation) {
  const std::string id = Query(absl::StrCat(
      "INSERT INTO participations (mission_id, volunteer_id, origin, status, motivation, "
      "  hours_done) VALUES ('", mission_id, "', '", volunteer_id, "', 'APPLIED', '", status,
      "', '", motivation, "', ", status == "DONE" ? "3" : "NULL", ") RETURNING id::text"));
  Exec(absl::StrCat(
      "INSERT INTO participation_transitions (participation_id, from_status, to_status, "
      "  actor_role, actor_id) VALUES ('", id, "', NULL, 'PENDING', 'volunteer', '", volunteer_id,
      "')"));
  if (status != "PENDING") {
    Exec(absl::StrCat(
        "INSERT INTO participation_transitions (participation_id, from_status, to_status, "
        "  actor_role, actor_id) VALUES ('", id, "', 'PENDING', '", status,
        "', 'org_manager', 'manager-1')"));
  }
  return id;
}

std::string VolunteerServiceTest::InsertNotification(const std::string& volunteer_id,
                                                     const std::string& kind,
                                                     const std::string& title,
                                                     const std::string& created_at) {
  return Query(absl::StrCat(
      "INSERT INTO notifications (recipient_kind, recipient_id, kind, payload, dedup_key, "
      "  created_at) VALUES ('VOLUNTEER', '", volunteer_id, "', '", kind,
      "', jsonb_build_object('title', '", title, "', 'body', 'Corps'), gen_random_uuid()::text, '",
      created_at, "') RETURNING id::text"));
}

}  // namespace renfort::testing
