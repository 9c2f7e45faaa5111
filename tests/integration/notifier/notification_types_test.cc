// Every kind of notification renfort writes, read back through ListNotifications of a real
// renfort-volunteers process (whose notifier handles the events) by the one who receives it: the
// volunteer, the organisation's manager, the département's coordinator. Each row comes back with
// the NotificationType of its kind, never UNSPECIFIED, and with its recipient field set.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <pqxx/pqxx>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "renfort/v1/mission.pb.h"
#include "renfort/v1/participation.pb.h"
#include "renfort/v1/volunteer_service.grpc.pb.h"
#include "services/common/auth/caller.h"
#include "storage/notifications/scheduled_notifications.h"
#include "storage/outbox.h"
#include "storage/pg/connection_pool.h"
#include "storage/volunteers/retention.h"
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
using ::renfort::services::Caller;
using ::renfort::services::Role;

// Spelled out here rather than derived, so a kind whose value is missing or renamed fails.
const std::map<std::string, v1::NotificationType>& ExpectedTypes() {
  static const auto* const kTypes = new std::map<std::string, v1::NotificationType>{
      {"participation_accepted", v1::NOTIFICATION_TYPE_PARTICIPATION_ACCEPTED},
      {"participation_refused", v1::NOTIFICATION_TYPE_PARTICIPATION_REFUSED},
      {"waitlist_promoted", v1::NOTIFICATION_TYPE_WAITLIST_PROMOTED},
      {"invitation_received", v1::NOTIFICATION_TYPE_INVITATION_RECEIVED},
      {"mission_cancelled", v1::NOTIFICATION_TYPE_MISSION_CANCELLED},
      {"mission_almost_full", v1::NOTIFICATION_TYPE_MISSION_ALMOST_FULL},
      {"mission_full", v1::NOTIFICATION_TYPE_MISSION_FULL},
      {"mission_published", v1::NOTIFICATION_TYPE_MISSION_PUBLISHED},
      {"slot_reminder", v1::NOTIFICATION_TYPE_SLOT_REMINDER},
      {"done_prompt", v1::NOTIFICATION_TYPE_DONE_PROMPT},
      {"application_unanswered", v1::NOTIFICATION_TYPE_APPLICATION_UNANSWERED},
      {"inactivity_reminder", v1::NOTIFICATION_TYPE_INACTIVITY_REMINDER},
  };
  return *kTypes;
}

absl::Time At(const std::string& rfc3339) {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &time, &error)) << error;
  return time;
}

class NotificationTypesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = TestSigningKey::Generate(services::TokenAlgorithm::kEs256, "notifier");
    ASSERT_NE(key_, nullptr);
    database_ = ScratchDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    redis_ = PrivateRedis::Start();
    ASSERT_NE(redis_, nullptr);
    fixtures_ = std::make_unique<MatchingFixtures>(database_->url());
    organisation_ = fixtures_->Organisation();
    server_ = RunningServer::Start({.binary = RENFORT_VOLUNTEERS_BIN,
                                    .database_url = database_->url(),
                                    .jwt_key_files = {key_->public_key_file()},
                                    .extra_flags = {"--redis_url=" + redis_->url()}});
    ASSERT_NE(server_, nullptr);
    ASSERT_TRUE(server_->AwaitHealth(HealthCheckResponse::SERVING));
    stub_ = v1::VolunteerService::NewStub(server_->channel());
  }

  std::string Mission(int places) {
    MissionFixture mission;
    mission.organisation_id = organisation_;
    mission.places = places;
    return fixtures_->Mission(mission);
  }

  std::string Volunteer() {
    VolunteerFixture volunteer;
    volunteer.last_name = "Durand" + std::to_string(++volunteer_count_);
    const std::string id = fixtures_->Volunteer(volunteer);
    volunteers_.push_back(id);
    return id;
  }

  // The row and its participation.transitioned event together, as MissionService writes them.
  void Transition(const std::string& participation_id, const std::string& mission_id,
                  const std::string& volunteer_id, v1::ParticipationStatus from,
                  v1::ParticipationStatus to) {
    pqxx::work txn(fixtures_->connection());
    txn.exec_params(
        "UPDATE participations SET status = $2, "
        "  reason = CASE WHEN $2 = 'REFUSED' THEN 'other' END WHERE id = $1",
        participation_id, v1::ParticipationStatus_Name(to).substr(21));
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
                               storage::Aggregate::kParticipation, participation_id, participation);
    txn.commit();
  }

  void CancelMission(const std::string& mission_id) {
    pqxx::work txn(fixtures_->connection());
    txn.exec_params(
        "UPDATE participations SET status = 'CANCELLED', reason = 'mission_terminated' "
        "WHERE mission_id = $1 AND status IN ('WAITLISTED', 'PENDING', 'IN_REVIEW', 'ACCEPTED')",
        mission_id);
    txn.exec_params("UPDATE missions SET status = 'CANCELLED', closed_at = now() WHERE id = $1",
                    mission_id);
    v1::Mission mission;
    mission.set_id(mission_id);
    mission.set_status(v1::MISSION_STATUS_CANCELLED);
    storage::AppendOutboxEvent(txn, "mission.cancelled", storage::Aggregate::kMission, mission_id,
                               mission);
    txn.commit();
  }

  int DistinctKinds() {
    pqxx::work txn(fixtures_->connection());
    return txn.exec1("SELECT count(DISTINCT kind) FROM notifications")[0].as<int>();
  }

  std::map<std::string, std::string> KindById() {
    pqxx::work txn(fixtures_->connection());
    std::map<std::string, std::string> kinds;
    for (const pqxx::row& row : txn.exec("SELECT id::text, kind FROM notifications")) {
      kinds[row[0].as<std::string>()] = row[1].as<std::string>();
    }
    return kinds;
  }

  // Every notification of one inbox, read as `caller`, page after page.
  std::vector<v1::Notification> List(const Caller& caller, v1::ListNotificationsRequest request) {
    std::vector<v1::Notification> all;
    request.set_page_size(3);
    for (int page = 0; page < 50; ++page) {
      grpc::ClientContext context;
      context.AddMetadata("authorization", "Bearer " + key_->Token(caller));
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
      v1::ListNotificationsResponse response;
      const grpc::Status status = stub_->ListNotifications(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      all.insert(all.end(), response.notifications().begin(), response.notifications().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return all;
  }

  std::unique_ptr<TestSigningKey> key_;
  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<PrivateRedis> redis_;
  std::unique_ptr<MatchingFixtures> fixtures_;
  std::unique_ptr<RunningServer> server_;
  std::unique_ptr<v1::VolunteerService::Stub> stub_;
  std::string organisation_;
  std::vector<std::string> volunteers_;
  int volunteer_count_ = 0;
};

TEST_F(NotificationTypesTest, EveryKindIsListedWithItsOwnTypeByItsRecipient) {
  // Event-driven kinds, handled by the server's notifier. Every mission notifies the
  // coordinators of "59" (Lille) when published.
  const std::string mission = Mission(10);
  const std::string accepted = Volunteer();
  const std::string refused = Volunteer();
  const std::string promoted = Volunteer();
  const std::string invited = Volunteer();
  const std::string p1 = fixtures_->Participation(mission, accepted, "PENDING");
  const std::string p2 = fixtures_->Participation(mission, refused, "PENDING");
  const std::string p3 = fixtures_->Participation(mission, promoted, "WAITLISTED");
  Transition(p1, mission, accepted, v1::PARTICIPATION_STATUS_PENDING,
             v1::PARTICIPATION_STATUS_ACCEPTED);
  Transition(p2, mission, refused, v1::PARTICIPATION_STATUS_PENDING,
             v1::PARTICIPATION_STATUS_REFUSED);
  Transition(p3, mission, promoted, v1::PARTICIPATION_STATUS_WAITLISTED,
             v1::PARTICIPATION_STATUS_PENDING);
  fixtures_->Invitation(mission, invited, "PROPOSED", absl::FromUnixSeconds(1900000000));
  // 4 of 5 places held: almost full, whenever each event is handled; 2 of 2: full.
  const std::string almost_full = Mission(5);
  for (int i = 0; i < 4; ++i) fixtures_->Participation(almost_full, Volunteer(), "PENDING");
  const std::string full = Mission(2);
  for (int i = 0; i < 2; ++i) fixtures_->Participation(full, Volunteer(), "PENDING");
  const std::string cancelled = Mission(5);
  fixtures_->Participation(cancelled, Volunteer(), "ACCEPTED");
  CancelMission(cancelled);

  // Date-driven kinds, as the daily jobs write them. 2030-01-08 is a Tuesday: the accepted
  // participation has a slot the next day; 2030-01-10, the day before; every PENDING
  // application is years old by then.
  auto pool = storage::ConnectionPool::Open(database_->url(), 1);
  ASSERT_THAT(pool, IsOk());
  ASSERT_THAT(storage::WriteScheduledNotifications(**pool, At("2030-01-08T12:00:00Z")), IsOk());
  ASSERT_THAT(storage::WriteScheduledNotifications(**pool, At("2030-01-10T12:00:00Z")), IsOk());
  ASSERT_THAT(storage::RunRetention(**pool, storage::RetentionPolicy{},
                                    absl::Now() + absl::Hours(24 * 130)),
              IsOk());

  const int every_kind = static_cast<int>(ExpectedTypes().size());
  ASSERT_TRUE(Eventually([&] { return DistinctKinds() == every_kind; }, absl::Seconds(30)))
      << DistinctKinds() << " kinds written";

  std::vector<v1::Notification> listed;
  for (const std::string& volunteer : volunteers_) {
    v1::ListNotificationsRequest request;
    for (const v1::Notification& notification :
         List(Caller{.subject = volunteer, .roles = {Role::kVolunteer}}, request)) {
      EXPECT_EQ(notification.volunteer_id(), volunteer);
      EXPECT_TRUE(notification.organisation_id().empty() && notification.department_code().empty());
      listed.push_back(notification);
    }
  }
  v1::ListNotificationsRequest of_organisation;
  of_organisation.set_organisation_id(organisation_);
  for (const v1::Notification& notification :
       List(Caller{.subject = "manager-1", .roles = {Role::kOrgManager},
                   .organisation_ids = {organisation_}},
            of_organisation)) {
    EXPECT_EQ(notification.organisation_id(), organisation_);
    EXPECT_TRUE(notification.volunteer_id().empty() && notification.department_code().empty());
    listed.push_back(notification);
  }
  v1::ListNotificationsRequest of_department;
  of_department.set_department_code("59");
  for (const v1::Notification& notification :
       List(Caller{.subject = "coordinator-1", .roles = {Role::kCoordinator},
                   .department_codes = {"59"}},
            of_department)) {
    EXPECT_EQ(notification.department_code(), "59");
    EXPECT_TRUE(notification.volunteer_id().empty() && notification.organisation_id().empty());
    listed.push_back(notification);
  }

  // Each row once, in its recipient's inbox, with its kind's type; every kind among them.
  const std::map<std::string, std::string> kinds = KindById();
  std::set<std::string> ids;
  std::set<std::string> kinds_listed;
  for (const v1::Notification& notification : listed) {
    EXPECT_TRUE(ids.insert(notification.id()).second) << "listed twice: " << notification.id();
    ASSERT_EQ(kinds.count(notification.id()), 1u) << notification.id();
    const std::string& kind = kinds.at(notification.id());
    ASSERT_EQ(ExpectedTypes().count(kind), 1u) << kind;
    EXPECT_EQ(notification.type(), ExpectedTypes().at(kind)) << kind;
    EXPECT_FALSE(notification.title().empty()) << kind;
    kinds_listed.insert(kind);
  }
  EXPECT_EQ(ids.size(), kinds.size());
  EXPECT_EQ(static_cast<int>(kinds_listed.size()), every_kind);
}

}  // namespace
}  // namespace renfort::testing
