// Integration tests of the constraints in storage/migrations/: each test starts from a fresh,
// fully migrated database, inserts the few valid rows it needs, then checks that the database
// itself refuses bad rows with the expected SQLSTATE (and accepts the valid neighbours).

#include <gtest/gtest.h>

#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <utility>

#include "tests/support/scratch_database.h"

namespace renfort {
namespace {

using ::renfort::testing::ScratchDatabase;

constexpr char kOk[] = "";
constexpr char kNotNull[] = "23502";
constexpr char kForeignKeyViolation[] = "23503";
constexpr char kUniqueViolation[] = "23505";
constexpr char kCheckViolation[] = "23514";
constexpr char kExclusionViolation[] = "23P01";

// Runs one parameterised statement in its own transaction and commits it.
// Returns kOk on success, otherwise the SQLSTATE of the error.
template <typename... Args>
std::string SqlStateOf(pqxx::connection& conn, const std::string& sql, Args&&... args) {
  try {
    pqxx::work txn(conn);
    txn.exec_params(sql, std::forward<Args>(args)...);
    txn.commit();
    return kOk;
  } catch (const pqxx::sql_error& e) {
    return e.sqlstate();
  }
}

// Runs a statement expected to succeed and returns the first column of its first row
// (or "" when it returns nothing).
template <typename... Args>
std::string Exec(pqxx::connection& conn, const std::string& sql, Args&&... args) {
  pqxx::work txn(conn);
  const pqxx::result result = txn.exec_params(sql, std::forward<Args>(args)...);
  txn.commit();
  return result.empty() ? "" : result[0][0].c_str();
}

// The scratch database holds the real communes already; these two rows are only inserted when
// it does not (the tests then stay independent of the loader).
void InsertCommunes(pqxx::connection& conn) {
  Exec(conn,
       "INSERT INTO communes (insee_code, name, postal_code, postal_codes, department_code,"
       " latitude, longitude, population) VALUES"
       " ('75056', 'Paris', '75001', '{75001,75002}', '75', 48.8589, 2.347, 2113705),"
       " ('93008', 'Bobigny', '93000', '{93000}', '93', 48.9079, 2.4393, 55662)"
       " ON CONFLICT (insee_code) DO NOTHING");
}

std::string InsertOrganisation(pqxx::connection& conn) {
  return Exec(conn,
              "INSERT INTO organisations (name, kind, address_line, commune_insee_code,"
              " department_code, latitude, longitude)"
              " VALUES ('Les Amis du Quartier', 'ASSOCIATION', '12 rue de la Paix', '75056',"
              " '75', 48.8698, 2.3316) RETURNING id");
}

// A valid in-person recurring mission in Paris (département 75).
std::string InsertMission(pqxx::connection& conn, const std::string& organisation_id,
                          const std::string& title = "Maraude du soir", int places = 10) {
  return Exec(conn,
              "INSERT INTO missions (organisation_id, title, description, domain_slug, format,"
              " department_code, schedule_kind, start_date, commitment_duration_minutes,"
              " commitment_period, places)"
              " VALUES ($1, $2, 'Aller à la rencontre des personnes à la rue.',"
              " 'solidarity_insertion', 'IN_PERSON', '75', 'RECURRING', '2025-01-06', 120,"
              " 'WEEK', $3) RETURNING id",
              organisation_id, title, places);
}

// A valid active volunteer living in Paris.
std::string InsertVolunteer(pqxx::connection& conn, const std::string& email) {
  return Exec(conn,
              "INSERT INTO volunteers (first_name, last_name, email, birth_date,"
              " home_commune_insee_code, department_code, latitude, longitude,"
              " terms_accepted_at, data_processing_consented_at)"
              " VALUES ('Camille', 'Martin', $1, '1990-04-12', '75056', '75', 48.85, 2.35,"
              " now(), now()) RETURNING id",
              email);
}

constexpr char kInsertParticipation[] =
    "INSERT INTO participations (mission_id, volunteer_id, origin, status, waitlisted_at)"
    " VALUES ($1, $2, 'APPLIED', $3, CASE WHEN $3 = 'WAITLISTED' THEN now() END)";

int PlacesHeld(pqxx::connection& conn, const std::string& mission_id) {
  return std::stoi(Exec(conn, "SELECT places_held FROM missions WHERE id = $1", mission_id));
}

class SchemaConstraintsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = ScratchDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    conn_ = std::make_unique<pqxx::connection>(database_->url());
    InsertCommunes(*conn_);
  }

  pqxx::connection& conn() { return *conn_; }

 private:
  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<pqxx::connection> conn_;
};

TEST_F(SchemaConstraintsTest, Missions_RejectsPlacesHeldAbovePlaces) {
  const std::string mission = InsertMission(conn(), InsertOrganisation(conn()), "Maraude", 2);

  EXPECT_EQ(SqlStateOf(conn(), "UPDATE missions SET places_held = 3 WHERE id = $1", mission),
            kCheckViolation);
  EXPECT_EQ(SqlStateOf(conn(), "UPDATE missions SET places = 0 WHERE id = $1", mission),
            kCheckViolation);
}

TEST_F(SchemaConstraintsTest, Participations_HoldingPlacesNeverExceedMissionPlaces) {
  const std::string mission = InsertMission(conn(), InsertOrganisation(conn()), "Maraude", 1);
  const std::string first = InsertVolunteer(conn(), "first@example.org");
  const std::string second = InsertVolunteer(conn(), "second@example.org");

  EXPECT_EQ(SqlStateOf(conn(), kInsertParticipation, mission, first, "PENDING"), kOk);
  EXPECT_EQ(PlacesHeld(conn(), mission), 1);
  // The mission is full: a second place-holding participation is refused, the waitlist is not.
  EXPECT_EQ(SqlStateOf(conn(), kInsertParticipation, mission, second, "PENDING"), kCheckViolation);
  EXPECT_EQ(SqlStateOf(conn(), kInsertParticipation, mission, second, "WAITLISTED"), kOk);

  // Cancelling frees the place, and promoting the waitlisted volunteer takes it again.
  EXPECT_EQ(SqlStateOf(conn(),
                       "UPDATE participations SET status = 'CANCELLED', reason = 'change_mind'"
                       " WHERE volunteer_id = $1",
                       first),
            kOk);
  EXPECT_EQ(PlacesHeld(conn(), mission), 0);
  EXPECT_EQ(
      SqlStateOf(conn(), "UPDATE participations SET status = 'PENDING' WHERE volunteer_id = $1",
                 second),
      kOk);
  EXPECT_EQ(PlacesHeld(conn(), mission), 1);
}

TEST_F(SchemaConstraintsTest, Participations_RejectsSecondActiveOneButAllowsItAfterCancellation) {
  const std::string mission = InsertMission(conn(), InsertOrganisation(conn()));
  const std::string volunteer = InsertVolunteer(conn(), "camille@example.org");

  ASSERT_EQ(SqlStateOf(conn(), kInsertParticipation, mission, volunteer, "PENDING"), kOk);
  EXPECT_EQ(SqlStateOf(conn(), kInsertParticipation, mission, volunteer, "WAITLISTED"),
            kUniqueViolation);

  ASSERT_EQ(
      SqlStateOf(conn(), "UPDATE participations SET status = 'CANCELLED' WHERE mission_id = $1",
                 mission),
      kOk);
  EXPECT_EQ(SqlStateOf(conn(), kInsertParticipation, mission, volunteer, "PENDING"), kOk);
}

TEST_F(SchemaConstraintsTest, Participations_RejectsReasonUnlessRefusedOrCancelled) {
  const std::string mission = InsertMission(conn(), InsertOrganisation(conn()));
  const std::string volunteer = InsertVolunteer(conn(), "camille@example.org");
  ASSERT_EQ(SqlStateOf(conn(), kInsertParticipation, mission, volunteer, "PENDING"), kOk);

  const std::string set_reason =
      "UPDATE participations SET status = $1, reason = $2 WHERE mission_id = $3";
  EXPECT_EQ(SqlStateOf(conn(), set_reason, "IN_REVIEW", "no_response", mission), kCheckViolation);
  EXPECT_EQ(SqlStateOf(conn(), set_reason, "REFUSED", "because", mission), kCheckViolation);
  EXPECT_EQ(SqlStateOf(conn(), set_reason, "REFUSED", "requirements_not_fulfilled", mission), kOk);
}

TEST_F(SchemaConstraintsTest, Volunteers_RejectsEmailDifferingOnlyByCase) {
  InsertVolunteer(conn(), "Camille.Martin@Example.org");

  EXPECT_EQ(SqlStateOf(conn(),
                       "INSERT INTO volunteers (first_name, last_name, email, birth_date,"
                       " home_commune_insee_code, department_code, latitude, longitude,"
                       " terms_accepted_at, data_processing_consented_at)"
                       " VALUES ('C', 'M', $1, '1991-01-01', '75056', '75', 48.85, 2.35,"
                       " now(), now())",
                       "camille.martin@EXAMPLE.ORG"),
            kUniqueViolation);
}

TEST_F(SchemaConstraintsTest, Volunteers_OnlyDeletedOnesMayLackPersonalData) {
  const std::string insert =
      "INSERT INTO volunteers (status, deleted_at, first_name, last_name, email, birth_date,"
      " home_commune_insee_code, department_code, latitude, longitude,"
      " terms_accepted_at, data_processing_consented_at)"
      " VALUES ($1, CASE WHEN $1 = 'DELETED' THEN now() END, NULL, NULL, $2, NULL, NULL, '75',"
      " NULL, NULL, now(), now())";

  EXPECT_EQ(SqlStateOf(conn(), insert, "ACTIVE", "camille@example.org"), kCheckViolation);
  EXPECT_EQ(SqlStateOf(conn(), insert, "PAUSED", "camille@example.org"), kCheckViolation);
  // An erased row keeps no personal column, not even the email.
  EXPECT_EQ(SqlStateOf(conn(), insert, "DELETED", "camille@example.org"), kCheckViolation);
  EXPECT_EQ(SqlStateOf(conn(), insert, "DELETED", nullptr), kOk);
}

TEST_F(SchemaConstraintsTest, WeeklySlots_RejectsOverlapButAllowsBackToBack) {
  const std::string mission = InsertMission(conn(), InsertOrganisation(conn()));
  const std::string volunteer = InsertVolunteer(conn(), "camille@example.org");
  const std::string mission_slot =
      "INSERT INTO mission_weekly_slots (mission_id, weekday, start_minute, end_minute)"
      " VALUES ($1, $2, $3, $4)";
  const std::string volunteer_slot =
      "INSERT INTO volunteer_weekly_slots (volunteer_id, weekday, start_minute, end_minute)"
      " VALUES ($1, $2, $3, $4)";

  // Monday 10:00-12:00, then 12:00-14:00 (back to back), then 11:00-13:00 (overlaps both).
  EXPECT_EQ(SqlStateOf(conn(), mission_slot, mission, 1, 600, 720), kOk);
  EXPECT_EQ(SqlStateOf(conn(), mission_slot, mission, 1, 720, 840), kOk);
  EXPECT_EQ(SqlStateOf(conn(), mission_slot, mission, 1, 660, 780), kExclusionViolation);
  EXPECT_EQ(SqlStateOf(conn(), mission_slot, mission, 2, 660, 780), kOk);
  EXPECT_EQ(SqlStateOf(conn(), mission_slot, mission, 8, 600, 720), kCheckViolation);
  EXPECT_EQ(SqlStateOf(conn(), mission_slot, mission, 3, 720, 600), kCheckViolation);

  EXPECT_EQ(SqlStateOf(conn(), volunteer_slot, volunteer, 6, 540, 720), kOk);
  EXPECT_EQ(SqlStateOf(conn(), volunteer_slot, volunteer, 6, 720, 1440), kOk);
  EXPECT_EQ(SqlStateOf(conn(), volunteer_slot, volunteer, 6, 600, 660), kExclusionViolation);
}

TEST_F(SchemaConstraintsTest, MissionAddresses_RejectsAddressInAnotherDepartement) {
  const std::string mission = InsertMission(conn(), InsertOrganisation(conn()));
  const std::string insert =
      "INSERT INTO mission_addresses (mission_id, position, label, commune_insee_code,"
      " department_code, latitude, longitude) VALUES ($1, $2, $3, $4, $5, $6, $7)";

  EXPECT_EQ(SqlStateOf(conn(), insert, mission, 0, "Place de la République", "75056", "75", 48.8674,
                       2.3636),
            kOk);
  // Bobigny is in Seine-Saint-Denis (93), not in the mission's département (75).
  EXPECT_EQ(SqlStateOf(conn(), insert, mission, 1, "Préfecture", "93008", "93", 48.9079, 2.4393),
            kForeignKeyViolation);
  // Claiming 75 for a commune of 93 is refused too.
  EXPECT_EQ(SqlStateOf(conn(), insert, mission, 1, "Préfecture", "93008", "75", 48.9079, 2.4393),
            kForeignKeyViolation);
}

TEST_F(SchemaConstraintsTest, ReferenceSlugs_RejectsUnknownDomainAndSkill) {
  const std::string organisation = InsertOrganisation(conn());
  const std::string mission = InsertMission(conn(), organisation);
  const std::string volunteer = InsertVolunteer(conn(), "camille@example.org");

  EXPECT_EQ(
      SqlStateOf(conn(), "UPDATE missions SET domain_slug = 'cooking' WHERE id = $1", mission),
      kForeignKeyViolation);
  EXPECT_EQ(SqlStateOf(conn(), "INSERT INTO mission_skills VALUES ($1, $2)", mission, "permis_b"),
            kOk);
  EXPECT_EQ(SqlStateOf(conn(), "INSERT INTO mission_skills VALUES ($1, $2)", mission, "telepathy"),
            kForeignKeyViolation);
  EXPECT_EQ(
      SqlStateOf(conn(), "INSERT INTO volunteer_domains VALUES ($1, $2)", volunteer, "health"),
      kOk);
  EXPECT_EQ(
      SqlStateOf(conn(), "INSERT INTO volunteer_domains VALUES ($1, $2)", volunteer, "Health"),
      kForeignKeyViolation);
}

TEST_F(SchemaConstraintsTest, Enums_RejectsUnknownValues) {
  const std::string mission = InsertMission(conn(), InsertOrganisation(conn()));
  const std::string volunteer = InsertVolunteer(conn(), "camille@example.org");

  EXPECT_EQ(SqlStateOf(conn(), "UPDATE missions SET status = 'ONLINE' WHERE id = $1", mission),
            kCheckViolation);
  EXPECT_EQ(SqlStateOf(conn(), "UPDATE missions SET format = 'in_person' WHERE id = $1", mission),
            kCheckViolation);
  EXPECT_EQ(SqlStateOf(conn(), kInsertParticipation, mission, volunteer, "APPLIED"),
            kCheckViolation);
  EXPECT_EQ(SqlStateOf(conn(), "UPDATE organisations SET kind = 'CHARITY'"), kCheckViolation);
}

TEST_F(SchemaConstraintsTest, Coordinates_RejectsLatitudeOutOfRange) {
  const std::string volunteer = InsertVolunteer(conn(), "camille@example.org");
  const std::string mission = InsertMission(conn(), InsertOrganisation(conn()));

  EXPECT_EQ(SqlStateOf(conn(), "UPDATE volunteers SET latitude = 90.5 WHERE id = $1", volunteer),
            kCheckViolation);
  EXPECT_EQ(SqlStateOf(conn(), "UPDATE volunteers SET longitude = -180.5 WHERE id = $1", volunteer),
            kCheckViolation);
  EXPECT_EQ(SqlStateOf(conn(),
                       "INSERT INTO mission_addresses (mission_id, position, label,"
                       " commune_insee_code, department_code, latitude, longitude)"
                       " VALUES ($1, 0, 'Nulle part', '75056', '75', -91, 2.35)",
                       mission),
            kCheckViolation);
}

TEST_F(SchemaConstraintsTest, Organisations_RejectsMissingNameAndMalformedSiret) {
  const std::string insert =
      "INSERT INTO organisations (name, kind, siret, address_line, commune_insee_code,"
      " department_code, latitude, longitude)"
      " VALUES ($1, 'ASSOCIATION', $2, '1 place de l''Hôtel de Ville', '75056', '75', 48.85, 2.35)";

  EXPECT_EQ(SqlStateOf(conn(), insert, nullptr, nullptr), kNotNull);
  EXPECT_EQ(SqlStateOf(conn(), insert, "Secours Voisins", "1234"), kCheckViolation);
  EXPECT_EQ(SqlStateOf(conn(), insert, "Secours Voisins", "12345678900017"), kOk);
  EXPECT_EQ(SqlStateOf(conn(), insert, "Autre nom", "12345678900017"), kUniqueViolation);
}

TEST_F(SchemaConstraintsTest, Invitations_RejectsSecondPendingProposalForSameVolunteer) {
  const std::string mission = InsertMission(conn(), InsertOrganisation(conn()));
  const std::string volunteer = InsertVolunteer(conn(), "camille@example.org");
  const std::string propose =
      "INSERT INTO invitations (mission_id, volunteer_id, score, expires_at)"
      " VALUES ($1, $2, $3, now() + interval '7 days')";

  EXPECT_EQ(SqlStateOf(conn(), propose, mission, volunteer, 1.5), kCheckViolation);
  EXPECT_EQ(SqlStateOf(conn(), propose, mission, volunteer, 0.82), kOk);
  EXPECT_EQ(SqlStateOf(conn(), propose, mission, volunteer, 0.82), kUniqueViolation);
}

TEST_F(SchemaConstraintsTest, Notifications_ExistOncePerDedupKey) {
  const std::string insert =
      "INSERT INTO notifications (recipient_kind, recipient_id, kind, dedup_key)"
      " VALUES ('VOLUNTEER', 'v-1', 'participation.accepted', $1)";

  EXPECT_EQ(SqlStateOf(conn(), insert, "event-1:VOLUNTEER:v-1"), kOk);
  EXPECT_EQ(SqlStateOf(conn(), insert, "event-1:VOLUNTEER:v-1"), kUniqueViolation);
  EXPECT_EQ(
      SqlStateOf(conn(), insert + " ON CONFLICT (dedup_key) DO NOTHING", "event-1:VOLUNTEER:v-1"),
      kOk);
  EXPECT_EQ(Exec(conn(), "SELECT count(*) FROM notifications"), "1");
}

TEST_F(SchemaConstraintsTest, Missions_FullTextSearchFoldsAccents) {
  const std::string organisation = InsertOrganisation(conn());
  const std::string wanted = InsertMission(conn(), organisation, "Bénévolat auprès des sans-abri");
  InsertMission(conn(), organisation, "Soutien scolaire en ligne");

  EXPECT_EQ(Exec(conn(),
                 "SELECT string_agg(id::text, ',') FROM missions WHERE search_vector @@"
                 " websearch_to_tsquery('renfort_french', 'benevolat aupres des sans abri')"),
            wanted);
}

}  // namespace
}  // namespace renfort
