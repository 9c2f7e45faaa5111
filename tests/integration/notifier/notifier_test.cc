// The notifier against the real PostgreSQL and a private Redis: events written to the outbox
// as the services write them, relayed to the stream, consumed by the `notifier` group. Each
// notification exists exactly once per recipient, through redeliveries and a dead consumer.
// Every mission of the fixtures is written with its mission.published event, so each also
// notifies the coordinators of its département ("59": the fixtures' missions are in Lille).
#include "services/notifier/notifier.h"

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/participation.pb.h"
#include "storage/outbox.h"
#include "storage/outbox_relay.h"
#include "storage/pg/connection_pool.h"
#include "storage/redis/event_consumer.h"
#include "storage/redis/redis_client.h"
#include "tests/integration/matching/matching_fixtures.h"
#include "tests/support/private_redis.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"

namespace renfort::services {
namespace {

namespace v1 = renfort::v1;
using ::renfort::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

constexpr absl::Duration kDeadline = absl::Seconds(20);

// (recipient_kind, recipient_id, kind) of every notification.
using Row = std::tuple<std::string, std::string, std::string>;

class NotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::ScratchDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    redis_ = testing::PrivateRedis::Start();
    ASSERT_NE(redis_, nullptr);
    fixtures_ = std::make_unique<testing::MatchingFixtures>(database_->url());
    auto pool = storage::ConnectionPool::Open(database_->url(), 2);
    ASSERT_THAT(pool, IsOk());
    pool_ = *std::move(pool);
    relay_ = std::make_unique<storage::OutboxRelay>(database_->url(), redis_->endpoint());
    organisation_ = fixtures_->Organisation();
  }

  std::unique_ptr<Notifier> MakeNotifier(const std::string& consumer,
                                         absl::Duration claim_idle = absl::Seconds(30)) {
    NotifierOptions options;
    options.consumer = consumer;
    options.claim_idle = claim_idle;
    options.block = absl::Milliseconds(5);
    return std::make_unique<Notifier>(*pool_, redis_->endpoint(), options);
  }

  // Relays every outbox row written so far to the stream.
  void Relay() {
    while (true) {
      absl::StatusOr<int> published = relay_->PublishBatch();
      ASSERT_THAT(published, IsOk());
      if (*published == 0) return;
    }
  }

  // Polls until a poll handles nothing and nothing is pending in the group.
  void Drain(Notifier& notifier) {
    const absl::Time deadline = absl::Now() + kDeadline;
    while (absl::Now() < deadline) {
      absl::StatusOr<int> handled = notifier.PollOnce();
      ASSERT_THAT(handled, IsOk());
      if (*handled == 0 && Pending() == 0) return;
    }
    FAIL() << "the notifier did not drain the stream in time";
  }

  long long Pending() {
    auto redis = storage::RedisConnection::Connect(redis_->endpoint(), absl::Seconds(2));
    EXPECT_THAT(redis, IsOk());
    absl::StatusOr<storage::RedisReply> reply =
        (*redis)->Run({"XPENDING", storage::kEventStream, kNotifierGroup});
    EXPECT_THAT(reply, IsOk());
    if (!reply.ok() || reply->elements.empty()) return -1;
    return reply->elements[0].integer;
  }

  void RedisCommand(const std::vector<std::string>& command) {
    auto redis = storage::RedisConnection::Connect(redis_->endpoint(), absl::Seconds(2));
    ASSERT_THAT(redis, IsOk());
    absl::StatusOr<storage::RedisReply> reply = (*redis)->Run(command);
    ASSERT_THAT(reply, IsOk());
    ASSERT_NE(reply->type, storage::RedisReply::Type::kError) << reply->text;
  }

  std::vector<Row> Notifications() {
    pqxx::work txn(fixtures_->connection());
    std::vector<Row> rows;
    for (const pqxx::row& row : txn.exec(
             "SELECT recipient_kind, recipient_id, kind FROM notifications "
             "ORDER BY recipient_kind, recipient_id, kind, id")) {
      rows.emplace_back(row[0].as<std::string>(), row[1].as<std::string>(),
                        row[2].as<std::string>());
    }
    return rows;
  }

  std::string Single(const std::string& sql) {
    pqxx::work txn(fixtures_->connection());
    return txn.exec1(sql)[0].as<std::string>();
  }

  std::string Mission(int places, const std::string& title = "Collecte alimentaire") {
    testing::MissionFixture mission;
    mission.organisation_id = organisation_;
    mission.places = places;
    mission.title = title;
    return fixtures_->Mission(mission);
  }

  std::string Volunteer(const std::string& last_name) {
    testing::VolunteerFixture volunteer;
    volunteer.last_name = last_name;
    return fixtures_->Volunteer(volunteer);
  }

  // Moves a participation from `from` to `to` as the services do: the row and its
  // participation.transitioned event (the Participation with its new transition) together.
  void Transition(const std::string& participation_id, const std::string& mission_id,
                  const std::string& volunteer_id, v1::ParticipationStatus from,
                  v1::ParticipationStatus to) {
    pqxx::work txn(fixtures_->connection());
    const std::string to_name = v1::ParticipationStatus_Name(to).substr(21);
    txn.exec_params(
        "UPDATE participations SET status = $2, "
        "  reason = CASE WHEN $2 = 'REFUSED' THEN 'other' END WHERE id = $1",
        participation_id, to_name);
    v1::Participation participation;
    participation.set_id(participation_id);
    participation.set_mission_id(mission_id);
    participation.set_organisation_id(organisation_);
    participation.set_volunteer_id(volunteer_id);
    participation.set_status(to);
    v1::ParticipationTransition& transition = *participation.add_transitions();
    transition.set_from_status(from);
    transition.set_to_status(to);
    storage::AppendOutboxEvent(txn, "participation.transitioned",
                               storage::Aggregate::kParticipation, participation_id,
                               participation);
    txn.commit();
  }

  // Cancels a mission as MissionService does: its active participations end with reason
  // MISSION_TERMINATED in the transaction that writes mission.cancelled.
  void CancelMission(const std::string& mission_id) {
    pqxx::work txn(fixtures_->connection());
    txn.exec_params(
        "UPDATE participations SET status = 'CANCELLED', reason = 'mission_terminated' "
        "WHERE mission_id = $1 AND status IN ('WAITLISTED', 'PENDING', 'IN_REVIEW', 'ACCEPTED')",
        mission_id);
    txn.exec_params("UPDATE missions SET status = 'CANCELLED', closed_at = now() WHERE id = $1", mission_id);
    v1::Mission mission;
    mission.set_id(mission_id);
    mission.set_organisation_id(organisation_);
    mission.set_status(v1::MISSION_STATUS_CANCELLED);
    storage::AppendOutboxEvent(txn, "mission.cancelled", storage::Aggregate::kMission, mission_id,
                               mission);
    txn.commit();
  }

  // Writes `event_type` for the mission as MissionService does: the Mission as read back.
  void MissionEvent(const std::string& mission_id, const std::string& event_type) {
    pqxx::work txn(fixtures_->connection());
    v1::Mission mission;
    mission.set_id(mission_id);
    mission.set_organisation_id(organisation_);
    storage::AppendOutboxEvent(txn, event_type, storage::Aggregate::kMission, mission_id, mission);
    txn.commit();
  }

  std::unique_ptr<testing::ScratchDatabase> database_;
  std::unique_ptr<testing::PrivateRedis> redis_;
  std::unique_ptr<testing::MatchingFixtures> fixtures_;
  std::unique_ptr<storage::ConnectionPool> pool_;
  std::unique_ptr<storage::OutboxRelay> relay_;
  std::string organisation_;
};

TEST_F(NotifierTest, WritesOneNotificationPerRecipientForEachEvent) {
  const std::string mission = Mission(10, "Maraude du soir");
  const std::string accepted = Volunteer("Accepte");
  const std::string refused = Volunteer("Refuse");
  const std::string promoted = Volunteer("Promu");
  const std::string invited = Volunteer("Invite");
  const std::string p1 = fixtures_->Participation(mission, accepted, "PENDING");
  const std::string p2 = fixtures_->Participation(mission, refused, "PENDING");
  const std::string p3 = fixtures_->Participation(mission, promoted, "WAITLISTED");
  Transition(p1, mission, accepted, v1::PARTICIPATION_STATUS_PENDING,
             v1::PARTICIPATION_STATUS_ACCEPTED);
  Transition(p2, mission, refused, v1::PARTICIPATION_STATUS_PENDING,
             v1::PARTICIPATION_STATUS_REFUSED);
  Transition(p3, mission, promoted, v1::PARTICIPATION_STATUS_WAITLISTED,
             v1::PARTICIPATION_STATUS_PENDING);
  const std::string invitation =
      fixtures_->Invitation(mission, invited, "PROPOSED", absl::FromUnixSeconds(1900000000));
  Relay();
  std::unique_ptr<Notifier> notifier = MakeNotifier("notifier-a");
  Drain(*notifier);

  EXPECT_THAT(Notifications(),
              UnorderedElementsAre(Row{"COORDINATOR", "59", "mission_published"},
                                   Row{"VOLUNTEER", accepted, "participation_accepted"},
                                   Row{"VOLUNTEER", refused, "participation_refused"},
                                   Row{"VOLUNTEER", promoted, "waitlist_promoted"},
                                   Row{"VOLUNTEER", invited, "invitation_received"}));
  EXPECT_EQ(Single(absl::StrCat("SELECT payload->>'title' FROM notifications WHERE kind = "
                                "'participation_accepted'")),
            "Votre participation à la mission « Maraude du soir » est acceptée");
  EXPECT_EQ(Single("SELECT payload->>'participation_id' FROM notifications WHERE kind = "
                   "'participation_refused'"),
            p2);
  EXPECT_EQ(Single("SELECT payload->>'invitation_id' FROM notifications WHERE kind = "
                   "'invitation_received'"),
            invitation);
  EXPECT_EQ(Single("SELECT count(*) FROM notifications WHERE source_event_id IS NULL"), "0");

  // Cancelling the mission notifies the participations it ended: accepted and promoted, not
  // the refused one nor the invited volunteer.
  CancelMission(mission);
  Relay();
  Drain(*notifier);
  std::vector<Row> cancelled;
  for (const Row& row : Notifications()) {
    if (std::get<2>(row) == "mission_cancelled") cancelled.push_back(row);
  }
  EXPECT_THAT(cancelled, UnorderedElementsAre(Row{"VOLUNTEER", accepted, "mission_cancelled"},
                                              Row{"VOLUNTEER", promoted, "mission_cancelled"}));
  EXPECT_EQ(Single("SELECT payload->>'title' FROM notifications WHERE kind = 'mission_cancelled' "
                   "LIMIT 1"),
            "La mission « Maraude du soir » est annulée");
}

TEST_F(NotifierTest, TellsTheOrganisationOnceWhenAMissionIsAlmostFullAndFull) {
  // Pending applications hold places too (participations_hold_places): the fourth of five
  // makes the mission almost full, the fifth full.
  const std::string mission = Mission(5);
  std::unique_ptr<Notifier> notifier = MakeNotifier("notifier-a");
  for (int i = 0; i < 5; ++i) {
    fixtures_->Participation(mission, Volunteer(absl::StrCat("V", i)), "PENDING");
    Relay();
    Drain(*notifier);
  }
  std::map<std::string, int> organisation_kinds;
  for (const auto& [kind, id, what] : Notifications()) {
    if (kind == "ORGANISATION") {
      EXPECT_EQ(id, organisation_);
      ++organisation_kinds[what];
    }
  }
  EXPECT_THAT(organisation_kinds,
              ElementsAre(Pair("mission_almost_full", 1), Pair("mission_full", 1)));
  EXPECT_THAT(Single("SELECT payload->>'title' FROM notifications WHERE kind = 'mission_full'"),
              HasSubstr("est complète"));
}

TEST_F(NotifierTest, TellsTheDepartementsCoordinatorsOnceWhenAMissionIsPublished) {
  // An organisation based in Paris: its mission in Lille goes to the Nord's coordinators, its
  // remote mission (no département of its own) to Paris's.
  {
    pqxx::work txn(fixtures_->connection());
    txn.exec_params(
        "UPDATE organisations SET (commune_insee_code, department_code, latitude, longitude) = "
        "  (SELECT insee_code, department_code, latitude, longitude FROM communes "
        "   WHERE insee_code = '75056') WHERE id = $1",
        organisation_);
    txn.commit();
  }
  const std::string in_lille = Mission(4, "Maraude du soir");
  testing::MissionFixture remote_fixture;
  remote_fixture.organisation_id = organisation_;
  remote_fixture.title = "Soutien scolaire en ligne";
  remote_fixture.format = "REMOTE";
  remote_fixture.places = 1;
  const std::string remote = fixtures_->Mission(remote_fixture);
  Relay();
  std::unique_ptr<Notifier> notifier = MakeNotifier("notifier-a");
  Drain(*notifier);
  EXPECT_THAT(Notifications(), UnorderedElementsAre(Row{"COORDINATOR", "59", "mission_published"},
                                                    Row{"COORDINATOR", "75", "mission_published"}));
  EXPECT_EQ(Single("SELECT payload->>'mission_id' FROM notifications WHERE recipient_id = '59'"),
            in_lille);
  EXPECT_EQ(Single("SELECT payload->>'mission_id' FROM notifications WHERE recipient_id = '75'"),
            remote);
  EXPECT_EQ(Single("SELECT payload->>'title' FROM notifications WHERE recipient_id = '59'"),
            "Nouvelle mission publiée : « Maraude du soir »");
  EXPECT_EQ(Single("SELECT payload->>'body' FROM notifications WHERE recipient_id = '59'"),
            "L'organisation « Banque alimentaire du Nord » a publié cette mission (4 places).");
  EXPECT_EQ(Single("SELECT payload->>'body' FROM notifications WHERE recipient_id = '75'"),
            "L'organisation « Banque alimentaire du Nord » a publié cette mission, à distance "
            "(1 place).");
  const std::vector<Row> first = Notifications();

  // The same events delivered again: the group replayed, then appended a second time as a relay
  // whose commit failed does; and the mission published anew after a pause (a new event).
  RedisCommand({"XGROUP", "SETID", storage::kEventStream, kNotifierGroup, "0"});
  Drain(*notifier);
  {
    pqxx::work txn(fixtures_->connection());
    txn.exec("UPDATE outbox_events SET published_at = NULL");
    txn.commit();
  }
  MissionEvent(in_lille, "mission.paused");
  MissionEvent(in_lille, "mission.published");
  Relay();
  Drain(*notifier);
  EXPECT_EQ(Notifications(), first);
  EXPECT_EQ(Single("SELECT count(DISTINCT source_event_id) FROM notifications"), "2");
}

TEST_F(NotifierTest, AMissionEndedBeforeItsPublicationWasHandledIsNotNews) {
  const std::string mission = Mission(3);
  fixtures_->UpdateMission(mission, "UPDATE missions SET status = 'CANCELLED', closed_at = now() "
                                    "WHERE id = $1", "mission.cancelled");
  Relay();
  std::unique_ptr<Notifier> notifier = MakeNotifier("notifier-a");
  Drain(*notifier);
  EXPECT_TRUE(Notifications().empty());
}

TEST_F(NotifierTest, CoordinatorNotificationsAreAddressedToADepartementCode) {
  pqxx::work txn(fixtures_->connection());
  EXPECT_THROW(txn.exec("INSERT INTO notifications (recipient_kind, recipient_id, kind, dedup_key) "
                        "VALUES ('COORDINATOR', 'coordinator-59', 'mission_published', 'k')"),
               pqxx::check_violation);
}

TEST_F(NotifierTest, RedeliveredEventsAddNothing) {
  const std::string mission = Mission(3);
  const std::string volunteer = Volunteer("Redelivre");
  const std::string participation = fixtures_->Participation(mission, volunteer, "PENDING");
  Transition(participation, mission, volunteer, v1::PARTICIPATION_STATUS_PENDING,
             v1::PARTICIPATION_STATUS_ACCEPTED);
  fixtures_->Invitation(Mission(2), volunteer, "PROPOSED", absl::FromUnixSeconds(1900000000));
  Relay();
  std::unique_ptr<Notifier> notifier = MakeNotifier("notifier-a");
  Drain(*notifier);
  const std::vector<Row> first = Notifications();
  ASSERT_EQ(first.size(), 4u);  // the two missions to the coordinators, then the volunteer's

  // The whole stream again, to the same group...
  RedisCommand({"XGROUP", "SETID", storage::kEventStream, kNotifierGroup, "0"});
  Drain(*notifier);
  EXPECT_EQ(Notifications(), first);
  // ...and the same events appended a second time, as a relay whose commit failed does.
  {
    pqxx::work txn(fixtures_->connection());
    txn.exec("UPDATE outbox_events SET published_at = NULL");
    txn.commit();
  }
  Relay();
  Drain(*notifier);
  EXPECT_EQ(Notifications(), first);
}

TEST_F(NotifierTest, TakesOverTheEntriesOfADeadNotifier) {
  const std::string mission = Mission(3);
  const std::string volunteer = Volunteer("Repris");
  const std::string participation = fixtures_->Participation(mission, volunteer, "PENDING");
  Transition(participation, mission, volunteer, v1::PARTICIPATION_STATUS_PENDING,
             v1::PARTICIPATION_STATUS_REFUSED);
  Relay();
  // A notifier that read the batch and died before acknowledging it: a member of the group
  // whose handler never finishes its work.
  {
    storage::EventConsumerOptions options;
    options.group = kNotifierGroup;
    options.consumer = "notifier-dead";
    options.block = absl::Milliseconds(5);
    storage::EventConsumer dead(redis_->endpoint(), options,
                                [](const std::vector<storage::Event>&) {
                                  return absl::UnavailableError("killed");
                                });
    EXPECT_FALSE(dead.PollOnce().ok());
  }
  ASSERT_GT(Pending(), 0);
  EXPECT_TRUE(Notifications().empty());

  std::unique_ptr<Notifier> survivor = MakeNotifier("notifier-b", absl::Milliseconds(1));
  const absl::Time deadline = absl::Now() + kDeadline;
  while (Pending() != 0 && absl::Now() < deadline) {
    ASSERT_THAT(survivor->PollOnce(), IsOk());
  }
  EXPECT_EQ(Pending(), 0);
  EXPECT_THAT(Notifications(),
              ElementsAre(Row{"COORDINATOR", "59", "mission_published"},
                          Row{"VOLUNTEER", volunteer, "participation_refused"}));
}

TEST_F(NotifierTest, EventsAboutRowsThisDatabaseDoesNotHoldAreSkipped) {
  // An event naming rows this database does not hold, as another deployment's would.
  storage::Event foreign{.event_id = "0b9a3c4e-1d2f-4a5b-8c7d-0000000000ff",
                         .type = "invitation.created", .aggregate_type = "INVITATION",
                         .aggregate_id = "0b9a3c4e-1d2f-4a5b-8c7d-0000000000fe",
                         .payload = "", .created_at = absl::Now()};
  {
    auto redis = storage::RedisConnection::Connect(redis_->endpoint(), absl::Seconds(2));
    ASSERT_THAT(redis, IsOk());
    ASSERT_THAT(storage::EventStream(**redis, storage::kEventStream).Append({foreign}, 0), IsOk());
  }
  std::unique_ptr<Notifier> notifier = MakeNotifier("notifier-a");
  Drain(*notifier);
  EXPECT_TRUE(Notifications().empty());
}

}  // namespace
}  // namespace renfort::services
