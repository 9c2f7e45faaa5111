#include "tests/integration/matching/matching_fixtures.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "renfort/v1/matching.pb.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/participation.pb.h"
#include "renfort/v1/volunteer.pb.h"
#include "storage/matching/row_values.h"
#include "storage/outbox.h"

namespace renfort::testing {
namespace {

constexpr char kInsertOrganisation[] = R"sql(
  INSERT INTO organisations (name, kind, address_line, commune_insee_code, department_code,
                             latitude, longitude, status, reviewed_at, reviewed_by)
  SELECT $1, 'ASSOCIATION', '1 rue de la Gare', insee_code, department_code, latitude,
         longitude, 'VALIDATED', now(), 'admin-1'
  FROM communes WHERE insee_code = '59350'
  RETURNING id)sql";

constexpr char kInsertMission[] = R"sql(
  INSERT INTO missions (organisation_id, title, description, domain_slug, format, department_code,
                        schedule_kind, start_date, end_date, commitment_duration_minutes,
                        commitment_period, places, open_to_minors, status, published_at)
  SELECT $1, $2, 'Trier et distribuer', $3, $4,
         CASE WHEN $4 = 'REMOTE' THEN NULL ELSE c.department_code END, 'RECURRING',
         $5::date, $6::date, 120, 'WEEK', $7, $8, $9,
         CASE WHEN $9 IN ('PUBLISHED', 'PAUSED', 'CLOSED') THEN now() END
  FROM communes c WHERE c.insee_code = $10
  RETURNING id)sql";

constexpr char kInsertAddress[] = R"sql(
  INSERT INTO mission_addresses (mission_id, position, label, commune_insee_code, department_code,
                                 latitude, longitude)
  SELECT $1, 0, 'Entrepôt', insee_code, department_code, latitude, longitude
  FROM communes WHERE insee_code = $2)sql";

constexpr char kInsertVolunteer[] = R"sql(
  INSERT INTO volunteers (first_name, last_name, email, phone, birth_date,
                          home_commune_insee_code, latitude, longitude, department_code,
                          max_travel_km, accepts_in_person, accepts_remote, status,
                          terms_accepted_at, data_processing_consented_at)
  SELECT $1, $2, $3, '+33612345678', $4::date, insee_code, latitude, longitude, department_code,
         $5, $6, $7, $8, now(), now()
  FROM communes WHERE insee_code = $9
  RETURNING id)sql";

}  // namespace

MatchingFixtures::MatchingFixtures(const std::string& database_url)
    : connection_(std::make_unique<pqxx::connection>(database_url)) {}

std::string MatchingFixtures::Organisation(const std::string& name) {
  pqxx::work txn(*connection_);
  const std::string id = txn.exec_params1(kInsertOrganisation, name)[0].c_str();
  txn.commit();
  return id;
}

std::string MatchingFixtures::Mission(const MissionFixture& fixture) {
  pqxx::work txn(*connection_);
  const std::string id =
      txn.exec_params1(kInsertMission, fixture.organisation_id, fixture.title, fixture.domain,
                       fixture.format, fixture.start_date, fixture.end_date, fixture.places,
                       fixture.open_to_minors, fixture.status, fixture.commune)[0]
          .c_str();
  if (fixture.format != "REMOTE") txn.exec_params(kInsertAddress, id, fixture.commune);
  txn.exec_params("INSERT INTO mission_weekly_slots VALUES ($1, 3, 840, 960)", id);
  for (const std::string& skill : fixture.skills) {
    txn.exec_params("INSERT INTO mission_skills VALUES ($1, $2)", id, skill);
  }
  renfort::v1::Mission event;
  event.set_id(id);
  storage::AppendOutboxEvent(txn, "mission.published", storage::Aggregate::kMission, id, event);
  txn.commit();
  return id;
}

std::string MatchingFixtures::Volunteer(const VolunteerFixture& fixture) {
  pqxx::work txn(*connection_);
  const std::string email =
      absl::StrCat("v", ++email_counter_, "-", absl::ToUnixNanos(absl::Now()), "@example.org");
  const std::string id =
      txn.exec_params1(kInsertVolunteer, fixture.first_name, fixture.last_name, email,
                       fixture.birth_date, fixture.max_travel_km, fixture.accepts_in_person,
                       fixture.accepts_remote, fixture.status, fixture.commune)[0]
          .c_str();
  for (const auto& [weekday, start, end] : fixture.weekly_slots) {
    txn.exec_params("INSERT INTO volunteer_weekly_slots VALUES ($1, $2, $3, $4)", id, weekday,
                    start, end);
  }
  for (const std::string& domain : fixture.domains) {
    txn.exec_params("INSERT INTO volunteer_domains VALUES ($1, $2)", id, domain);
  }
  for (const std::string& skill : fixture.skills) {
    txn.exec_params("INSERT INTO volunteer_skills VALUES ($1, $2)", id, skill);
  }
  renfort::v1::Volunteer event;
  event.set_id(id);
  storage::AppendOutboxEvent(txn, "volunteer.registered", storage::Aggregate::kVolunteer, id,
                             event);
  txn.commit();
  return id;
}

void MatchingFixtures::UpdateMission(const std::string& id, const std::string& sql,
                                     const std::string& event_type) {
  pqxx::work txn(*connection_);
  txn.exec_params(sql, id);
  renfort::v1::Mission event;
  event.set_id(id);
  storage::AppendOutboxEvent(txn, event_type, storage::Aggregate::kMission, id, event);
  txn.commit();
}

void MatchingFixtures::UpdateVolunteer(const std::string& id, const std::string& sql,
                                       const std::string& event_type) {
  pqxx::work txn(*connection_);
  txn.exec_params(sql, id);
  renfort::v1::Volunteer event;
  event.set_id(id);
  storage::AppendOutboxEvent(txn, event_type, storage::Aggregate::kVolunteer, id, event);
  txn.commit();
}

std::string MatchingFixtures::Participation(const std::string& mission_id,
                                            const std::string& volunteer_id,
                                            const std::string& status) {
  pqxx::work txn(*connection_);
  const std::string id =
      txn.exec_params1(
             "INSERT INTO participations (mission_id, volunteer_id, origin, status, hours_done, "
             "waitlisted_at) VALUES ($1, $2, 'APPLIED', $3, CASE WHEN $3 = 'DONE' THEN 2 END, "
             "CASE WHEN $3 = 'WAITLISTED' THEN now() END) RETURNING id",
             mission_id, volunteer_id, status)[0]
          .c_str();
  renfort::v1::Participation event;
  event.set_id(id);
  event.set_mission_id(mission_id);
  event.set_volunteer_id(volunteer_id);
  storage::AppendOutboxEvent(txn, "participation.created", storage::Aggregate::kParticipation, id,
                             event);
  txn.commit();
  return id;
}

std::string MatchingFixtures::Invitation(const std::string& mission_id,
                                         const std::string& volunteer_id, const std::string& status,
                                         absl::Time at) {
  pqxx::work txn(*connection_);
  const std::string id =
      txn.exec_params1(
             "INSERT INTO invitations (mission_id, volunteer_id, score, status, created_at, "
             "expires_at, responded_at) VALUES ($1, $2, 0.5, $3, $4::timestamptz, "
             "$4::timestamptz + interval '7 days', "
             "CASE WHEN $3 = 'DECLINED' THEN $4::timestamptz END) RETURNING id",
             mission_id, volunteer_id, status, storage::SqlInstant(at))[0]
          .c_str();
  renfort::v1::Invitation event;
  event.set_id(id);
  storage::AppendOutboxEvent(txn, "invitation.created", storage::Aggregate::kInvitation, id, event);
  txn.commit();
  return id;
}

bool Eventually(const std::function<bool()>& condition, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    if (condition()) return true;
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
}

}  // namespace renfort::testing
