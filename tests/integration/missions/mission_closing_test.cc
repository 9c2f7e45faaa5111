// The daily closing (storage::CloseEndedMissions, run by renfort-mission-jobs) against real
// PostgreSQL, with `now` given so that month ends and time zones are tested deterministically.
#include "storage/missions/mission_closing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "tests/integration/missions/mission_fixture.h"
#include "tests/support/status_matchers.h"

namespace renfort::testing {
namespace {

class MissionClosingTest : public MissionServiceTest {
 protected:
  void SetUp() override {
    MissionServiceTest::SetUp();
    organisation_id_ = CreateValidatedOrganisation();
    auto pool = storage::ConnectionPool::Open(database_->url(), 1);
    ASSERT_OK(pool.status());
    pool_ = std::move(*pool);
  }

  // A published mission in `insee` whose only slot is on 2099-`month`-`day`.
  std::string Ending(const std::string& insee, int month, int day) {
    v1::Mission mission = ParisMission(organisation_id_);
    mission.mutable_addresses(0)->mutable_commune()->set_insee_code(insee);
    v1::Date* date = mission.mutable_schedule()->mutable_dated_slots(0)->mutable_date();
    date->set_month(month);
    date->set_day(day);
    return CreatePublishedMission(mission).id();
  }

  static absl::Time At(const std::string& rfc3339) {
    absl::Time time;
    std::string error;
    EXPECT_TRUE(absl::ParseTime(absl::RFC3339_full, rfc3339, &time, &error)) << error;
    return time;
  }

  std::string StatusOf(const std::string& id) {
    return Sql("SELECT status FROM missions WHERE id = '" + id + "'");
  }

  std::string organisation_id_;
  std::unique_ptr<storage::ConnectionPool> pool_;
};

TEST_F(MissionClosingTest, ClosesOneMonthAfterTheEndDateAndCancelsOpenApplications) {
  const std::string id = Ending("75056", 6, 6);
  const std::string accepted = AddParticipation(id, "ACCEPTED");
  AddParticipation(id, "PENDING");
  AddParticipation(id, "IN_REVIEW");
  AddParticipation(id, "WAITLISTED");

  absl::StatusOr<storage::ClosingReport> report =
      storage::CloseEndedMissions(*pool_, At("2099-07-05T23:00:00+02:00"));
  ASSERT_OK(report.status());
  EXPECT_EQ(report->missions_closed, 0);
  EXPECT_EQ(StatusOf(id), "PUBLISHED");

  report = storage::CloseEndedMissions(*pool_, At("2099-07-06T00:30:00+02:00"));
  ASSERT_OK(report.status());
  EXPECT_EQ(report->missions_closed, 1);
  EXPECT_EQ(report->applications_cancelled, 3);
  EXPECT_EQ(StatusOf(id), "CLOSED");
  EXPECT_EQ(Sql("SELECT status FROM participations WHERE id = '" + accepted + "'"), "ACCEPTED");
  EXPECT_EQ(CountRows("SELECT count(*) FROM participations WHERE status = 'CANCELLED' AND "
                      "reason = 'mission_terminated'"),
            3);
  EXPECT_EQ(CountRows("SELECT count(*) FROM participation_transitions WHERE actor_role = "
                      "'system' AND actor_id IS NULL AND from_status IN ('PENDING', 'IN_REVIEW', "
                      "'WAITLISTED') AND to_status = 'CANCELLED'"),
            3);
  EXPECT_EQ(CountRows("SELECT count(*) FROM outbox_events WHERE type = 'mission.closed'"), 1);
  EXPECT_EQ(CountRows("SELECT count(*) FROM outbox_events WHERE type = "
                      "'participation.transitioned'"),
            3);
  EXPECT_EQ(Sql("SELECT to_char(closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM missions"),
            "2099-07-05 22:30");

  // A second run finds nothing more to do.
  report = storage::CloseEndedMissions(*pool_, At("2099-07-07T00:30:00+02:00"));
  ASSERT_OK(report.status());
  EXPECT_EQ(report->missions_closed, 0);
  EXPECT_EQ(CountRows("SELECT count(*) FROM outbox_events WHERE type = 'mission.closed'"), 1);
}

TEST_F(MissionClosingTest, UsesTheLocalDateOfEachMissionsTimeZone) {
  const std::string paris = Ending("75056", 6, 6);
  const std::string reunion = Ending("97411", 6, 6);
  // 21:30 UTC on 5 July: already 6 July 01:30 in Réunion (UTC+4), still 5 July 23:30 in Paris.
  absl::StatusOr<storage::ClosingReport> report =
      storage::CloseEndedMissions(*pool_, At("2099-07-05T21:30:00Z"));
  ASSERT_OK(report.status());
  EXPECT_EQ(report->missions_closed, 1);
  EXPECT_EQ(StatusOf(reunion), "CLOSED");
  EXPECT_EQ(StatusOf(paris), "PUBLISHED");
}

TEST_F(MissionClosingTest, MonthEndsClampAndPausedMissionsCloseToo) {
  const std::string january = Ending("75056", 1, 31);
  v1::PauseMissionRequest pause;
  pause.set_mission_id(january);
  v1::PauseMissionResponse paused;
  ASSERT_OK(
      Call(&v1::MissionService::Stub::PauseMission, Manager(organisation_id_), pause, paused));
  // 31 January + one month is 28 February 2099 (not a leap year).
  absl::StatusOr<storage::ClosingReport> report =
      storage::CloseEndedMissions(*pool_, At("2099-02-27T12:00:00+01:00"));
  ASSERT_OK(report.status());
  EXPECT_EQ(report->missions_closed, 0);
  report = storage::CloseEndedMissions(*pool_, At("2099-02-28T12:00:00+01:00"));
  ASSERT_OK(report.status());
  EXPECT_EQ(report->missions_closed, 1);
  EXPECT_EQ(StatusOf(january), "CLOSED");
}

TEST_F(MissionClosingTest, LeavesDraftsAndOpenEndedRecurringMissionsAlone) {
  v1::Mission draft = ParisMission(organisation_id_, "Brouillon ancien");
  const std::string draft_id = CreateMission(draft).id();
  v1::Mission recurring = ParisMission(organisation_id_, "Chaque lundi, sans fin");
  v1::Schedule& schedule = *recurring.mutable_schedule();
  schedule.Clear();
  schedule.set_kind(v1::SCHEDULE_KIND_RECURRING);
  v1::WeeklySlot* slot = schedule.add_weekly_slots();
  slot->set_weekday(v1::WEEKDAY_MONDAY);
  slot->set_start_minute(600);
  slot->set_end_minute(660);
  schedule.mutable_date_range()->mutable_start_date()->set_year(2099);
  schedule.mutable_date_range()->mutable_start_date()->set_month(1);
  schedule.mutable_date_range()->mutable_start_date()->set_day(1);
  const std::string recurring_id = CreatePublishedMission(recurring).id();
  absl::StatusOr<storage::ClosingReport> report =
      storage::CloseEndedMissions(*pool_, At("2199-01-01T00:00:00Z"));
  ASSERT_OK(report.status());
  EXPECT_EQ(report->missions_closed, 0);
  EXPECT_EQ(StatusOf(draft_id), "DRAFT");
  EXPECT_EQ(StatusOf(recurring_id), "PUBLISHED");
}

TEST_F(MissionClosingTest, TheJobBinaryClosesAsOfItsNowFlag) {
  const std::string id = Ending("75056", 6, 6);
  const std::string command = absl::StrCat(RENFORT_MISSION_JOBS_BIN, " --database_url='",
                                           database_->url(),
                                           "' --now=2099-08-01T03:15:00+02:00 >/dev/null");
  EXPECT_EQ(std::system(command.c_str()), 0);
  EXPECT_EQ(StatusOf(id), "CLOSED");
  const std::string usage = absl::StrCat(RENFORT_MISSION_JOBS_BIN, " --database_url='",
                                         database_->url(), "' --now=yesterday 2>/dev/null");
  EXPECT_EQ(WEXITSTATUS(std::system(usage.c_str())), 2);
}

}  // namespace
}  // namespace renfort::testing
