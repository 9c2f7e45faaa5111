// The date-driven notifications of renfort-mission-jobs, with `now` given: fixtures' missions
// are RECURRING on Wednesdays 14:00–16:00 (Lille, Europe/Paris) throughout 2030.
#include "storage/notifications/scheduled_notifications.h"

#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <pqxx/pqxx>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/pg/connection_pool.h"
#include "tests/integration/matching/matching_fixtures.h"
#include "tests/support/scratch_database.h"
#include "tests/support/status_matchers.h"

namespace renfort::storage {
namespace {

using ::renfort::testing::IsOk;
using ::testing::UnorderedElementsAre;

using Row = std::tuple<std::string, std::string, std::string>;

absl::Time At(const std::string& rfc3339) {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &time, &error)) << error;
  return time;
}

class ScheduledNotificationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::ScratchDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    fixtures_ = std::make_unique<testing::MatchingFixtures>(database_->url());
    auto pool = ConnectionPool::Open(database_->url(), 1);
    ASSERT_THAT(pool, IsOk());
    pool_ = *std::move(pool);
  }

  std::vector<Row> Notifications() {
    pqxx::work txn(fixtures_->connection());
    std::vector<Row> rows;
    for (const pqxx::row& row :
         txn.exec("SELECT recipient_id, kind, coalesce(payload->>'date', '') FROM notifications "
                  "ORDER BY kind, recipient_id, id")) {
      rows.emplace_back(row[0].as<std::string>(), row[1].as<std::string>(),
                        row[2].as<std::string>());
    }
    return rows;
  }

  ScheduledNotificationsReport Run(absl::Time now) {
    absl::StatusOr<ScheduledNotificationsReport> report = WriteScheduledNotifications(*pool_, now);
    EXPECT_THAT(report, IsOk());
    return report.ok() ? *report : ScheduledNotificationsReport{};
  }

  std::unique_ptr<testing::ScratchDatabase> database_;
  std::unique_ptr<testing::MatchingFixtures> fixtures_;
  std::unique_ptr<ConnectionPool> pool_;
};

TEST_F(ScheduledNotificationsTest, RemindsPromptsAndChasesEachOnce) {
  const std::string organisation = fixtures_->Organisation();
  testing::MissionFixture mission_fixture;
  mission_fixture.organisation_id = organisation;
  const std::string mission = fixtures_->Mission(mission_fixture);
  testing::VolunteerFixture first;
  first.last_name = "Accepte";
  const std::string accepted = fixtures_->Volunteer(first);
  testing::VolunteerFixture second;
  second.last_name = "Attente";
  const std::string waiting = fixtures_->Volunteer(second);
  testing::VolunteerFixture third;
  third.last_name = "Recent";
  const std::string recent = fixtures_->Volunteer(third);
  fixtures_->Participation(mission, accepted, "ACCEPTED");
  const std::string unanswered = fixtures_->Participation(mission, waiting, "PENDING");
  const std::string fresh = fixtures_->Participation(mission, recent, "PENDING");

  // Tuesday 8 January 2030, 10:00 in Paris: the slot is tomorrow.
  const absl::Time tuesday = At("2030-01-08T09:00:00Z");
  {
    pqxx::work txn(fixtures_->connection());
    txn.exec_params("UPDATE participations SET created_at = $2::timestamptz - interval '8 days' "
                    "WHERE id = $1", unanswered, "2030-01-08T09:00:00Z");
    txn.exec_params("UPDATE participations SET created_at = $2::timestamptz - interval '6 days' "
                    "WHERE id = $1", fresh, "2030-01-08T09:00:00Z");
    txn.commit();
  }
  ScheduledNotificationsReport report = Run(tuesday);
  EXPECT_EQ(report.slot_reminders, 1);
  EXPECT_EQ(report.done_prompts, 0);
  EXPECT_EQ(report.unanswered_applications, 1);
  EXPECT_THAT(Notifications(),
              UnorderedElementsAre(Row{organisation, "application_unanswered", ""},
                                   Row{accepted, "slot_reminder", "2030-01-09"}));

  // The same day again, and an hour later: nothing new.
  report = Run(tuesday);
  EXPECT_EQ(report.slot_reminders + report.done_prompts + report.unanswered_applications, 0);
  report = Run(tuesday + absl::Hours(1));
  EXPECT_EQ(report.slot_reminders + report.done_prompts + report.unanswered_applications, 0);

  // Thursday 10 January: yesterday's slot gets its prompt; the recent application is now
  // 8 days old too.
  report = Run(At("2030-01-10T09:00:00Z"));
  EXPECT_EQ(report.slot_reminders, 0);
  EXPECT_EQ(report.done_prompts, 1);
  EXPECT_EQ(report.unanswered_applications, 1);
  EXPECT_THAT(Notifications(),
              UnorderedElementsAre(Row{organisation, "application_unanswered", ""},
                                   Row{organisation, "application_unanswered", ""},
                                   Row{accepted, "done_prompt", "2030-01-09"},
                                   Row{accepted, "slot_reminder", "2030-01-09"}));
}

TEST_F(ScheduledNotificationsTest, LocalDatesFollowTheMissionsTimeZone) {
  const std::string organisation = fixtures_->Organisation();
  testing::MissionFixture mission_fixture;
  mission_fixture.organisation_id = organisation;
  const std::string mission = fixtures_->Mission(mission_fixture);
  const std::string volunteer = fixtures_->Volunteer(testing::VolunteerFixture{});
  fixtures_->Participation(mission, volunteer, "ACCEPTED");
  // 23:30 UTC on Monday 7 January is already Tuesday 00:30 in Paris: the slot is tomorrow.
  EXPECT_EQ(Run(At("2030-01-07T23:30:00Z")).slot_reminders, 1);
  EXPECT_THAT(Notifications(),
              UnorderedElementsAre(Row{volunteer, "slot_reminder", "2030-01-09"}));
}

}  // namespace
}  // namespace renfort::storage
