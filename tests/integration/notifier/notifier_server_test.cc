// The notifier inside a real renfort-volunteers process (own database, own Redis): an accepted
// participation written to the outbox becomes a notification the volunteer reads through
// ListNotifications over gRPC, once, even after its group is replayed from the start.
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "renfort/v1/participation.pb.h"
#include "renfort/v1/volunteer_service.grpc.pb.h"
#include "services/common/auth/caller.h"
#include "storage/outbox.h"
#include "storage/redis/redis_client.h"
#include "tests/integration/matching/matching_fixtures.h"
#include "tests/support/private_redis.h"
#include "tests/support/running_server.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"
#include "tests/support/test_keys.h"

namespace renfort::testing {
namespace {

namespace v1 = renfort::v1;
using ::grpc::health::v1::HealthCheckResponse;

TEST(NotifierServerTest, AcceptedParticipationIsReadableThroughListNotificationsOnce) {
  auto key = TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "notifier");
  ASSERT_NE(key, nullptr);
  auto database = ScratchDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto redis = PrivateRedis::Start();
  ASSERT_NE(redis, nullptr);
  MatchingFixtures fixtures(database->url());
  const std::string organisation = fixtures.Organisation();
  MissionFixture mission_fixture;
  mission_fixture.organisation_id = organisation;
  mission_fixture.title = "Distribution de repas";
  const std::string mission = fixtures.Mission(mission_fixture);
  const std::string volunteer = fixtures.Volunteer(VolunteerFixture{});
  const std::string participation = fixtures.Participation(mission, volunteer, "PENDING");

  auto server = RunningServer::Start({.binary = RENFORT_VOLUNTEERS_BIN,
                                      .database_url = database->url(),
                                      .jwt_key_files = {key->public_key_file()},
                                      .extra_flags = {"--redis_url=" + redis->url()}});
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->AwaitHealth(HealthCheckResponse::SERVING));

  {
    pqxx::work txn(fixtures.connection());
    txn.exec_params("UPDATE participations SET status = 'ACCEPTED' WHERE id = $1", participation);
    v1::Participation event;
    event.set_id(participation);
    event.set_mission_id(mission);
    event.set_volunteer_id(volunteer);
    event.set_status(v1::PARTICIPATION_STATUS_ACCEPTED);
    v1::ParticipationTransition& transition = *event.add_transitions();
    transition.set_from_status(v1::PARTICIPATION_STATUS_PENDING);
    transition.set_to_status(v1::PARTICIPATION_STATUS_ACCEPTED);
    storage::AppendOutboxEvent(txn, "participation.transitioned",
                               storage::Aggregate::kParticipation, participation, event);
    txn.commit();
  }

  auto stub = v1::VolunteerService::NewStub(server->channel());
  const std::string token =
      key->Token(services::Caller{.subject = volunteer, .roles = {services::Role::kVolunteer}});
  auto list = [&](v1::ListNotificationsResponse& response) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    return stub->ListNotifications(&context, v1::ListNotificationsRequest(), &response);
  };
  v1::ListNotificationsResponse response;
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (absl::Now() < deadline) {
    response.Clear();
    ASSERT_TRUE(list(response).ok());
    if (response.notifications_size() > 0) break;
  }
  ASSERT_EQ(response.notifications_size(), 1);
  const v1::Notification& notification = response.notifications(0);
  EXPECT_EQ(notification.type(), v1::NOTIFICATION_TYPE_PARTICIPATION_ACCEPTED);
  EXPECT_EQ(notification.volunteer_id(), volunteer);
  EXPECT_EQ(notification.title(),
            "Votre participation à la mission « Distribution de repas » est acceptée");
  EXPECT_FALSE(notification.body().empty());
  EXPECT_EQ(notification.mission_id(), mission);
  EXPECT_EQ(notification.participation_id(), participation);
  EXPECT_FALSE(notification.event_id().empty());

  // Replay the group from the start: the server's notifier reads everything again. The group's
  // last-delivered id then passes the replayed entries; once nothing is pending, all were
  // handled, and still only one notification exists.
  {
    auto connection = storage::RedisConnection::Connect(redis->endpoint(), absl::Seconds(2));
    ASSERT_THAT(connection, IsOk());
    ASSERT_THAT((*connection)->Run({"XGROUP", "SETID", "renfort:events", "notifier", "0"}), IsOk());
    absl::StatusOr<storage::RedisReply> newest =
        (*connection)->Run({"XREVRANGE", "renfort:events", "+", "-", "COUNT", "1"});
    ASSERT_THAT(newest, IsOk());
    ASSERT_EQ(newest->elements.size(), 1u);
    const std::string newest_id = newest->elements[0].elements[0].text;
    // Caught up: the group was delivered the newest entry again and acknowledged everything.
    const absl::Time replay_deadline = absl::Now() + absl::Seconds(20);
    bool caught_up = false;
    while (!caught_up && absl::Now() < replay_deadline) {
      absl::StatusOr<storage::RedisReply> groups =
          (*connection)->Run({"XINFO", "GROUPS", "renfort:events"});
      absl::StatusOr<storage::RedisReply> pending =
          (*connection)->Run({"XPENDING", "renfort:events", "notifier"});
      ASSERT_THAT(groups, IsOk());
      ASSERT_THAT(pending, IsOk());
      std::string delivered;
      for (const storage::RedisReply& group : groups->elements) {
        bool is_notifier = false;
        std::string last_delivered;
        for (size_t i = 0; i + 1 < group.elements.size(); i += 2) {
          if (group.elements[i].text == "name") is_notifier = group.elements[i + 1].text == "notifier";
          if (group.elements[i].text == "last-delivered-id") last_delivered = group.elements[i + 1].text;
        }
        if (is_notifier) delivered = last_delivered;
      }
      caught_up = delivered == newest_id && !pending->elements.empty() &&
                  pending->elements[0].integer == 0;
    }
    ASSERT_TRUE(caught_up);
  }
  response.Clear();
  ASSERT_TRUE(list(response).ok());
  EXPECT_EQ(response.notifications_size(), 1);
}

}  // namespace
}  // namespace renfort::testing
