#include "tests/integration/missions/mission_fixture.h"

#include <pqxx/pqxx>

#include "tests/support/status_matchers.h"

namespace renfort::testing {

absl::Status ToAbsl(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

v1::Organisation ParisAssociation(const std::string& name) {
  v1::Organisation organisation;
  organisation.set_name(name);
  organisation.set_kind(v1::ORGANISATION_KIND_ASSOCIATION);
  organisation.mutable_address()->set_street("12 rue des Lilas");
  organisation.mutable_address()->set_postal_code("75011");
  organisation.mutable_address()->mutable_commune()->set_insee_code("75056");
  v1::OrganisationManager* manager = organisation.add_managers();
  manager->set_user_id("manager-1");
  manager->set_display_name("Camille Martin");
  manager->set_email("camille@example.org");
  return organisation;
}

v1::Mission ParisMission(const std::string& organisation_id, const std::string& title) {
  v1::Mission mission;
  mission.set_organisation_id(organisation_id);
  mission.set_title(title);
  mission.set_description("Tenir le stand et trier les dons avec l'équipe.");
  mission.set_domain(v1::DOMAIN_SOLIDARITY_INSERTION);
  mission.set_activity("collecte_alimentaire");
  mission.add_beneficiaries(v1::BENEFICIARY_PEOPLE_IN_DIFFICULTY);
  mission.set_format(v1::FORMAT_IN_PERSON);
  v1::Address* address = mission.add_addresses();
  address->set_label("Marché d'Aligre");
  address->mutable_commune()->set_insee_code("75056");
  v1::Schedule* schedule = mission.mutable_schedule();
  schedule->set_kind(v1::SCHEDULE_KIND_ONE_OFF);
  v1::DatedSlot* slot = schedule->add_dated_slots();
  slot->mutable_date()->set_year(2099);
  slot->mutable_date()->set_month(6);
  slot->mutable_date()->set_day(6);
  slot->set_start_minute(9 * 60);
  slot->set_end_minute(12 * 60);
  mission.set_places(5);
  return mission;
}

void MissionServiceTest::SetUp() {
  key_ = TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "missions");
  ASSERT_NE(key_, nullptr);
  database_ = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database_, nullptr);
  server_ = RunningServer::Start({.binary = RENFORT_MISSIONS_BIN,
                                  .database_url = database_->url(),
                                  .jwt_key_files = {key_->public_key_file()}});
  ASSERT_NE(server_, nullptr);
  ASSERT_TRUE(server_->AwaitHealth(grpc::health::v1::HealthCheckResponse::SERVING));
  stub_ = v1::MissionService::NewStub(server_->channel());
}

void MissionServiceTest::TearDown() {
  stub_.reset();
  server_.reset();
  database_.reset();
  key_.reset();
}

std::unique_ptr<grpc::ClientContext> MissionServiceTest::As(const services::Caller& caller) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  context->AddMetadata("authorization", "Bearer " + key_->Token(caller));
  return context;
}

services::Caller MissionServiceTest::Manager(const std::string& organisation_id) {
  return OrgManagerCaller(organisation_id);
}

std::string MissionServiceTest::CreateValidatedOrganisation(const v1::Organisation& organisation) {
  v1::CreateOrganisationRequest create;
  *create.mutable_organisation() = organisation;
  v1::CreateOrganisationResponse created;
  EXPECT_OK(Call(&v1::MissionService::Stub::CreateOrganisation, Admin(), create, created));
  v1::ReviewOrganisationRequest review;
  review.set_organisation_id(created.organisation().id());
  review.set_decision(v1::ORGANISATION_REVIEW_DECISION_VALIDATE);
  v1::ReviewOrganisationResponse reviewed;
  EXPECT_OK(Call(&v1::MissionService::Stub::ReviewOrganisation, Admin(), review, reviewed));
  return created.organisation().id();
}

v1::Mission MissionServiceTest::CreateMission(const v1::Mission& mission) {
  v1::CreateMissionRequest request;
  *request.mutable_mission() = mission;
  v1::CreateMissionResponse response;
  EXPECT_OK(Call(&v1::MissionService::Stub::CreateMission, Manager(mission.organisation_id()),
                 request, response));
  return response.mission();
}

v1::Mission MissionServiceTest::CreatePublishedMission(const v1::Mission& mission) {
  const v1::Mission draft = CreateMission(mission);
  v1::SubmitMissionRequest submit;
  submit.set_mission_id(draft.id());
  v1::SubmitMissionResponse submitted;
  EXPECT_OK(Call(&v1::MissionService::Stub::SubmitMission, Manager(mission.organisation_id()),
                 submit, submitted));
  v1::ReviewMissionRequest review;
  review.set_mission_id(draft.id());
  review.set_decision(v1::MISSION_REVIEW_DECISION_APPROVE);
  v1::ReviewMissionResponse reviewed;
  EXPECT_OK(Call(&v1::MissionService::Stub::ReviewMission, Admin(), review, reviewed));
  return reviewed.mission();
}

int64_t MissionServiceTest::CountRows(const std::string& query) {
  pqxx::connection connection(database_->url());
  pqxx::work txn(connection);
  return txn.exec1(query)[0].as<int64_t>();
}

std::string MissionServiceTest::Sql(const std::string& statement) {
  pqxx::connection connection(database_->url());
  pqxx::work txn(connection);
  const pqxx::result rows = txn.exec(statement);
  txn.commit();
  if (rows.empty() || rows.columns() == 0 || rows[0][0].is_null()) return "";
  return rows[0][0].as<std::string>();
}

std::string MissionServiceTest::AddParticipation(const std::string& mission_id,
                                                 const std::string& status) {
  const std::string volunteer =
      Sql("INSERT INTO volunteers (status, deleted_at, terms_accepted_at, "
          "data_processing_consented_at) VALUES ('DELETED', now(), now(), now()) RETURNING id");
  return Sql(
      "INSERT INTO participations (mission_id, volunteer_id, origin, status, "
      "waitlisted_at) VALUES ('" +
      mission_id + "', '" + volunteer + "', 'APPLIED', '" + status + "', CASE WHEN '" + status +
      "' = 'WAITLISTED' THEN now() END) RETURNING id");
}

}  // namespace renfort::testing
