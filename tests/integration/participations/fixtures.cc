#include "tests/integration/participations/fixtures.h"

#include <chrono>

#include "absl/strings/str_cat.h"

#ifndef RENFORT_MISSIONS_BIN
#error "RENFORT_MISSIONS_BIN must name the renfort-missions binary"
#endif

namespace renfort::testing {

using services::Caller;
using services::Role;

Fixtures::Fixtures(const std::string& database_url)
    : connection_(std::make_unique<pqxx::connection>(database_url)) {}

std::string Fixtures::Scalar(const std::string& sql) {
  pqxx::work txn(*connection_);
  const pqxx::result rows = txn.exec(sql);
  txn.commit();
  if (rows.empty() || rows[0][0].is_null()) return "";
  return rows[0][0].as<std::string>();
}

int64_t Fixtures::Count(const std::string& sql) {
  const std::string value = Scalar(sql);
  return value.empty() ? 0 : std::stoll(value);
}

std::string Fixtures::Network(const std::string& name) {
  pqxx::work txn(*connection_);
  const std::string id =
      txn.exec_params1("INSERT INTO networks (name) VALUES ($1) RETURNING id", name)[0]
          .as<std::string>();
  txn.commit();
  return id;
}

std::string Fixtures::Organisation(const OrganisationSpec& spec) {
  pqxx::work txn(*connection_);
  const std::string id = txn.exec_params1(R"sql(
    INSERT INTO organisations (name, kind, network_id, address_line, commune_insee_code,
                               department_code, latitude, longitude, status, reviewed_at,
                               reviewed_by)
    SELECT $1, 'ASSOCIATION', nullif($3, '')::uuid, '1 place de la Mairie', c.insee_code,
           c.department_code, c.latitude, c.longitude, 'VALIDATED', now(), 'admin-1'
    FROM communes c WHERE c.department_code = $2
    ORDER BY c.insee_code LIMIT 1
    RETURNING id)sql",
                                          spec.name, spec.department_code, spec.network_id)[0]
                             .as<std::string>();
  txn.commit();
  return id;
}

std::string Fixtures::Mission(const std::string& organisation_id, const MissionSpec& spec) {
  pqxx::work txn(*connection_);
  const bool recurring = !spec.weekly_slots.empty();
  const bool ended = spec.status == "CLOSED" || spec.status == "CANCELLED";
  const bool published =
      spec.status == "PUBLISHED" || spec.status == "PAUSED" || spec.status == "CLOSED";
  const std::string id =
      txn.exec_params1(R"sql(
    INSERT INTO missions (organisation_id, title, domain_slug, format, department_code,
                          schedule_kind, start_date, end_date, commitment_duration_minutes,
                          commitment_period, places, open_to_minors, motivation_required,
                          status, published_at, closed_at)
    SELECT o.id, $2, $3, $4,
           CASE WHEN $4 = 'REMOTE' THEN NULL ELSE coalesce(nullif($5, ''), o.department_code) END,
           $6, $7::date, nullif($8, '')::date, 120, 'TOTAL', $9, $10, $11, $12,
           CASE WHEN $13 THEN $14::timestamptz END,
           CASE WHEN $15 THEN $14::timestamptz + interval '1 day' END
    FROM organisations o WHERE o.id = $1
    RETURNING id)sql",
                       organisation_id, spec.title, spec.domain, spec.format, spec.department_code,
                       recurring ? "RECURRING" : "ONE_OFF", spec.start_date, spec.end_date,
                       spec.places, spec.open_to_minors, spec.motivation_required, spec.status,
                       published, spec.published_at, ended)[0]
          .as<std::string>();
  const std::string zone = txn.exec_params1(R"sql(
    SELECT d.time_zone FROM missions m JOIN organisations o ON o.id = m.organisation_id
    JOIN departments d ON d.code = coalesce(m.department_code, o.department_code)
    WHERE m.id = $1)sql",
                                            id)[0]
                               .as<std::string>();
  for (const LocalSlot& slot : spec.dated_slots) {
    txn.exec_params(R"sql(
      INSERT INTO mission_dated_slots (mission_id, starts_at, ends_at)
      VALUES ($1, ($2::date + $3 * interval '1 minute') AT TIME ZONE $5,
                  ($2::date + $4 * interval '1 minute') AT TIME ZONE $5))sql",
                    id, slot.date, slot.start_minute, slot.end_minute, zone);
  }
  for (size_t position = 0; position < spec.communes.size(); ++position) {
    txn.exec_params(R"sql(
      INSERT INTO mission_addresses (mission_id, position, label, commune_insee_code,
                                     department_code, latitude, longitude)
      SELECT $1, $2, 'Place de la Mairie', c.insee_code, c.department_code, c.latitude,
             c.longitude
      FROM communes c WHERE c.insee_code = $3)sql",
                    id, static_cast<int>(position), spec.communes[position]);
  }
  for (const WeeklySlotSpec& slot : spec.weekly_slots) {
    txn.exec_params(
        "INSERT INTO mission_weekly_slots (mission_id, weekday, start_minute, end_minute) "
        "VALUES ($1, $2, $3, $4)",
        id, slot.weekday, slot.start_minute, slot.end_minute);
  }
  txn.commit();
  return id;
}

std::string Fixtures::Volunteer(const VolunteerSpec& spec) {
  pqxx::work txn(*connection_);
  const int n = ++volunteers_;
  const std::string id =
      txn.exec_params1(R"sql(
    INSERT INTO volunteers (first_name, last_name, email, birth_date, home_commune_insee_code,
                            latitude, longitude, department_code, accepts_in_person,
                            accepts_remote, terms_accepted_at, data_processing_consented_at)
    SELECT 'Camille', $1, $2, $3::date, c.insee_code, c.latitude, c.longitude,
           c.department_code, $4, $5, now(), now()
    FROM communes c WHERE c.department_code = $6
    ORDER BY c.insee_code LIMIT 1
    RETURNING id)sql",
                       absl::StrCat("Martin", n), absl::StrCat("camille.martin", n, "@example.org"),
                       spec.birth_date, spec.accepts_in_person, spec.accepts_remote,
                       spec.department_code)[0]
          .as<std::string>();
  txn.commit();
  return id;
}

std::string Fixtures::Participation(const std::string& mission_id, const std::string& volunteer_id,
                                    const ParticipationSpec& spec) {
  pqxx::work txn(*connection_);
  const std::string ended_at = spec.ended_at.empty() ? spec.created_at : spec.ended_at;
  const std::string id = txn.exec_params1(R"sql(
    INSERT INTO participations (mission_id, volunteer_id, origin, status, reason, hours_done,
                                waitlisted_at, created_at, updated_at)
    VALUES ($1, $2, 'APPLIED', $3, nullif($4, ''),
            CASE WHEN $3 = 'DONE' THEN $5::numeric END,
            CASE WHEN $3 = 'WAITLISTED' THEN $6::timestamptz END, $6::timestamptz,
            $6::timestamptz)
    RETURNING id)sql",
                                          mission_id, volunteer_id, spec.status, spec.reason,
                                          spec.hours, spec.created_at)[0]
                             .as<std::string>();
  const bool waitlisted = spec.status == "WAITLISTED";
  txn.exec_params(R"sql(
    INSERT INTO participation_transitions (participation_id, to_status, actor_role, actor_id, at)
    VALUES ($1, $2, 'volunteer', $3, $4::timestamptz))sql",
                  id, waitlisted ? "WAITLISTED" : "PENDING", volunteer_id, spec.created_at);
  const bool accepted_first =
      spec.status == "ACCEPTED" || spec.status == "DONE" || spec.status == "NO_SHOW";
  if (accepted_first) {
    txn.exec_params(R"sql(
      INSERT INTO participation_transitions
        (participation_id, from_status, to_status, actor_role, actor_id, at)
      VALUES ($1, 'PENDING', 'ACCEPTED', 'org_manager', 'manager-1',
              $2::timestamptz + interval '1 hour'))sql",
                    id, spec.created_at);
  }
  if (spec.status != "PENDING" && spec.status != "WAITLISTED" && spec.status != "ACCEPTED") {
    txn.exec_params(R"sql(
      INSERT INTO participation_transitions
        (participation_id, from_status, to_status, reason, actor_role, actor_id, at)
      VALUES ($1, $2, $3, nullif($4, ''), 'org_manager', 'manager-1', $5::timestamptz))sql",
                    id, accepted_first ? "ACCEPTED" : "PENDING", spec.status, spec.reason,
                    ended_at);
  }
  txn.commit();
  return id;
}

TestSigningKey* ParticipationTest::key_ = nullptr;

void ParticipationTest::SetUpTestSuite() {
  key_ = TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "participations").release();
}

void ParticipationTest::TearDownTestSuite() {
  delete key_;
  key_ = nullptr;
}

void ParticipationTest::SetUp() {
  ASSERT_NE(key_, nullptr);
  database_ = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database_, nullptr);
  // Enough connections for the concurrency tests to contend on the database, not on the pool.
  server_ = RunningServer::Start({.binary = RENFORT_MISSIONS_BIN,
                                  .database_url = database_->url(),
                                  .jwt_key_files = {key_->public_key_file()},
                                  .extra_flags = {"--db_pool_size=8"}});
  ASSERT_NE(server_, nullptr);
  fixtures_ = std::make_unique<Fixtures>(database_->url());
  stub_ = v1::MissionService::NewStub(server_->channel());
}

void ParticipationTest::TearDown() {
  stub_.reset();
  fixtures_.reset();
  server_.reset();
  database_.reset();
}

std::unique_ptr<grpc::ClientContext> ParticipationTest::ContextFor(const Caller& caller) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  context->AddMetadata("authorization", "Bearer " + key_->Token(caller));
  return context;
}

Caller ParticipationTest::Volunteer(const std::string& volunteer_id) const {
  return Caller{.subject = volunteer_id, .roles = {Role::kVolunteer}};
}

Caller ParticipationTest::Manager(const std::string& organisation_id) const {
  return Caller{.subject = "manager-" + organisation_id.substr(0, 8),
                .roles = {Role::kOrgManager},
                .organisation_ids = {organisation_id}};
}

Caller ParticipationTest::Coordinator(const std::vector<std::string>& departments,
                                      const std::vector<std::string>& networks) const {
  return Caller{.subject = "coordinator-1",
                .roles = {Role::kCoordinator},
                .department_codes = departments,
                .network_ids = networks};
}

grpc::Status ParticipationTest::Apply(const Caller& caller, const std::string& mission_id,
                                      v1::Participation* participation,
                                      const std::string& motivation) {
  v1::ApplyRequest request;
  request.set_mission_id(mission_id);
  request.set_motivation(motivation);
  v1::ApplyResponse response;
  const grpc::Status status = stub_->Apply(ContextFor(caller).get(), request, &response);
  if (participation != nullptr) *participation = response.participation();
  return status;
}

grpc::Status ParticipationTest::Transition(const Caller& caller,
                                           const v1::TransitionParticipationRequest& request,
                                           v1::Participation* participation) {
  v1::TransitionParticipationResponse response;
  const grpc::Status status =
      stub_->TransitionParticipation(ContextFor(caller).get(), request, &response);
  if (participation != nullptr) *participation = response.participation();
  return status;
}

grpc::Status ParticipationTest::Get(const Caller& caller, const std::string& participation_id,
                                    v1::Participation* participation) {
  v1::GetParticipationRequest request;
  request.set_participation_id(participation_id);
  v1::GetParticipationResponse response;
  const grpc::Status status = stub_->GetParticipation(ContextFor(caller).get(), request, &response);
  if (participation != nullptr) *participation = response.participation();
  return status;
}

::testing::AssertionResult Ok(const grpc::Status& status) {
  if (status.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "status " << status.error_code() << ": " << status.error_message();
}

v1::TransitionParticipationRequest Action(const std::string& participation_id,
                                          v1::ParticipationAction action,
                                          v1::ParticipationReason reason) {
  v1::TransitionParticipationRequest request;
  request.set_participation_id(participation_id);
  request.set_action(action);
  request.set_reason(reason);
  return request;
}

}  // namespace renfort::testing
