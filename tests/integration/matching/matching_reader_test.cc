// The snapshot loader and the by-id reloads (storage/matching/matching_reader.h) against the real
// PostgreSQL, and the live index built from them.
#include "storage/matching/matching_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "absl/container/flat_hash_map.h"
#include "services/matching/invitation_expirer.h"
#include "services/matching/live_index.h"
#include "storage/matching/row_values.h"
#include "storage/pg/connection_pool.h"
#include "tests/integration/matching/matching_fixtures.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"

namespace renfort {
namespace {

namespace v1 = ::renfort::v1;
using ::renfort::testing::IsOk;
using ::renfort::testing::MatchingFixtures;
using ::renfort::testing::MissionFixture;
using ::renfort::testing::ScratchDatabase;
using ::renfort::testing::StatusIs;
using ::renfort::testing::VolunteerFixture;
using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

struct Snapshot {
  absl::flat_hash_map<std::string, v1::Mission> missions;
  absl::flat_hash_map<std::string, storage::IndexedVolunteer> volunteers;
  std::vector<std::pair<std::string, std::string>> involvements;
};

absl::StatusOr<Snapshot> ReadAll(pqxx::connection& connection, absl::Time now, int batch_size) {
  Snapshot snapshot;
  pqxx::read_transaction txn(connection);
  storage::SnapshotSink sink{
      .mission =
          [&](const v1::Mission& m) {
            snapshot.missions[m.id()] = m;
            return absl::OkStatus();
          },
      .volunteer =
          [&](const storage::IndexedVolunteer& v) {
            snapshot.volunteers[v.volunteer.id()] = v;
            return absl::OkStatus();
          },
      .involvement =
          [&](const std::string& m, const std::string& v) {
            snapshot.involvements.emplace_back(m, v);
            return absl::OkStatus();
          },
  };
  absl::StatusOr<storage::SnapshotCounts> counts =
      storage::ReadSnapshot(txn, now, sink, batch_size);
  if (!counts.ok()) return counts.status();
  return snapshot;
}

class MatchingReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = ScratchDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    fixtures_ = std::make_unique<MatchingFixtures>(database_->url());
    organisation_ = fixtures_->Organisation();
  }

  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<MatchingFixtures> fixtures_;
  std::string organisation_;
};

TEST_F(MatchingReaderTest, SnapshotHoldsExactlyTheIndexedRowsAsStored) {
  const std::string published =
      fixtures_->Mission({.organisation_id = organisation_, .skills = {"permis_b"}, .places = 7});
  const std::string paused = fixtures_->Mission(
      {.organisation_id = organisation_, .format = "REMOTE", .status = "PAUSED"});
  fixtures_->Mission({.organisation_id = organisation_, .status = "DRAFT"});
  const std::string active = fixtures_->Volunteer({.first_name = "Inès",
                                                   .commune = "59512",
                                                   .max_travel_km = 35,
                                                   .accepts_remote = true,
                                                   .domains = {"education", "health"},
                                                   .skills = {"permis_b"},
                                                   .weekly_slots = {{3, 600, 1080}, {6, 0, 1440}}});
  const std::string resting = fixtures_->Volunteer({.status = "PAUSED"});
  const absl::Time now = absl::Now();
  fixtures_->Participation(published, active, "DONE");
  fixtures_->Participation(published, active, "NO_SHOW");
  fixtures_->Participation(paused, active, "PENDING");
  // At `now` itself: counted in the month of `now` even on the first second of a month.
  fixtures_->Invitation(published, active, "DECLINED", now);
  fixtures_->Invitation(paused, active, "EXPIRED", now - absl::Hours(24 * 40));
  fixtures_->Invitation(published, resting, "PROPOSED", now - absl::Minutes(1));

  for (int batch_size : {1, 5000}) {
    SCOPED_TRACE(batch_size);
    absl::StatusOr<Snapshot> snapshot = ReadAll(fixtures_->connection(), now, batch_size);
    ASSERT_THAT(snapshot, IsOk());
    ASSERT_EQ(snapshot->missions.size(), 2u);
    const v1::Mission& mission = snapshot->missions.at(published);
    EXPECT_EQ(mission.organisation_id(), organisation_);
    EXPECT_EQ(mission.organisation_name(), "Banque alimentaire du Nord");
    EXPECT_EQ(mission.title(), "Collecte alimentaire");
    EXPECT_EQ(mission.status(), v1::MISSION_STATUS_PUBLISHED);
    EXPECT_EQ(mission.format(), v1::FORMAT_IN_PERSON);
    EXPECT_EQ(mission.domain(), v1::DOMAIN_SOLIDARITY_INSERTION);
    EXPECT_EQ(mission.department_code(), "59");
    EXPECT_EQ(mission.time_zone(), "Europe/Paris");
    EXPECT_EQ(mission.places(), 7);
    EXPECT_EQ(mission.places_held(), 0);
    EXPECT_THAT(mission.required_skills(), ElementsAre("permis_b"));
    ASSERT_EQ(mission.addresses_size(), 1);
    EXPECT_EQ(mission.addresses(0).commune().name(), "Lille");
    EXPECT_NEAR(mission.addresses(0).location().latitude(), 50.6311, 1e-9);
    EXPECT_EQ(mission.schedule().kind(), v1::SCHEDULE_KIND_RECURRING);
    ASSERT_EQ(mission.schedule().weekly_slots_size(), 1);
    EXPECT_EQ(mission.schedule().weekly_slots(0).weekday(), v1::WEEKDAY_WEDNESDAY);
    EXPECT_EQ(mission.schedule().weekly_slots(0).start_minute(), 840);
    EXPECT_EQ(mission.schedule().weekly_slots(0).end_minute(), 960);
    EXPECT_EQ(mission.schedule().date_range().start_date().year(), 2030);
    EXPECT_EQ(mission.end_date().month(), 12);
    EXPECT_EQ(snapshot->missions.at(paused).places_held(), 1);         // the PENDING participation
    EXPECT_EQ(snapshot->missions.at(paused).department_code(), "59");  // the organisation's

    ASSERT_EQ(snapshot->volunteers.size(), 2u);
    const storage::IndexedVolunteer& indexed = snapshot->volunteers.at(active);
    const v1::Volunteer& volunteer = indexed.volunteer;
    EXPECT_EQ(volunteer.first_name(), "Inès");
    EXPECT_EQ(volunteer.status(), v1::VOLUNTEER_STATUS_ACTIVE);
    EXPECT_EQ(volunteer.birth_date().year(), 1990);
    EXPECT_EQ(volunteer.home_commune().name(), "Roubaix");
    EXPECT_EQ(volunteer.home_commune().department_code(), "59");
    EXPECT_NEAR(volunteer.home_commune().centroid().longitude(), 3.1843, 1e-9);
    EXPECT_EQ(volunteer.max_travel_km(), 35);
    EXPECT_TRUE(volunteer.accepts_remote());
    EXPECT_THAT(volunteer.domains(), ElementsAre(v1::DOMAIN_EDUCATION, v1::DOMAIN_HEALTH));
    EXPECT_THAT(volunteer.skills(), ElementsAre("permis_b"));
    ASSERT_EQ(volunteer.availability().weekly_slots_size(), 2);
    EXPECT_EQ(volunteer.availability().weekly_slots(1).weekday(), v1::WEEKDAY_SATURDAY);
    EXPECT_EQ(volunteer.availability().weekly_slots(1).end_minute(), 1440);
    EXPECT_FALSE(volunteer.availability().date_range().has_start_date());
    EXPECT_TRUE(volunteer.has_last_active_time());
    EXPECT_EQ(indexed.activity.done_count, 1);
    EXPECT_EQ(indexed.activity.no_show_count, 1);
    EXPECT_EQ(indexed.activity.invitations_this_month, 1);  // not the one 40 days ago
    EXPECT_EQ(indexed.activity.counted_at, now);
    EXPECT_EQ(snapshot->volunteers.at(resting).volunteer.status(), v1::VOLUNTEER_STATUS_PAUSED);

    EXPECT_THAT(snapshot->involvements,
                UnorderedElementsAre(Pair(paused, active), Pair(published, resting)));
  }
}

TEST_F(MatchingReaderTest, DatedSlotsComeBackInTheDepartmentsLocalTime) {
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_});
  pqxx::work txn(fixtures_->connection());
  txn.exec_params(
      "UPDATE missions SET schedule_kind = 'ONE_OFF', start_date = '2030-06-12', "
      "end_date = '2030-06-12' WHERE id = $1",
      mission);
  txn.exec_params("DELETE FROM mission_weekly_slots WHERE mission_id = $1", mission);
  // 14:00–24:00 Paris summer time is 12:00–22:00 UTC.
  txn.exec_params(
      "INSERT INTO mission_dated_slots VALUES ($1, '2030-06-12 12:00+00', '2030-06-12 22:00+00')",
      mission);
  absl::StatusOr<std::vector<v1::Mission>> missions = storage::ReadIndexedMissions(txn, {mission});
  ASSERT_THAT(missions, IsOk());
  ASSERT_EQ(missions->size(), 1u);
  const v1::Schedule& schedule = (*missions)[0].schedule();
  EXPECT_EQ(schedule.kind(), v1::SCHEDULE_KIND_ONE_OFF);
  ASSERT_EQ(schedule.dated_slots_size(), 1);
  EXPECT_EQ(schedule.dated_slots(0).date().day(), 12);
  EXPECT_EQ(schedule.dated_slots(0).start_minute(), 840);
  EXPECT_EQ(schedule.dated_slots(0).end_minute(), 1440);
}

TEST_F(MatchingReaderTest, ReloadsByIdIgnoreUnknownAndMalformedIds) {
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_});
  pqxx::read_transaction txn(fixtures_->connection());
  absl::StatusOr<std::vector<v1::Mission>> missions =
      storage::ReadIndexedMissions(txn, {mission, "not-a-uuid", "00000000-0000-0000-0000-000000000001"});
  ASSERT_THAT(missions, IsOk());
  ASSERT_EQ(missions->size(), 1u);
  absl::StatusOr<std::vector<storage::IndexedVolunteer>> volunteers =
      storage::ReadVolunteers(txn, {"00000000-0000-0000-0000-000000000001"}, absl::Now());
  ASSERT_THAT(volunteers, IsOk());
  EXPECT_TRUE(volunteers->empty());
}

TEST_F(MatchingReaderTest, LiveIndexRanksFromTheSnapshotAndFollowsRefreshes) {
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_});
  const std::string near = fixtures_->Volunteer({.commune = "59009"});
  const std::string far = fixtures_->Volunteer({.commune = "75056"});
  absl::StatusOr<std::unique_ptr<storage::ConnectionPool>> pool =
      storage::ConnectionPool::Open(database_->url(), 1);
  ASSERT_THAT(pool, IsOk());
  services::LiveIndex index;
  EXPECT_THAT(index.ReadyStatus(), StatusIs(absl::StatusCode::kUnavailable));
  ASSERT_THAT(index.LoadSnapshot(**pool, absl::Now()), IsOk());
  ASSERT_TRUE(index.ready());

  v1::RankVolunteersRequest request;
  request.set_mission_id(mission);
  auto ranked = index.engine()->RankVolunteers(request, absl::Now());
  ASSERT_THAT(ranked, IsOk());
  ASSERT_EQ(ranked->volunteers_size(), 1);
  EXPECT_EQ(ranked->volunteers(0).volunteer_id(), near);

  // The volunteer from Paris (about 204 km away, beyond any travel limit) moves to Lille.
  fixtures_->UpdateVolunteer(
      far,
      "UPDATE volunteers v SET home_commune_insee_code = c.insee_code, latitude = c.latitude, "
      "longitude = c.longitude, department_code = c.department_code FROM communes c "
      "WHERE v.id = $1 AND c.insee_code = '59350'");
  ASSERT_THAT(index.Refresh(**pool, {.volunteer_ids = {far}}, absl::Now()), IsOk());
  ranked = index.engine()->RankVolunteers(request, absl::Now());
  ASSERT_THAT(ranked, IsOk());
  EXPECT_EQ(ranked->volunteers_size(), 2);
  // A redelivered or late event re-reads the same state: nothing changes.
  ASSERT_THAT(index.Refresh(**pool, {.mission_ids = {mission}, .volunteer_ids = {far, near, far}},
                            absl::Now()),
              IsOk());
  auto again = index.engine()->RankVolunteers(request, absl::Now());
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->SerializeAsString(), ranked->SerializeAsString());

  // Erasure (volunteer.deleted) takes the volunteer out of the index.
  fixtures_->UpdateVolunteer(
      near,
      "UPDATE volunteers SET status = 'DELETED', deleted_at = now(), first_name = NULL, "
      "last_name = NULL, email = NULL, phone = NULL, birth_date = NULL, "
      "home_commune_insee_code = NULL, latitude = NULL, longitude = NULL WHERE id = $1",
      "volunteer.deleted");
  ASSERT_THAT(index.Refresh(**pool, {.volunteer_ids = {near}}, absl::Now()), IsOk());
  ranked = index.engine()->RankVolunteers(request, absl::Now());
  ASSERT_THAT(ranked, IsOk());
  ASSERT_EQ(ranked->volunteers_size(), 1);
  EXPECT_EQ(ranked->volunteers(0).volunteer_id(), far);

  fixtures_->UpdateMission(
      mission, "UPDATE missions SET status = 'CANCELLED', closed_at = now() WHERE id = $1");
  ASSERT_THAT(index.Refresh(**pool, {.mission_ids = {mission}}, absl::Now()), IsOk());
  EXPECT_FALSE(index.Mission(mission).has_value());
  EXPECT_THAT(index.engine()->RankVolunteers(request, absl::Now()),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(MatchingReaderTest, OrganisationActivityCountsAnswersAndTheirMedianDelay) {
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_});
  const std::string answered =
      fixtures_->Participation(mission, fixtures_->Volunteer({}), "ACCEPTED");
  fixtures_->Participation(mission, fixtures_->Volunteer({}), "PENDING");
  const absl::Time now = absl::Now();
  {
    pqxx::work txn(fixtures_->connection());
    txn.exec_params("UPDATE participations SET created_at = $1::timestamptz - interval '48 hours'",
                    storage::SqlInstant(now));
    txn.exec_params(
        "INSERT INTO participation_transitions (participation_id, from_status, to_status, "
        "actor_role, actor_id, at) VALUES ($1, 'PENDING', 'ACCEPTED', 'org_manager', 'm1', "
        "$2::timestamptz - interval '24 hours')",
        answered, storage::SqlInstant(now));
    txn.commit();
  }
  pqxx::read_transaction txn(fixtures_->connection());
  auto activities = storage::ReadOrganisationActivity(txn, {}, now);
  ASSERT_THAT(activities, IsOk());
  ASSERT_EQ(activities->size(), 1u);
  EXPECT_EQ((*activities)[0].first, organisation_);
  EXPECT_EQ((*activities)[0].second.applications_received, 2);
  EXPECT_EQ((*activities)[0].second.applications_answered, 1);
  EXPECT_NEAR((*activities)[0].second.median_answer_hours, 24, 1e-6);
  auto none = storage::ReadOrganisationActivity(txn, {"00000000-0000-0000-0000-000000000001"}, now);
  ASSERT_THAT(none, IsOk());
  EXPECT_TRUE(none->empty());
}

TEST_F(MatchingReaderTest, ExpiryEndsOverdueInvitationsAndFreesTheirVolunteers) {
  const std::string mission = fixtures_->Mission({.organisation_id = organisation_});
  const std::string overdue = fixtures_->Volunteer({});
  const std::string pending = fixtures_->Volunteer({});
  const absl::Time now = absl::Now();
  fixtures_->Invitation(mission, overdue, "PROPOSED", now - absl::Hours(24 * 8));
  fixtures_->Invitation(mission, pending, "PROPOSED", now - absl::Hours(24));
  absl::StatusOr<std::unique_ptr<storage::ConnectionPool>> pool =
      storage::ConnectionPool::Open(database_->url(), 1);
  ASSERT_THAT(pool, IsOk());
  services::LiveIndex index;
  ASSERT_THAT(index.LoadSnapshot(**pool, now), IsOk());
  v1::RankVolunteersRequest request;
  request.set_mission_id(mission);
  EXPECT_EQ(index.engine()->RankVolunteers(request, now)->volunteers_size(), 0);

  absl::StatusOr<int> expired = services::ExpireDueInvitations(**pool, index, now);
  ASSERT_THAT(expired, IsOk());
  EXPECT_EQ(*expired, 1);
  expired = services::ExpireDueInvitations(**pool, index, now);
  ASSERT_THAT(expired, IsOk());
  EXPECT_EQ(*expired, 0);
  auto ranked = index.engine()->RankVolunteers(request, now);
  ASSERT_THAT(ranked, IsOk());
  ASSERT_EQ(ranked->volunteers_size(), 1);
  EXPECT_EQ(ranked->volunteers(0).volunteer_id(), overdue);
  pqxx::read_transaction txn(fixtures_->connection());
  EXPECT_EQ(txn.exec("SELECT count(*) FROM invitations WHERE status = 'EXPIRED'")[0][0].as<int>(),
            1);
  EXPECT_EQ(txn.exec("SELECT count(*) FROM outbox_events WHERE type = 'invitation.expired'")[0][0]
                .as<int>(),
            1);
}

}  // namespace
}  // namespace renfort
