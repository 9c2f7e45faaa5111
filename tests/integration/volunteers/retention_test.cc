// The retention job (storage/volunteers/retention.h and the renfort-retention binary) against a
// real database, at fixed instants: pauses end, reminders go out once per period of inactivity,
// and accounts idle for the configured time are erased.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "storage/pg/connection_pool.h"
#include "storage/volunteers/retention.h"
#include "tests/integration/volunteers/volunteer_service_fixture.h"
#include "tests/support/child_process.h"
#include "tests/support/status_matchers.h"

namespace renfort::testing {
namespace {

using ::renfort::storage::RetentionPolicy;
using ::renfort::storage::RetentionReport;

absl::Time At(const std::string& rfc3339) {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &time, &error)) << error;
  return time;
}

class RetentionTest : public VolunteerServiceTest {
 protected:
  void SetUp() override {
    VolunteerServiceTest::SetUp();
    if (HasFatalFailure()) return;
    auto pool = storage::ConnectionPool::Open(database_->url(), 1);
    ASSERT_OK(pool);
    pool_ = *std::move(pool);
  }

  // A volunteer last active at `last_active` (SQL timestamptz text).
  std::string Idle(const std::string& tag, const std::string& last_active) {
    const std::string id = RegisterNew(tag).id();
    Exec("UPDATE volunteers SET last_active_at = '" + last_active + "' WHERE id = '" + id + "'");
    return id;
  }

  RetentionReport Run(const std::string& now, RetentionPolicy policy = {}) {
    absl::StatusOr<RetentionReport> report = storage::RunRetention(*pool_, policy, At(now));
    EXPECT_OK(report);
    return report.ok() ? *report : RetentionReport{};
  }

  std::string Reminders(const std::string& id) {
    return Query("SELECT coalesce(string_agg((payload->>'months'), ',' ORDER BY created_at, id), '') "
                 "FROM notifications WHERE kind = 'inactivity_reminder' AND recipient_id = '" + id + "'");
  }

  std::unique_ptr<storage::ConnectionPool> pool_;
};

TEST_F(RetentionTest, RemindsOncePerThresholdAndErasesAfterThreeYears) {
  const std::string recent = Idle("a", "2027-05-01 10:00:00+00");
  const std::string four_months = Idle("b", "2027-02-01 10:00:00+00");
  const std::string seven_months = Idle("c", "2026-11-01 10:00:00+00");
  const std::string three_years = Idle("d", "2024-05-01 10:00:00+00");

  RetentionReport report = Run("2027-06-15T02:30:00Z");
  EXPECT_EQ(report.first_reminders, 1);
  EXPECT_EQ(report.second_reminders, 1);
  EXPECT_EQ(report.archived, 1);
  EXPECT_EQ(Reminders(recent), "");
  EXPECT_EQ(Reminders(four_months), "3");
  EXPECT_EQ(Reminders(seven_months), "6");
  EXPECT_EQ(Query("SELECT status || ':' || coalesce(email, '-') FROM volunteers WHERE id = '" +
                  three_years + "'"), "DELETED:-");
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'volunteer.deleted'"), 1);
  EXPECT_THAT(Query("SELECT payload->>'title' FROM notifications LIMIT 1"), ::testing::Not(""));

  // The next day: nothing new.
  report = Run("2027-06-16T02:30:00Z");
  EXPECT_EQ(report.first_reminders + report.second_reminders + report.archived, 0);

  // Three months later the four-month one reaches six months, the recent one three.
  report = Run("2027-09-15T02:30:00Z");
  EXPECT_EQ(report.first_reminders, 1);
  EXPECT_EQ(report.second_reminders, 1);
  EXPECT_EQ(Reminders(recent), "3");
  EXPECT_EQ(Reminders(four_months), "3,6");
  EXPECT_EQ(Reminders(seven_months), "6");

  // Coming back resets the clock: a new period of inactivity is reminded again.
  Exec("UPDATE volunteers SET last_active_at = '2027-09-20 08:00:00+00' WHERE id = '" + recent + "'");
  Run("2027-12-21T02:30:00Z");
  EXPECT_EQ(Reminders(recent), "3,3");
}

TEST_F(RetentionTest, ArchivePeriodIsConfigurable) {
  const std::string seven_months = Idle("c", "2026-11-01 10:00:00+00");
  RetentionPolicy policy;
  policy.archive_after_months = 12;
  EXPECT_EQ(Run("2027-06-15T02:30:00Z", policy).archived, 0);
  policy.archive_after_months = 7;
  policy.second_reminder_months = 6;
  EXPECT_EQ(Run("2027-06-15T02:30:00Z", policy).archived, 1);
  EXPECT_EQ(Query("SELECT status FROM volunteers WHERE id = '" + seven_months + "'"), "DELETED");
  EXPECT_EQ(Count("SELECT count(*) FROM notifications"), 0) << "an erasure deletes the inbox";
}

TEST_F(RetentionTest, EndsPausesWhoseLastDayHasPassed) {
  const std::string ended = Idle("e", "2027-06-01 10:00:00+00");
  const std::string running = Idle("f", "2027-06-01 10:00:00+00");
  // Paused until 9 June (last day): active again from 10 June 00:00 Paris time.
  Exec("UPDATE volunteers SET status = 'PAUSED', paused_until = '2027-06-10 00:00:00 Europe/Paris' "
       "WHERE id = '" + ended + "'");
  Exec("UPDATE volunteers SET status = 'PAUSED', paused_until = '2027-07-01 00:00:00 Europe/Paris' "
       "WHERE id = '" + running + "'");
  EXPECT_EQ(Run("2027-06-09T21:59:00Z").pauses_ended, 0);  // 23:59 on the last day, in Paris
  EXPECT_EQ(Run("2027-06-09T22:00:00Z").pauses_ended, 1);
  EXPECT_EQ(Query("SELECT status FROM volunteers WHERE id = '" + ended + "'"), "ACTIVE");
  EXPECT_EQ(Query("SELECT status FROM volunteers WHERE id = '" + running + "'"), "PAUSED");
  EXPECT_EQ(Count("SELECT count(*) FROM outbox_events WHERE type = 'volunteer.updated' "
                  "AND aggregate_id = '" + ended + "'"), 1);
}

TEST_F(RetentionTest, BinaryRunsTheJobAndReportsWhatItDid) {
  Idle("b", "2027-02-01 10:00:00+00");
  auto process = ChildProcess::Start({RENFORT_RETENTION_BIN, "--database_url=" + database_->url(),
                                      "--now=2027-06-15T02:30:00Z"});
  ASSERT_OK(process);
  EXPECT_EQ((*process)->WaitForExit(absl::Seconds(30)), 0) << (*process)->Output();
  EXPECT_THAT((*process)->Output(), ::testing::HasSubstr("\"first_reminders\":1"));

  auto bad = ChildProcess::Start({RENFORT_RETENTION_BIN, "--database_url=" + database_->url(),
                                  "--first_reminder_months=6", "--second_reminder_months=3"});
  ASSERT_OK(bad);
  EXPECT_EQ((*bad)->WaitForExit(absl::Seconds(30)), 2);
}

}  // namespace
}  // namespace renfort::testing
