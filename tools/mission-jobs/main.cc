// renfort-mission-jobs: the date-driven mission transitions, run once a day by the
// renfort-mission-jobs CronJob (k8s/base/cronjobs.yaml). Today: closing PUBLISHED and PAUSED
// missions one month after their end date, which cancels their open applications (see
// storage/missions/mission_closing.h). Each mission closes in its own transaction with its
// outbox events, so an interrupted run loses nothing and the next run finishes the work.
// Then the date-driven notifications (storage/notifications/scheduled_notifications.h): slot
// reminders, "was it done?" prompts, applications unanswered for 7 days; each written once.
//
// Exit codes: 0 done; 1 database unreachable or a closing failed; 2 bad usage.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "storage/missions/mission_closing.h"
#include "storage/notifications/scheduled_notifications.h"
#include "storage/pg/connection_pool.h"

ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL URL, e.g. postgresql://postgres@127.0.0.1:5432/renfort "
          "(default: RENFORT_DATABASE_URL)");
ABSL_FLAG(std::string, now, "",
          "Run as of this instant (RFC 3339, e.g. 2026-03-01T03:15:00+01:00) instead of the "
          "current time; for replaying a missed day");

namespace {

int Fail(int exit_code, absl::string_view message) {
  std::fprintf(stderr, "renfort-mission-jobs: %.*s\n", static_cast<int>(message.size()),
               message.data());
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Closes missions one month after their end date and cancels their open applications.");
  absl::ParseCommandLine(argc, argv);
  std::string url = absl::GetFlag(FLAGS_database_url);
  if (url.empty()) {
    const char* env = std::getenv("RENFORT_DATABASE_URL");
    url = env == nullptr ? "" : env;
  }
  if (url.empty()) {
    return Fail(2,
                "--database_url (RENFORT_DATABASE_URL) is required, e.g. "
                "postgresql://postgres@127.0.0.1:5432/renfort");
  }
  absl::Time now = absl::Now();
  if (const std::string at = absl::GetFlag(FLAGS_now); !at.empty()) {
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, at, &now, &error)) {
      return Fail(2, absl::StrCat("--now: not an RFC 3339 instant: ", error));
    }
  }

  absl::StatusOr<std::unique_ptr<renfort::storage::ConnectionPool>> pool =
      renfort::storage::ConnectionPool::Open(url, 1);
  if (!pool.ok()) return Fail(1, pool.status().message());
  absl::StatusOr<renfort::storage::ClosingReport> report =
      renfort::storage::CloseEndedMissions(**pool, now);
  if (!report.ok()) return Fail(1, report.status().message());
  std::printf("closed %d missions ended a month ago; cancelled %d open applications\n",
              report->missions_closed, report->applications_cancelled);
  absl::StatusOr<renfort::storage::ScheduledNotificationsReport> notified =
      renfort::storage::WriteScheduledNotifications(**pool, now);
  if (!notified.ok()) return Fail(1, notified.status().message());
  std::printf("notified %d slot reminders, %d done prompts, %d unanswered applications\n",
              notified->slot_reminders, notified->done_prompts,
              notified->unanswered_applications);
  return 0;
}
